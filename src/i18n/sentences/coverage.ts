import type { SentenceText } from '../message-types.js';

/** What an analysis lacks (src/analytics/coverage.ts) and the datasets it read (inputs.sources). */
export const COVERAGE_SENTENCES = {
  // coverage.ts: what is missing
  'coverage.absent': { es: 'No se importaron {what} de {who} en {year}: {file}.', en: 'No {what} were imported for {who} in {year}: {file}.' },
  // GET /execution of a selection with nothing imported: its totals are null, not 0
  'coverage.noneSelected': {
    es: 'No se importaron {what} para esta selección{years}: {file}. Los totales quedan vacíos (null), no en 0.',
    en: 'No {what} were imported for this selection{years}: {file}. The totals are left empty (null), not 0.',
  },
  'coverage.what.lines': { es: 'líneas de presupuesto', en: 'budget lines' },
  'coverage.what.rubro18': { es: 'líneas de presupuesto del rubro 18 (canon)', en: 'budget lines for rubro 18 (canon)' },
  'coverage.what.transfers': { es: 'transferencias de canon (rubro 18)', en: 'canon transfers (rubro 18)' },
  'coverage.what.totals': { es: 'totales de Consulta Amigable', en: 'Consulta Amigable totals' },
  'coverage.what.population': { es: 'cifras de población', en: 'population figures' },
  'coverage.file.lines': {
    es: 'importe el archivo de gasto del MEF de ese año ({year}-Gasto.csv, datos abiertos) o la plantilla del planificador',
    en: "import MEF's gasto file for that year ({year}-Gasto.csv, open data) or the planner's template",
  },
  'coverage.file.rubro18': { es: 'importe el archivo de gasto del MEF de ese año', en: "import MEF's gasto file for that year" },
  'coverage.file.transfers': {
    es: 'importe el archivo de transferencias del MEF (rubro 18 por municipalidad)',
    en: 'import the MEF transfers file (rubro 18 by municipality)',
  },
  'coverage.file.totals': {
    es: 'importe la exportación de Consulta Amigable del gasto municipal',
    en: 'import the Consulta Amigable export of municipal spending',
  },
  'coverage.file.population': { es: 'importe el archivo de población del MINAM', en: 'import the MINAM population file' },
  'coverage.what.functionLines': { es: 'líneas de presupuesto por función', en: 'budget lines by función' },
  'coverage.what.functionLines18': { es: 'líneas de presupuesto por función del rubro 18 (canon)', en: 'budget lines by función for rubro 18 (canon)' },
  'coverage.file.functionLines': {
    es: 'importe el gasto por función de ese año (formato budget-by-function) o el archivo de gasto del MEF',
    en: "import the spending by función for that year (layout budget-by-function) or MEF's gasto file",
  },
  'coverage.file.functionLines18': {
    es: 'importe el gasto del rubro 18 por función de ese año (formato budget-by-function, rubro=18) o el archivo de gasto del MEF',
    en: "import the rubro-18 spending by función for that year (layout budget-by-function, rubro=18) or MEF's gasto file",
  },
  'coverage.lowFunction': {
    es: 'Las líneas por función suman {pim} % del PIM del rubro 18 que dan las líneas de presupuesto de los mismos años-municipalidad (los hallazgos necesitan {threshold} %): revise el archivo por función de {years}.',
    en: 'The lines by función add up to {pim} % of the rubro-18 PIM the budget lines give for the same municipality-years (findings need {threshold} %): check the file by función for {years}.',
  },
  'coverage.whoAll': { es: 'ninguna de las {of} municipalidades de la selección', en: 'any of the {of} municipalities of the selection' },
  'coverage.whoMore': { es: '{listed} y {more} más', en: '{listed} and {more} more' },
  'coverage.noMunicipalityYear': {
    es: 'La selección y el periodo no nombran ningún año-municipalidad.',
    en: 'The selection and period name no municipality-year.',
  },
  'coverage.low': {
    es: 'Las líneas de presupuesto suman {pim} % del PIM y {devengado} % del devengado que Consulta Amigable informa para los mismos años-municipalidad (los hallazgos necesitan {threshold} %): importe el archivo de gasto completo del MEF de {years}.',
    en: "The budget lines add up to {pim} % of the PIM and {devengado} % of the devengado that Consulta Amigable reports for the same municipality-years (findings need {threshold} %): import MEF's complete gasto file for {years}.",
  },
  // the datasets an analysis read (inputs.sources)
  'source.lines': { es: 'líneas de presupuesto (datos abiertos del MEF o la plantilla)', en: 'budget lines (MEF open data or the template)' },
  'source.transfers': { es: 'transferencias de canon (rubro 18)', en: 'canon transfers (rubro 18)' },
  'source.linesRubro18': { es: 'líneas de presupuesto (rubro 18 y todas)', en: 'budget lines (rubro 18 and all)' },
  'source.population': { es: 'población (MINAM)', en: 'population (MINAM)' },
  'source.projectLines': { es: 'líneas de presupuesto de proyectos', en: 'budget lines of projects' },
  'source.registryAreas': {
    es: 'registro de proyectos (Invierte.pe) y áreas fijadas por personas',
    en: 'project registry (Invierte.pe) and areas set by people',
  },
  'source.totals': { es: 'totales municipales (Consulta Amigable)', en: 'municipality totals (Consulta Amigable)' },
  'source.projectLinesKind2': { es: 'líneas de presupuesto de proyectos (tipo de actividad 2)', en: 'budget lines of projects (activity kind 2)' },
  'source.registryCosts': { es: 'costos del registro de proyectos (Invierte.pe)', en: 'project registry costs (Invierte.pe)' },
  'source.publicDevengado': {
    es: 'totales municipales (Consulta Amigable): devengado público',
    en: 'municipality totals (Consulta Amigable): public devengado',
  },
  'source.contributions': { es: 'aportes privados', en: 'private contributions' },
  'source.planPriorities': { es: 'prioridades del plan de desarrollo', en: 'development-plan priorities' },
  'source.linesPim': { es: 'líneas de presupuesto (PIM)', en: 'budget lines (PIM)' },
  'source.functionLines': {
    es: 'líneas de presupuesto por función (formato budget-by-function): del rubro que declaran, a nivel de función, sin PIA',
    en: 'budget lines by función (layout budget-by-function): of the rubro they state, at función level, without PIA',
  },
  'source.functionLines18': {
    es: 'líneas de presupuesto por función del rubro 18 (formato budget-by-function): solo canon, a nivel de función, sin PIA',
    en: 'budget lines by función for rubro 18 (layout budget-by-function): canon only, at función level, without PIA',
  },
} as const satisfies Record<string, SentenceText>;
