// The texts of the web app: Spanish (es-PE) first, English as the switch offers. The language is part of
// each page's URL (?lang=en), so a link shared keeps it.

import { pagesEn, pagesEs } from './i18n-pages.js';
import { placeEn, placeEs } from './i18n-place.js';

export type Lang = 'es' | 'en';

const commonEs = {
  siteName: 'Seguimiento de la inversión municipal',
  skip: 'Saltar al contenido',
  switchTo: 'English',
  switchLabel: 'Read this page in English',
  peru: 'Perú',
  mapTitle: 'Ejecución del presupuesto municipal',
  mapIntro: 'Haga clic en un departamento para ver sus provincias, y en una provincia para ver sus distritos. La tabla muestra las mismas cifras.',
  year: 'Año',
  yearOpen: 'en curso',
  measure: 'Medida',
  'measure.executionRatePct': 'Tasa de ejecución (devengado / PIM)',
  'measure.unspent': 'Saldo sin gastar (PIM − devengado)',
  'measure.devengadoPerCapita': 'Devengado por habitante',
  show: 'Mostrar',
  legend: 'Leyenda',
  legendText: 'Color más oscuro: valor más alto. Gris: sin datos.',
  points: 'Los puntos son distritos creados después de 2007, sin límite en el mapa del INEI.',
  ranking: 'Ranking',
  rank: 'N.º',
  place: 'Lugar',
  pia: 'PIA',
  pim: 'PIM',
  devengado: 'Devengado',
  rate: 'Ejecución',
  unspent: 'Saldo',
  perCapita: 'Devengado por habitante',
  municipalities: 'Municipalidades',
  seeProvinces: 'ver provincias',
  seeDistricts: 'ver distritos',
  openPlace: 'Abrir la página de',
  noData: 'sin datos',
  loading: 'Cargando…',
  error: 'No se pudo cargar:',
  mapLabel: 'Mapa coloreado por',
  tableNote: 'Los datos del gráfico están en la tabla.',
  department: 'Departamento',
  province: 'Provincia',
  municipality: 'Municipalidad',
  kindProvincial: 'municipalidad provincial',
  kindDistrict: 'municipalidad distrital',
  notFound: 'No existe un lugar con el código',
  yearFigures: 'Cifras del año',
  auditReport: 'Descargar el informe de auditoría (Excel)',
  csv: 'Descargar la tabla (CSV)',
  byYearTitle: 'PIA, PIM y devengado por año',
  byYearNote: 'Totales de Consulta Amigable (MEF), último corte de cada año.',
  byYearPartial:
    'Los años marcados con * tienen cifras de menos municipalidades que las {n} de hoy (distritos creados después, o cifras no importadas): sus barras suman solo las que las tienen.',
  byYearOf: '{year}: {with} de {n} municipalidades',
  withFigures: 'Municipalidades con cifras',
  canonTitle: 'Canon transferido y gasto del rubro 18',
  transferred: 'Transferido (rubro 18)',
  rubro18Devengado: 'Devengado rubro 18',
  rubro18Pim: 'PIM rubro 18',
  utilization: 'Utilización (devengado / transferido)',
  noRubro18:
    'No hay líneas de gasto del rubro 18 (canon) para este lugar: el uso del canon no se puede calcular y no se muestra como cero. Falta importar el archivo de gasto del MEF (datos abiertos) con el detalle por rubro, o el gasto del rubro 18 por función.',
  noTransfers: 'No hay transferencias de canon importadas para este lugar.',
  dimensionsTitle: 'De cada 10 soles: dimensiones de la CEPAL',
  dimension: 'Dimensión',
  share: 'Participación',
  'dim.structural_change': 'Cambio estructural',
  'dim.income_productivity': 'Ingresos y productividad',
  'dim.equal_rights': 'Igualdad de derechos',
  'dim.unclassified': 'Sin clasificar',
  urbanRuralTitle: 'Urbano y rural',
  group: 'Grupo',
  populationShare: 'Población',
  devengadoShare: 'Devengado',
  'group.mostly_rural': 'Mayormente rurales',
  'group.mostly_urban': 'Mayormente urbanas',
  'group.unknown': 'Sin dato urbano/rural',
  skewIndex: 'Índice de sesgo urbano',
  planningTitle: 'Brecha de planeamiento (PIA → PIM)',
  projectsWithPim: 'Proyectos con PIM',
  inPia: 'Estaban en el PIA',
  added: 'Añadidos en el año',
  dropped: 'En el PIA y abandonados',
  projects: 'Proyectos',
  amount: 'Monto',
  topProjectsTitle: 'Proyectos con mayor PIA',
  flags: 'Alertas',
  flagNeverExecuted: 'nunca ejecutado',
  flagUnder10Pct: 'ejecutado menos del 10 %',
  cui: 'CUI',
  project: 'Proyecto',
  partial: 'Cobertura parcial',
  partialLead: 'Estas cifras no están completas; no se dibuja lo que falta.',
  missing: 'Qué falta',
  noLines: 'No hay líneas de presupuesto (datos abiertos del MEF) para este lugar y año: este análisis no se puede calcular.',
  noProjects: 'Sin proyectos: no hay líneas de presupuesto importadas para este lugar y año.',
  finding: 'Hallazgo',
  soles: 'soles',
  percent: 'por ciento',
  source: 'Fuente: MEF, Consulta Amigable y datos abiertos; límites INEI 2007 (MPL-2.0).',
};

/**
 * Every page's texts in one dictionary. A key two of its parts share would show one page's text on another (the
 * upload's progress once read "Avance (devengado de sus proyectos)", the works' column): it does not compile.
 */
type Shared<A, B> = Extract<keyof A, keyof B>;
const distinct: [Shared<typeof pagesEs, typeof placeEs> | Shared<typeof pagesEs, typeof commonEs> | Shared<typeof placeEs, typeof commonEs>] extends [never]
  ? true
  : [Shared<typeof pagesEs, typeof placeEs> | Shared<typeof pagesEs, typeof commonEs> | Shared<typeof placeEs, typeof commonEs>] = true;
void distinct;

const es = { ...pagesEs, ...placeEs, ...commonEs };

export type Key = keyof typeof es;

const en: Record<Key, string> = {
  ...pagesEn,
  ...placeEn,
  siteName: 'Municipal investment tracker',
  skip: 'Skip to content',
  switchTo: 'Español',
  switchLabel: 'Leer esta página en español',
  peru: 'Peru',
  mapTitle: 'Municipal budget execution',
  mapIntro: 'Click a department to see its provinces, and a province to see its districts. The table shows the same figures.',
  year: 'Year',
  yearOpen: 'in progress',
  measure: 'Measure',
  'measure.executionRatePct': 'Execution rate (devengado / PIM)',
  'measure.unspent': 'Unspent (PIM − devengado)',
  'measure.devengadoPerCapita': 'Devengado per inhabitant',
  show: 'Show',
  legend: 'Legend',
  legendText: 'Darker colour: higher value. Grey: no data.',
  points: 'Dots are districts created after 2007, which have no boundary on the INEI map.',
  ranking: 'Ranking',
  rank: 'No.',
  place: 'Place',
  pia: 'PIA',
  pim: 'PIM',
  devengado: 'Devengado',
  rate: 'Execution',
  unspent: 'Unspent',
  perCapita: 'Devengado per inhabitant',
  municipalities: 'Municipalities',
  seeProvinces: 'see provinces',
  seeDistricts: 'see districts',
  openPlace: 'Open the page of',
  noData: 'no data',
  loading: 'Loading…',
  error: 'Could not load:',
  mapLabel: 'Map coloured by',
  tableNote: "The chart's data is in the table.",
  department: 'Department',
  province: 'Province',
  municipality: 'Municipality',
  kindProvincial: 'provincial municipality',
  kindDistrict: 'district municipality',
  notFound: 'There is no place with the code',
  yearFigures: 'Figures for',
  auditReport: 'Download the audit report (Excel)',
  csv: 'Download the table (CSV)',
  byYearTitle: 'PIA, PIM and devengado by year',
  byYearNote: "Consulta Amigable totals (MEF), each year's latest cut-off.",
  byYearPartial:
    "Years marked * have figures for fewer municipalities than today's {n} (districts created later, or figures not imported): their bars add up only those that have them.",
  byYearOf: '{year}: {with} of {n} municipalities',
  withFigures: 'Municipalities with figures',
  canonTitle: 'Canon transferred and rubro-18 spending',
  transferred: 'Transferred (rubro 18)',
  rubro18Devengado: 'Rubro-18 devengado',
  rubro18Pim: 'Rubro-18 PIM',
  utilization: 'Utilization (devengado / transferred)',
  noRubro18:
    "There are no rubro-18 (canon) spending lines for this place: the use of canon cannot be computed, and it is not shown as zero. MEF's spending file (open data) with the rubro detail, or rubro-18 spending by función, has not been imported.",
  noTransfers: 'No canon transfers were imported for this place.',
  dimensionsTitle: 'Of every 10 soles: ECLAC dimensions',
  dimension: 'Dimension',
  share: 'Share',
  'dim.structural_change': 'Structural change',
  'dim.income_productivity': 'Income and productivity',
  'dim.equal_rights': 'Equal rights',
  'dim.unclassified': 'Unclassified',
  urbanRuralTitle: 'Urban and rural',
  group: 'Group',
  populationShare: 'Population',
  devengadoShare: 'Devengado',
  'group.mostly_rural': 'Mostly rural',
  'group.mostly_urban': 'Mostly urban',
  'group.unknown': 'No urban/rural figure',
  skewIndex: 'Urban skew index',
  planningTitle: 'Planning gap (PIA → PIM)',
  projectsWithPim: 'Projects with PIM',
  inPia: 'Were in the PIA',
  added: 'Added during the year',
  dropped: 'In the PIA and dropped',
  projects: 'Projects',
  amount: 'Amount',
  topProjectsTitle: 'Projects with the largest PIA',
  flags: 'Flags',
  flagNeverExecuted: 'never executed',
  flagUnder10Pct: 'under 10 % executed',
  cui: 'CUI',
  project: 'Project',
  partial: 'Partial coverage',
  partialLead: 'These figures are incomplete; what is missing is not drawn.',
  missing: 'What is missing',
  noLines: 'There are no budget lines (MEF open data) for this place and year: this analysis cannot be computed.',
  noProjects: 'No projects: no budget lines were imported for this place and year.',
  finding: 'Finding',
  soles: 'soles',
  percent: 'percent',
  source: 'Source: MEF, Consulta Amigable and open data; INEI 2007 boundaries (MPL-2.0).',
};

export function currentLang(): Lang {
  return new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'es';
}

export function translator(lang: Lang): (key: Key) => string {
  const texts: Record<Key, string> = lang === 'en' ? en : es;
  return (key) => texts[key];
}

/** `text` with its {name} figures filled in; a name not given stays as written. */
export const fillIn = (text: string, params: Record<string, string | number> = {}): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));

/** The texts of one part of a page, Spanish first: each in the page's language, its {name} figures filled in. */
export function ownTexts<K extends string>(es: Record<K, string>, en: Record<K, string>): (key: K, params?: Record<string, string | number>) => string {
  const texts = currentLang() === 'en' ? en : es;
  return (key, params = {}) => fillIn(texts[key], params);
}

/** The Accept-Language the API is asked in. */
export const apiLanguage = (lang: Lang): string => (lang === 'en' ? 'en' : 'es-PE');
