import type { SentenceText } from '../message-types.js';

/** The analyses' findings and their notes (src/analytics/analytics.service.ts and the analyses it calls). */
export const FINDING_SENTENCES = {
  notStated: { es: '{finding} no se afirma: sus datos están incompletos. {missing}', en: '{finding} is not stated: its inputs are incomplete. {missing}' },
  'finding.dimensions': { es: 'Cómo se reparte el PIM entre las dimensiones de la CEPAL', en: 'How the PIM divides among the ECLAC dimensions' },
  'finding.dimensionsFunction': {
    es: 'Cómo se reparte el devengado del rubro {rubros} entre las dimensiones de la CEPAL',
    en: 'How the devengado on rubro {rubros} divides among the ECLAC dimensions',
  },
  'finding.canonYear': { es: 'Lo transferido y lo devengado del canon en {year}', en: 'The canon transferred and spent in {year}' },
  'finding.publicPrivate': { es: 'Cómo se compara el gasto público con los aportes privados', en: 'How public spending compares with private contributions' },
  'publicPrivate.sentence': {
    es: 'El gasto público (devengado) fue {ratio} veces los aportes privados.',
    en: 'Public spending (devengado) was {ratio} times the private contributions.',
  },
  'dimensions.unclassified': {
    es: '{amount:soles} del PIM está sin clasificar, {withoutRule:soles} de ello sin ninguna regla.',
    en: '{amount:soles} of PIM is unclassified, {withoutRule:soles} of it with no rule at all.',
  },
  'dimensions.overridden': {
    es: '{amount:soles} del PIM está en proyectos cuya dimensión fijó una persona.',
    en: '{amount:soles} of PIM is in projects whose dimension a person set.',
  },
  'dimensions.functionScope': {
    es: 'Leído de líneas de presupuesto por función del rubro {rubros} (no hay líneas de presupuesto completas del periodo): solo ese rubro, no el resto del presupuesto; a nivel de función, sin proyecto, división ni grupo; sin PIA. Las dimensiones son las del gasto de ese rubro, en devengado.',
    en: 'Read from budget lines by función of rubro {rubros} (the period has no complete budget lines): that rubro only, not the rest of the budget; at función level, with no project, división or grupo; without PIA. The dimensions are those of that rubro’s spending, in devengado.',
  },
  'dimensions.finerRules': {
    es: 'Las {count} reglas de la versión {version} sobre divisiones o grupos funcionales no se pueden aplicar a líneas por función: cada función se clasificó por su propia regla, y lo que esas reglas moverían a otra dimensión no se movió.',
    en: 'The {count} rules of version {version} on divisiones or grupos cannot apply to lines by función: each función was classified by its own rule, and what those rules would move to another dimension was not moved.',
    one: {
      es: 'La regla de la versión {version} sobre divisiones o grupos funcionales no se puede aplicar a líneas por función: cada función se clasificó por su propia regla, y lo que esa regla movería a otra dimensión no se movió.',
      en: 'The rule of version {version} on divisiones or grupos cannot apply to lines by función: each función was classified by its own rule, and what that rule would move to another dimension was not moved.',
    },
  },
  'canon.functionScope': {
    es: 'El PIM y el devengado del rubro 18 se leyeron de líneas de presupuesto por función (no hay líneas de presupuesto completas del periodo): sin PIA ni el resto del presupuesto, así que no hay porcentaje del canon en el PIM total.',
    en: 'Rubro-18 PIM and devengado were read from budget lines by función (the period has no complete budget lines): without PIA or the rest of the budget, so there is no canon share of all PIM.',
  },
  'canon.noFunctionRubro18': {
    es: 'No se cargaron líneas por función del rubro 18 de {ubigeos}: su PIM y devengado del rubro 18 son desconocidos, no 0.',
    en: 'No rubro-18 lines by función loaded for {ubigeos}: their rubro-18 PIM and devengado are unknown, not 0.',
  },
  'canon.year.unspent': {
    es: 'En {year} se devengaron {devengado:soles} de canon (rubro 18) de los {transferred:soles} transferidos ese año; quedaron {unspent:soles} sin gastar.',
    en: 'In {year}, {devengado:soles} of canon (rubro 18) was spent (devengado) of the {transferred:soles} transferred that year; {unspent:soles} was left unspent.',
  },
  'canon.year.overspent': {
    es: 'En {year} se devengaron {devengado:soles} de canon (rubro 18), {excess:soles} más que los {transferred:soles} transferidos ese año: se gastó saldo de transferencias de años anteriores.',
    en: 'In {year}, {devengado:soles} of canon (rubro 18) was spent (devengado), {excess:soles} more than the {transferred:soles} transferred that year: balance from earlier years’ transfers was spent.',
  },
  'canon.year.carried': {
    es: 'El saldo sin gastar que venía de {years} era {balance:soles}.',
    en: 'The unspent balance carried from {years} was {balance:soles}.',
  },
  'canon.year.beforePeriod': {
    es: 'Al menos {amount:soles} de ese saldo viene de transferencias anteriores a {from}, que este periodo no incluye.',
    en: 'At least {amount:soles} of that balance comes from transfers before {from}, which this period does not include.',
  },
  'canon.partialTransfers': {
    es: 'Las transferencias de {year} llegan solo hasta {month}: lo transferido, su uso y el canon sin gastar de ese año son parciales, no del año entero.',
    en: 'The transfers of {year} run only through {month}: what was transferred, its use and the unspent canon of that year are partial, not the whole year.',
  },
  'canon.noTransfers': {
    es: 'No se cargaron transferencias de {ubigeos}: sus transferencias son desconocidas, no 0.',
    en: 'No transfers loaded for {ubigeos}: their transfers are unknown, not 0.',
  },
  'canon.noRubro18': {
    es: 'No se cargaron líneas de presupuesto del rubro 18 de {ubigeos}: su PIM y devengado del rubro 18 son desconocidos, no 0.',
    en: 'No rubro-18 budget lines loaded for {ubigeos}: their rubro-18 PIM and devengado are unknown, not 0.',
  },
  'urbanRural.unknownArea': {
    es: '{projects} proyectos con PIM {pim:soles} tienen un área desconocida y quedan fuera del índice de sesgo.',
    en: '{projects} projects with PIM {pim:soles} have an unknown area and are left out of the skew index.',
    one: {
      of: 'projects',
      es: 'Un proyecto con PIM {pim:soles} tiene un área desconocida y queda fuera del índice de sesgo.',
      en: 'One project with PIM {pim:soles} has an unknown area and is left out of the skew index.',
    },
  },
  'urbanRural.noPopulation': {
    es: 'No hay población urbana/rural de la selección: no hay porcentajes de población ni índice de sesgo.',
    en: 'No urban/rural population for the selection: no population shares or skew index.',
  },
  'urbanRural.projectMethod': {
    es:
      'El área de un proyecto: un valor fijado por una persona (plantilla o PUT /projects/{cui}/area); si no, su distrito (ubicación del registro, si no la municipalidad ejecutora) ' +
      'cuando al menos {pct} % de su gente es urbana o rural (MINAM{split}); si no, palabras clave de su nombre; si no, desconocida. ' +
      'Índice de sesgo: porcentaje urbano del devengado de los proyectos de área conocida ÷ porcentaje urbano de la población.',
    en:
      "A project's area: a value set by a person (template or PUT /projects/{cui}/area); else its district (registry location, else the executing municipality) " +
      'when at least {pct} % of its people are urban or rural (MINAM{split}); else keywords of its name; else unknown. ' +
      'Skew index: urban share of the devengado of projects with a known area ÷ urban share of the population.',
  },
  'urbanRural.municipalityMethod': {
    es: 'Porcentaje rural según la población urbana/rural del MINAM{split} (mayormente rural: más de 50 %); totales por año-municipalidad de Consulta Amigable; por habitante por año.',
    en: 'Rural share from MINAM urban/rural population{split} (mostly rural: over 50 %); municipality-year totals from Consulta Amigable; per inhabitant per year.',
  },
  'split.none': { es: ', sin división urbana/rural para la selección', en: ', no urban/rural split for the selection' },
  'split.of': { es: ', división de {years}: {asked}', en: ', split of {years}: {asked}' },
  'split.latest': { es: 'el último año que tiene una', en: 'the latest year with one' },
  'split.year': {
    es: '{year}, el último año del periodo, o el año anterior más cercano que tenga una (si no, el posterior más cercano)',
    en: "{year}, the period's last year, or the nearest earlier year with one (else the nearest later)",
  },
  'planningGap.noCosts': {
    es: 'No hay costos del registro (Invierte.pe) de estos proyectos: no hay crecimiento de costos.',
    en: 'No registry costs (Invierte.pe) for these projects: no cost growth.',
  },
  'publicPrivate.noContributions': {
    es: 'No se cargaron aportes privados para la selección y el periodo.',
    en: 'No private contributions loaded for the selection and period.',
  },
  'publicPrivate.noTotals': {
    es: 'No hay totales municipales (Consulta Amigable) para la selección y el periodo.',
    en: 'No municipality totals (Consulta Amigable) for the selection and period.',
  },
  'planAlignment.noPriorities': {
    es: 'Ninguna municipalidad de la selección tiene prioridades del plan (PUT /municipalities/{ubigeo}/plan-priorities).',
    en: 'No municipality of the selection has plan priorities (PUT /municipalities/{ubigeo}/plan-priorities).',
  },
} as const satisfies Record<string, SentenceText>;
