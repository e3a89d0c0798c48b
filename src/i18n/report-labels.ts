import type { Lang } from './messages.js';
import type { MessageText } from './message-types.js';

/**
 * The audit report's workbook words: sheet titles, column headers and the Methodology sheet's items and
 * methods, in Spanish (es-PE, the default) and English. In English a sheet keeps its table's title and a column
 * its CSV header (the names audit.csv and the contract use); in Spanish a reader gets words.
 */
export const REPORT_SHEETS = {
  summary: { es: 'Resumen', en: 'Summary' },
  dimensions: { es: 'Dimensiones CEPAL', en: 'ECLAC dimensions' },
  canon: { es: 'Canon no gastado', en: 'Unspent canon' },
  canon_by_year: { es: 'Canon por año y saldo', en: 'Canon by year and carry-over' },
  planning_gap: { es: 'Brecha PIA → PIM', en: 'Planning gap PIA → PIM' },
  top_pia: { es: 'Mayores proyectos del PIA', en: 'Largest PIA projects' },
  cost_growth: { es: 'Aumento de costo', en: 'Cost growth' },
  urban_rural: { es: 'Proyectos urbanos y rurales', en: 'Urban-rural projects' },
  urban_rural_municipalities: { es: 'Municipios urbanos y rurales', en: 'Urban-rural municipalities' },
  rural_never_executed: { es: 'Rurales nunca ejecutados', en: 'Rural planned never executed' },
  public_private: { es: 'Público y privado', en: 'Public vs private' },
  plan_alignment: { es: 'Alineamiento con el plan', en: 'Plan alignment' },
  projects: { es: 'Proyectos', en: 'Projects' },
  works: { es: 'Obras con alertas', en: 'Flagged works' },
  methodology: { es: 'Metodología', en: 'Methodology' },
} satisfies Record<string, MessageText>;

/** Column headers by their CSV name; the English is that name. */
export const REPORT_COLUMNS = {
  period: 'Período',
  finding: 'Hallazgo',
  dimension: 'Dimensión',
  pim: 'PIM',
  pia: 'PIA',
  devengado: 'Devengado',
  share_of_pim_pct: 'Participación en el PIM (%)',
  execution_rate_pct: 'Tasa de ejecución (%)',
  ubigeo: 'Ubigeo',
  municipality: 'Municipalidad',
  transferred: 'Transferido',
  pim_rubro18: 'PIM rubro 18',
  devengado_rubro18: 'Devengado rubro 18',
  unspent_of_transferred: 'No gastado de lo transferido',
  unspent_of_pim: 'No gastado del PIM',
  utilization_pct: 'Utilización (%)',
  execution_pct: 'Ejecución (%)',
  share_of_transfers_pct: 'Participación en las transferencias (%)',
  transferred_per_capita: 'Transferido por habitante',
  canon_share_of_pim_pct: 'Canon en el PIM (%)',
  year: 'Año',
  unspent: 'No gastado',
  carry_over: 'Saldo acumulado',
  measure: 'Medida',
  projects: 'Proyectos',
  amount: 'Monto',
  share_of_projects_pct: 'Participación en proyectos (%)',
  share_of_amount_pct: 'Participación en el monto (%)',
  in_words: 'En palabras',
  cui: 'CUI',
  name: 'Nombre',
  first_cost: 'Primer costo',
  latest_cost: 'Último costo',
  growth_pct: 'Aumento (%)',
  snapshots: 'Cortes',
  area: 'Área',
  share_of_devengado_pct: 'Participación en el devengado (%)',
  planned_never_executed: 'Planificados nunca ejecutados',
  share_of_population_pct: 'Participación en la población (%)',
  skew_index: 'Índice de sesgo',
  group: 'Grupo',
  municipalities: 'Municipalidades',
  population: 'Población',
  pim_per_capita: 'PIM por habitante',
  devengado_per_capita: 'Devengado por habitante',
  location: 'Ubicación',
  area_source: 'Origen del área',
  breakdown: 'Desglose',
  key: 'Clave',
  label: 'Etiqueta',
  share_pct: 'Participación (%)',
  ratio_public_to_private: 'Razón público / privado',
  plan_rank: 'Prioridad en el plan',
  level: 'Nivel',
  code: 'Código',
  budget_rank: 'Puesto en el presupuesto',
  aligned: 'Alineado',
  cost_growth_pct: 'Aumento de costo (%)',
  flags: 'Alertas',
  located_by: 'Ubicado por',
  updated_cost: 'Costo actualizado',
  financial_progress_pct: 'Avance financiero (%)',
  physical_progress_pct: 'Avance físico (%)',
  gap_points: 'Brecha (puntos)',
  planned_end: 'Fin previsto',
  last_follow_up: 'Último seguimiento',
  item: 'Concepto',
  value: 'Valor',
} satisfies Record<string, string>;

/** The Methodology sheet: each item's name and, for a method, how it is computed; `{name}` parameters filled in. */
export const REPORT_METHODS = {
  generatedAt: { es: 'generado el', en: 'generated at' },
  municipalities: { es: 'municipalidades', en: 'municipalities' },
  periods: { es: 'períodos', en: 'periods' },
  snapshot: { es: 'corte', en: 'snapshot' },
  latest: { es: 'el último', en: 'latest' },
  importsRead: { es: 'importaciones leídas', en: 'imports read' },
  classificationVersion: { es: 'versión de la clasificación', en: 'classification version' },
  executionRate: { es: 'tasa de ejecución', en: 'execution rate' },
  'executionRate.method': {
    es: 'devengado ÷ PIM × 100, un decimal, redondeado alejándose de cero',
    en: 'devengado ÷ PIM × 100, one decimal, half away from zero',
  },
  share: { es: 'participación', en: 'share' },
  'share.method': { es: 'parte ÷ total × 100, un decimal', en: 'part ÷ total × 100, one decimal' },
  eclac: { es: 'dimensión CEPAL', en: 'ECLAC dimension' },
  'eclac.method': {
    es: 'la dimensión que una persona fijó para el proyecto; si no, la regla más específica (grupo, división, función) de la versión de la clasificación; si no, sin clasificar',
    en: "a project's dimension set by a person, else the most specific rule (grupo, división, función) of the classification version; else unclassified",
  },
  canonUtilization: { es: 'utilización del canon', en: 'canon utilization' },
  'canonUtilization.method': { es: 'devengado en el rubro 18 ÷ transferencias del rubro 18 × 100', en: 'devengado on rubro 18 ÷ rubro-18 transfers × 100' },
  canonExecution: { es: 'ejecución del canon', en: 'canon execution' },
  'canonExecution.method': { es: 'devengado en el rubro 18 ÷ PIM en el rubro 18 × 100', en: 'devengado on rubro 18 ÷ PIM on rubro 18 × 100' },
  carryOver: { es: 'saldo acumulado', en: 'carry-over' },
  'carryOver.method': {
    es: 'transferencias − devengado en el rubro 18, acumulado año a año desde el primer año del período',
    en: 'transfers − devengado on rubro 18, accumulated year by year from the first year of the period',
  },
  planningGap: { es: 'brecha de planificación', en: 'planning gap' },
  'planningGap.method': {
    es: 'proyecto-años de las líneas de presupuesto: en el PIA si PIA > 0; agregado si PIM > 0 sin PIA; retirado si PIA > 0 y PIM 0',
    en: 'project-years of the budget lines: in the PIA when PIA > 0; added when PIM > 0 without PIA; dropped when PIA > 0 and PIM 0',
  },
  costGrowth: { es: 'aumento de costo', en: 'cost growth' },
  'costGrowth.method': {
    es: 'costo actualizado del último corte ÷ monto viable del primer corte − 1',
    en: "latest snapshot's updated cost ÷ first snapshot's viable amount − 1",
  },
  projectArea: { es: 'área del proyecto', en: 'project area' },
  'projectArea.method': {
    es: 'la que fijó una persona; si no, la de su distrito cuando al menos {share} % de su gente es urbana o rural; si no, palabras clave del nombre; si no, desconocida',
    en: 'set by a person; else its district when at least {share} % of its people are urban or rural; else name keywords; else unknown',
  },
  skewIndex: { es: 'índice de sesgo', en: 'skew index' },
  'skewIndex.method': {
    es: 'participación urbana del devengado (proyectos de área conocida) ÷ participación urbana de la población',
    en: 'urban share of devengado (projects with a known area) ÷ urban share of population',
  },
  publicPrivate: { es: 'público y privado', en: 'public vs private' },
  'publicPrivate.method': {
    es: 'devengado de las municipalidades (Consulta Amigable) ÷ aportes privados',
    en: 'devengado of the municipalities (Consulta Amigable) ÷ private contributions',
  },
  flaggedWorks: { es: 'obras con alertas', en: 'flagged works' },
  'flaggedWorks.method': { es: 'seguimientos del SSI al {date}: {flags}', en: 'SSI follow-ups on {date}: {flags}' },
  leftOut: { es: 'excluido', en: 'left out' },
  prices: { es: 'precios', en: 'prices' },
  'prices.nominal': {
    es: 'soles corrientes: cada monto en soles de su propio año, como los publica el MEF',
    en: 'nominal soles: each amount in soles of its own year, as MEF publishes them',
  },
  'prices.constant': {
    es: 'soles constantes de {base}: cada monto × índice promedio de {base} ÷ índice promedio de su propio año',
    en: 'constant soles of {base}: each amount × average index of {base} ÷ average index of its own year',
  },
  baseYear: { es: 'año base', en: 'base year' },
  priceIndex: { es: 'índice de precios', en: 'price index' },
  priceIndexSource: { es: 'fuente del índice', en: 'price index source' },
  'priceIndexSource.value': { es: '{source}; importaciones {imports}', en: '{source}; imports {imports}' },
  priceFactors: { es: 'factores por año', en: 'price factors' },
  'priceFactors.year': { es: '{year}: promedio {average}, factor {factor}', en: '{year}: average {average}, factor {factor}' },
  priceRounding: { es: 'redondeo', en: 'price rounding' },
  'priceRounding.converted-after': {
    es: 'cada monto × promedio(base) ÷ promedio(su año), desde su valor corriente, redondeado al céntimo alejándose de cero; un total puede diferir en unos céntimos de la suma de sus partes convertidas',
    en: 'each amount times average(base) ÷ average(its year), from its nominal value, rounded to the céntimo half away from zero; a total may differ from the sum of its converted parts by a few céntimos',
  },
  'priceRounding.each-year-converted': {
    es: 'cifras de varios años: cada fila leída (un municipio-año, o una línea o agregado suyo, todo de un año) × promedio(base) ÷ promedio(su año), redondeada al céntimo alejándose de cero, antes de sumar nada; cada suma es la suma exacta de esos montos convertidos',
    en: 'figures of several years: each row read (a municipality-year, or a line or rollup of it, all of one year) times average(base) ÷ average(its year), rounded to the céntimo half away from zero, before anything is added up; every sum is the exact sum of those converted amounts',
  },
  priceRatios: { es: 'tasas y participaciones', en: 'price ratios' },
  'priceRatios.converted-after': {
    es: 'las de las cifras corrientes: dentro de un año todo monto tiene el mismo factor, que se cancela',
    en: 'those of the nominal figures: within one year every amount has the same factor, which cancels',
  },
  'priceRatios.each-year-converted': {
    es: 'calculadas de los montos convertidos: en varios años cada año pesa con su propio factor, así que difieren un poco de las corrientes',
    en: 'computed from the converted amounts: over several years each year weighs by its own factor, so they differ slightly from the nominal ones',
  },
  leftNominal: { es: 'quedan en soles corrientes', en: 'left nominal' },
  'leftNominal.value': {
    es: 'cost_growth (first_cost, latest_cost), projects (first_cost, latest_cost), works (updated_cost, devengado acumulado en los años)',
    en: 'cost_growth (first_cost, latest_cost), projects (first_cost, latest_cost), works (updated_cost, devengado accumulated over the years)',
  },
} satisfies Record<string, MessageText>;

/**
 * The values of the workbook's category columns, which the API and the CSV tables give as codes (`urban`,
 * `no_recent_follow_up`), in Spanish words in the Spanish workbook. A flags cell lists several, comma-separated.
 */
const REPORT_VALUES: Record<string, Record<string, string>> = {
  area: { urban: 'urbana', rural: 'rural', unknown: 'desconocida' },
  area_source: { explicit: 'fijada por una persona', location: 'por su distrito', keyword: 'por palabras del nombre' },
  group: { mostly_rural: 'mayormente rurales', mostly_urban: 'mayormente urbanas', unknown: 'sin población urbana/rural' },
  located_by: {
    registry: 'registro de Invierte.pe',
    budget: 'líneas de presupuesto',
    entity: 'entidad que la ejecuta',
    unknown: 'desconocido',
  },
  flags: {
    'not executed': 'no ejecutado',
    'cost growth': 'aumento de costo',
    'rural never executed': 'rural nunca ejecutado',
    paid_not_built: 'pagada y no construida',
    stalled: 'paralizada',
    overdue: 'vencida',
    no_recent_follow_up: 'sin seguimiento reciente',
    cost_overrun: 'sobrecosto',
  },
  breakdown: { sector: 'sector', district: 'distrito', funder: 'financista' },
  label: { 'public devengado': 'devengado público', 'private contributions': 'aportes privados' },
  level: { dimension: 'dimensión', function: 'función' },
  measure: {
    'projects with PIM (amount: PIM)': 'proyectos con PIM (monto: PIM)',
    'of those, in the PIA (amount: PIM)': 'de ellos, en el PIA (monto: PIM)',
    'added during the year (amount: PIM)': 'agregados durante el año (monto: PIM)',
    'in the PIA (amount: PIA)': 'en el PIA (monto: PIA)',
    'in the PIA, dropped from the PIM (amount: PIA)': 'en el PIA, retirados del PIM (monto: PIA)',
  },
};

/** A category cell in `lang`: its code in English, its Spanish words otherwise; other columns and unknown values as they are. */
export function columnValue(csvName: string, value: string, lang: Lang): string {
  if (lang === 'en' || !Object.hasOwn(REPORT_VALUES, csvName)) return value;
  const words = REPORT_VALUES[csvName];
  const one = (v: string) => (Object.hasOwn(words, v) ? words[v] : v);
  return csvName === 'flags' ? value.split(', ').map(one).join(', ') : one(value);
}

export type ReportSheet = keyof typeof REPORT_SHEETS;
export type ReportMethodKey = keyof typeof REPORT_METHODS;

/** A table's sheet title in `lang`; a table without one keeps `fallback`. */
export function sheetTitle(table: string, lang: Lang, fallback: string): string {
  return Object.hasOwn(REPORT_SHEETS, table) ? REPORT_SHEETS[table as ReportSheet][lang] : fallback;
}

/** A column's header in `lang`: its CSV name in English, its Spanish words otherwise (the CSV name when it has none). */
export function columnHeader(csvName: string, lang: Lang): string {
  return lang === 'en' || !Object.hasOwn(REPORT_COLUMNS, csvName) ? csvName : REPORT_COLUMNS[csvName as keyof typeof REPORT_COLUMNS];
}

/** A Methodology item or method in `lang`, its `{name}` parameters filled in. */
export function method(key: ReportMethodKey, lang: Lang, params: Record<string, string | number> = {}): string {
  const template: string = REPORT_METHODS[key][lang];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
