import type { ProblemText } from '../message-types.js';

/** Reference data and analyses. */
export const ANALYSIS_PROBLEMS = {
  PLACE_NOT_FOUND: {
    status: 404,
    es: 'Ninguna provincia (4 dígitos) ni departamento (2) de la geografía de referencia tiene el código {code}.',
    en: 'No province (4 digits) or department (2) of the reference geography has the code {code}.',
  },
  DEPARTMENT_NOT_FOUND: {
    status: 404,
    es: 'Ningún municipio tiene el código de departamento {department}.',
    en: 'No municipality has department code {department}.',
  },
  PRODUCING_DISTRICTS_NOT_SET: {
    status: 404,
    es: 'No se registraron distritos productores de {department} en {year}.',
    en: 'No producing districts have been entered for {department} in {year}.',
  },
  INVALID_PRODUCING_DISTRICT: {
    status: 400,
    es: 'No son municipios del departamento {department}: {ubigeos}.',
    en: 'Not a municipality of department {department}: {ubigeos}.',
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
