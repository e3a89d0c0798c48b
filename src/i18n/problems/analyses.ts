import type { ProblemText } from '../message-types.js';

/** Reference data and analyses. */
export const ANALYSIS_PROBLEMS = {
  PLACE_NOT_FOUND: {
    status: 404,
    es: 'Ninguna provincia (4 dígitos) ni departamento (2) de la geografía de referencia tiene el código {code}.',
    en: 'No province (4 digits) or department (2) of the reference geography has the code {code}.',
  },
  MUNICIPALITY_NOT_FOUND: { status: 404, es: 'Ningún municipio tiene el ubigeo {ubigeo}.', en: 'No municipality has ubigeo {ubigeo}.' },
  PROJECT_NOT_FOUND: {
    status: 404,
    es: 'Ningún proyecto tiene el CUI {cui} en el registro ni en las líneas presupuestales.',
    en: 'No project has CUI {cui} in the registry or the budget lines.',
  },
  INVALID_PRIORITY: { status: 400, es: 'Prioridad {position}: "{code}" no es una dimensión.', en: 'Priority {position}: "{code}" is not a dimension.' },
  'INVALID_PRIORITY.function': {
    status: 400,
    es: 'Prioridad {position}: "{code}" no es un código de función.',
    en: 'Priority {position}: "{code}" is not a función code.',
  },
  'INVALID_PRIORITY.twice': {
    status: 400,
    es: 'Prioridad {position}: {level} {code} aparece dos veces.',
    en: 'Priority {position}: {level} {code} is listed twice.',
  },
  INVALID_RULE: { status: 400, es: 'Un código de {level} tiene {width} dígitos: "{code}".', en: 'A {level} code has {width} digits: "{code}".' },
  'INVALID_RULE.twice': { status: 400, es: 'Hay dos reglas para {level} {code}.', en: 'Two rules for {level} {code}.' },
  CLASSIFICATION_VERSION_NOT_FOUND: {
    status: 404,
    es: 'No existe la versión de clasificación {version}.',
    en: 'There is no classification version {version}.',
  },
  DETAIL_LEVEL_REQUIRED: {
    status: 400,
    es: 'Agrupar o filtrar por función, división, grupo, rubro, fuente o proyecto requiere las líneas presupuestales: use level=detail.',
    en: 'Grouping or filtering by función, división, grupo, rubro, fuente or project needs budget lines: use level=detail.',
  },
} as const satisfies Record<string, ProblemText>;
