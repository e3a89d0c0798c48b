import type { SentenceText } from '../message-types.js';

/** The Summary sheet of the audit report (src/reports/reports.service.ts). */
export const REPORT_SENTENCES = {
  'report.notStated': { es: '{finding}: no se afirma, sus datos están incompletos.', en: '{finding}: not stated, its inputs are incomplete.' },
  'report.finding.budget': { es: 'Presupuesto (totales municipales)', en: 'Budget (municipality totals)' },
  'report.finding.dimensions': { es: 'Dimensiones de la CEPAL del PIM', en: 'ECLAC dimensions of the PIM' },
  'report.finding.canon': { es: 'Canon no gastado', en: 'Unspent canon' },
  'report.finding.planningGap': { es: 'Brecha de planificación (PIA → PIM)', en: 'Planning gap (PIA → PIM)' },
  'report.finding.urbanRural': { es: 'Sesgo urbano y rural', en: 'Urban and rural skew' },
  'report.finding.alignment': { es: 'Alineamiento con el plan de desarrollo', en: 'Alignment with the development plan' },
  'report.budget': {
    es: 'Presupuesto (totales municipales): PIM {pim:soles}, devengado {devengado:soles}, ejecución {rate} %.',
    en: 'Budget (municipality totals): PIM {pim:soles}, devengado {devengado:soles}, execution {rate} %.',
  },
  'report.canon': {
    es: 'Canon (rubro 18) transferido {transferred:soles}; devengado en el rubro 18 {devengado:soles}: las municipalidades usaron {utilization} % de las transferencias y dejaron {unspent:soles} sin gastar.',
    en: 'Canon (rubro 18) transferred {transferred:soles}; devengado on rubro 18 {devengado:soles}: the municipalities used {utilization} % of the transfers and left {unspent:soles} unspent.',
  },
  'report.canonOverspent': {
    es: 'Canon (rubro 18) transferido {transferred:soles}; devengado en el rubro 18 {devengado:soles}: {excess:soles} más que las transferencias del periodo, gastado del saldo de transferencias anteriores.',
    en: 'Canon (rubro 18) transferred {transferred:soles}; devengado on rubro 18 {devengado:soles}: {excess:soles} more than the transfers of the period, spent from the balance of earlier transfers.',
  },
  'report.canonTop': { es: '{name} recibió {pct} % de las transferencias.', en: '{name} received {pct} % of the transfers.' },
  'report.inPia.oneOf': { es: '{words} proyectos con PIM estaba en el PIA', en: '{words} projects with PIM was in the PIA' },
  'report.inPia.none': { es: 'Ninguno de los proyectos con PIM estaba en el PIA', en: 'None of the projects with PIM were in the PIA' },
  'report.inPia.other': { es: '{words} los proyectos con PIM estaban en el PIA', en: '{words} of the projects with PIM were in the PIA' },
  'report.planningGap': {
    es: '{inPia} ({planned} de {withPim}); {added} se agregaron durante el año.',
    en: '{inPia} ({planned} of {withPim}); {added} were added during the year.',
  },
  'report.topPia': {
    es: 'De los {count} proyectos con mayor PIA, {never} nunca se ejecutaron y {under10} se ejecutaron menos de 10 %.',
    en: 'Of the {count} largest PIA projects, {never} were never executed and {under10} executed under 10 %.',
  },
  'report.doubled': {
    es: '{count} proyectos al menos duplicaron su costo.',
    en: '{count} projects at least doubled their cost.',
    one: { es: 'Un proyecto al menos duplicó su costo.', en: 'One project at least doubled its cost.' },
  },
  'report.urbanSkew': {
    es: 'Los proyectos urbanos se llevaron {urbanShare} % del devengado con {populationShare} % de la población (índice de sesgo {skew}); los proyectos rurales ejecutaron {rural} % frente a {urban} % los urbanos.',
    en: 'Urban projects took {urbanShare} % of the devengado with {populationShare} % of the population (skew index {skew}); rural projects executed {rural} % against {urban} % urban.',
  },
  'report.ruralNever': {
    es: '{count} proyectos rurales previstos en el PIA nunca se ejecutaron.',
    en: '{count} rural projects planned in the PIA were never executed.',
    one: { es: 'Un proyecto rural previsto en el PIA nunca se ejecutó.', en: 'One rural project planned in the PIA was never executed.' },
  },
  'report.municipalitySkew': {
    es: 'Nivel municipal: índice de sesgo {skew} (porcentaje del devengado de las municipalidades mayormente urbanas ÷ su porcentaje de la población).',
    en: 'Municipality level: skew index {skew} (mostly-urban municipalities’ share of devengado ÷ their share of population).',
  },
  'report.alignment': {
    es: '{name}: {mismatches} de {priorities} prioridades del plan están fuera de su puesto en el PIM.',
    en: '{name}: {mismatches} of {priorities} plan priorities are out of rank in the PIM.',
  },
  'report.missing': { es: 'Falta: {note}', en: 'Missing: {note}' },
  // src/reports/period-cut-offs.ts: a year whose figures were cut before it ended
  'report.partialYear': {
    es: 'Cifras parciales de {year}: el año no había terminado en {inputs}; los hallazgos de ese año valen a esa fecha, no para el año entero.',
    en: 'Partial figures for {year}: the year had not ended in {inputs}; the findings for that year hold as of then, not for the whole year.',
  },
  'report.partial.totals': { es: 'los totales municipales (corte {date})', en: 'the municipality totals (cut-off {date})' },
  'report.partial.lines': { es: 'las líneas de presupuesto (corte {date})', en: 'the budget lines (cut-off {date})' },
  'report.partial.functionLines': { es: 'el gasto por función (corte {date})', en: 'the spending by función (cut-off {date})' },
  'report.partial.transfers': { es: 'las transferencias de canon (hasta {month})', en: 'the canon transfers (through {month})' },
  'report.prices': {
    es: 'Importes en soles constantes de {base}: cada monto por el índice promedio de {base} entre el de su propio año (IPC de Lima, serie {series}; {source}). Quedan en soles nominales: {nominal}.',
    en: 'Amounts in constant soles of {base}: each amount times the average index of {base} over that of its own year (Lima CPI, series {series}; {source}). Left in nominal soles: {nominal}.',
  },
} as const satisfies Record<string, SentenceText>;
