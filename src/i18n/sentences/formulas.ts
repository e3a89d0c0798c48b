import type { SentenceText } from '../message-types.js';

/** Lists, the study's sentences (src/analytics/formulas.ts) and the rules the pages add to the Methodology sheet's formulas (methods.ts). */
export const FORMULA_SENTENCES = {
  // lists
  'list.and': { es: '{head} y {last}', en: '{head} and {last}' },
  // formulas.ts: the study's sentences
  'tenSoles.sentence': { es: 'De cada 10 soles del PIM, {list}.', en: 'Of every 10 soles of PIM, {list}.' },
  'tenSoles.part': { es: '{soles} a {label}', en: '{soles} to {label}' },
  'tenSoles.lessThanOne': { es: 'menos de uno', en: 'less than one' },
  'tenSoles.canonDevengado': { es: 'De cada 10 soles de canon devengado, {list}.', en: 'Of every 10 soles of canon devengado, {list}.' },
  'tenSoles.rubrosDevengado': {
    es: 'De cada 10 soles devengados del rubro {rubros}, {list}.',
    en: 'Of every 10 soles of devengado on rubro {rubros}, {list}.',
  },
  'oneInEvery.none': { es: 'ninguno', en: 'none' },
  'oneInEvery.all': { es: 'todos', en: 'all' },
  'oneInEvery.nearlyAll': { es: 'casi todos', en: 'nearly all' },
  'oneInEvery.oneOf': { es: 'uno de cada {n}', en: 'one of every {n}' },
  'dimension.structural_change': { es: 'cambio estructural', en: 'structural change' },
  'dimension.income_productivity': { es: 'ingresos y productividad', en: 'income and productivity' },
  'dimension.equal_rights': { es: 'igualdad de derechos', en: 'equal rights' },
  'dimension.unclassified': { es: 'sin clasificar', en: 'unclassified' },
  'function.label': { es: 'función {code}', en: 'función {code}' },
  // methods.ts: the rules the pages add to the Methodology sheet's formulas
  'method.tenSoles.name': { es: 'de cada 10 soles', en: 'of every 10 soles' },
  'method.tenSoles': {
    es: 'la participación de cada dimensión CEPAL en el PIM × 10, redondeada a soles enteros (alejándose de cero); una parte que redondea a 0 sin ser 0 es "menos de uno"; de mayor a menor, sin las vacías',
    en: 'each ECLAC dimension\'s share of the PIM × 10, rounded to whole soles (half away from zero); a part that rounds to 0 but is not 0 is "less than one"; largest first, empty ones left out',
  },
  'method.peers.name': { es: 'pares', en: 'peers' },
  'method.peers': {
    es: 'las municipalidades del mismo departamento con entre la mitad (redondeada hacia arriba) y el doble de su población (del año o del más cercano); de una provincia, las provincias de su departamento, y de un departamento, los departamentos, en la misma banda y con las cifras de sus municipalidades sumadas (sin cifra si a alguna le falta); de cada medida (tasa de ejecución, devengado y canon transferido por habitante) la mediana de los pares y el puesto (1 = el más alto) entre los que la tienen; un par sin el dato queda fuera de esa medida, nunca como cero',
    en: "the municipalities of the same department with between half (rounded up) and double its population (of the year or the nearest one); of a province, the provinces of its department, and of a department, the departments, in the same band and with their municipalities' figures added up (no figure when any of them lacks it); for each measure (execution rate, devengado and canon transferred per inhabitant) the peers' median and the rank (1 = highest) among those that have it; a peer without the figure is left out of that measure, never counted as zero",
  },
  'method.coverage.name': { es: 'cobertura', en: 'coverage' },
  'method.coverage': {
    es: 'un análisis afirma sus hallazgos solo si cada municipio-año tiene sus datos y las líneas de presupuesto suman al menos {threshold} % del PIM y del devengado de Consulta Amigable; si no, sus cifras son parciales y dice qué falta',
    en: 'an analysis states its findings only when every municipality-year has its inputs and the budget lines add up to at least {threshold} % of the Consulta Amigable PIM and devengado; otherwise its figures are partial and it says what is missing',
  },
} as const satisfies Record<string, SentenceText>;
