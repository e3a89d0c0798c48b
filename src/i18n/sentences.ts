import type { MessageText } from './message-types.js';
import type { Lang } from './messages.js';

/**
 * The human texts of the analyses (sentences, coverage notes, left-out notes, methods), in Spanish (es-PE,
 * the default) and English, with `{name}` parameters, as problems.ts holds the errors.
 *
 * Numbers: a figure inside a sentence is written exactly as the figure of the answer beside it (money as its
 * decimal string, "450564829.00"; shares with one decimal point, "62.5"), the same in both languages, so a
 * reader finds the sentence's figure in the table; es-PE writes the decimal point as English does, and the web
 * pages format figures for display (web/src/format.ts). Only the words change with the language.
 */
/** A sentence, and its singular form when the count it states (the parameter `of`, `count` unless said) is one. */
interface SentenceText extends MessageText {
  one?: MessageText & { of?: string };
}

export const SENTENCES = {
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
  // coverage.ts: what is missing
  'coverage.absent': { es: 'No se importaron {what} de {who} en {year}: {file}.', en: 'No {what} were imported for {who} in {year}: {file}.' },
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
  // peers.service.ts: where a municipality stands among its peers
  'peers.rule': {
    es: 'Pares: las municipalidades de {department} con entre la mitad y el doble de habitantes que {name} ({population} en {populationYear}), es decir de {min} a {max} habitantes.',
    en: 'Peers: the municipalities of {department} with between half and double the inhabitants of {name} ({population} in {populationYear}), that is {min} to {max} inhabitants.',
  },
  'peers.noPopulation': {
    es: '{name} no tiene cifra de población: no se pueden elegir sus pares (importe el archivo de población del MINAM).',
    en: '{name} has no population figure: its peers cannot be chosen (import the MINAM population file).',
  },
  'peers.withoutPopulation': {
    es: '{count} municipalidades de {department} no tienen cifra de población: no se sabe si son pares ({list}).',
    en: '{count} municipalities of {department} have no population figure: whether they are peers is unknown ({list}).',
    one: {
      es: 'Una municipalidad de {department} no tiene cifra de población: no se sabe si es par ({list}).',
      en: 'One municipality of {department} has no population figure: whether it is a peer is unknown ({list}).',
    },
  },
  'peers.leftOut': {
    es: '{count} pares sin {what} de {year} quedan fuera de {measure}: {list}.',
    en: '{count} peers without {what} for {year} are left out of {measure}: {list}.',
    one: { es: 'Un par sin {what} de {year} queda fuera de {measure}: {list}.', en: 'One peer without {what} for {year} is left out of {measure}: {list}.' },
  },
  'peers.rule.province': {
    es: 'Pares: las provincias de {department} con entre la mitad y el doble de habitantes que {name} ({population} en {populationYear}), es decir de {min} a {max} habitantes; de cada provincia, las cifras de sus municipalidades sumadas.',
    en: "Peers: the provinces of {department} with between half and double the inhabitants of {name} ({population} in {populationYear}), that is {min} to {max} inhabitants; each province's figures are its municipalities' added up.",
  },
  'peers.rule.department': {
    es: 'Pares: los departamentos con entre la mitad y el doble de habitantes que {name} ({population} en {populationYear}), es decir de {min} a {max} habitantes; de cada departamento, las cifras de sus municipalidades sumadas.',
    en: "Peers: the departments with between half and double the inhabitants of {name} ({population} in {populationYear}), that is {min} to {max} inhabitants; each department's figures are its municipalities' added up.",
  },
  'peers.noPopulation.area': {
    es: '{name} no tiene cifra de población de todas sus municipalidades: no se pueden elegir sus pares (importe el archivo de población del MINAM).',
    en: '{name} has no population figure for all of its municipalities: its peers cannot be chosen (import the MINAM population file).',
  },
  'peers.withoutPopulation.province': {
    es: '{count} provincias de {department} no tienen cifra de población de todas sus municipalidades: no se sabe si son pares ({list}).',
    en: '{count} provinces of {department} have no population figure for all of their municipalities: whether they are peers is unknown ({list}).',
    one: {
      es: 'Una provincia de {department} no tiene cifra de población de todas sus municipalidades: no se sabe si es par ({list}).',
      en: 'One province of {department} has no population figure for all of its municipalities: whether it is a peer is unknown ({list}).',
    },
  },
  'peers.withoutPopulation.department': {
    es: '{count} departamentos no tienen cifra de población de todas sus municipalidades: no se sabe si son pares ({list}).',
    en: '{count} departments have no population figure for all of their municipalities: whether they are peers is unknown ({list}).',
    one: {
      es: 'Un departamento no tiene cifra de población de todas sus municipalidades: no se sabe si es par ({list}).',
      en: 'One department has no population figure for all of its municipalities: whether it is a peer is unknown ({list}).',
    },
  },
  'peers.leftOut.area': {
    es: '{count} pares sin {what} de todas sus municipalidades en {year} quedan fuera de {measure}: {list}.',
    en: '{count} peers without {what} for all of their municipalities in {year} are left out of {measure}: {list}.',
    one: {
      es: 'Un par sin {what} de todas sus municipalidades en {year} queda fuera de {measure}: {list}.',
      en: 'One peer without {what} for all of its municipalities in {year} is left out of {measure}: {list}.',
    },
  },
  'peers.what.rate': { es: 'totales de Consulta Amigable con PIM', en: 'Consulta Amigable totals with a PIM' },
  'peers.measure.executionRatePct': { es: 'la tasa de ejecución', en: 'the execution rate' },
  'peers.measure.devengadoPerCapita': { es: 'el devengado por habitante', en: 'the devengado per inhabitant' },
  'peers.measure.canonPerCapita': { es: 'el canon por habitante', en: 'the canon per inhabitant' },
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
  // analytics.service.ts
  notStated: { es: '{finding} no se afirma: sus datos están incompletos. {missing}', en: '{finding} is not stated: its inputs are incomplete. {missing}' },
  'finding.dimensions': { es: 'Cómo se reparte el PIM entre las dimensiones de la CEPAL', en: 'How the PIM divides among the ECLAC dimensions' },
  'finding.dimensionsFunction': {
    es: 'Cómo se reparte el devengado del rubro {rubros} entre las dimensiones de la CEPAL',
    en: 'How the devengado on rubro {rubros} divides among the ECLAC dimensions',
  },
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
  // reports.service.ts: the Summary sheet of the audit report
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
  'report.prices': {
    es: 'Importes en soles constantes de {base}: cada monto por el índice promedio de {base} entre el de su propio año (IPC de Lima, serie {series}; {source}). Quedan en soles nominales: {nominal}.',
    en: 'Amounts in constant soles of {base}: each amount times the average index of {base} over that of its own year (Lima CPI, series {series}; {source}). Left in nominal soles: {nominal}.',
  },
  // works.service.ts: the summary and the flags' meanings
  'works.flag.paid_not_built': {
    es: 'avance financiero por delante del avance físico informado en más de {points} puntos',
    en: 'financial progress ahead of reported physical progress by more than {points} points',
  },
  'works.flag.stalled': { es: 'marcada como paralizada en su Formato 12-B', en: 'marked stalled (paralizada) in its Formato 12-B' },
  'works.flag.overdue': {
    es: 'pasada su fecha de fin prevista con un avance físico informado menor a 100 %',
    en: 'past its planned end with reported physical progress under 100 %',
  },
  'works.flag.no_recent_follow_up': {
    es: 'sin seguimiento por más de {months} meses antes de la fecha (o ninguno mientras se gastaba devengado)',
    en: 'no follow-up for more than {months} months before the date (or none at all while devengado was spent)',
  },
  'works.flag.cost_overrun': {
    es: 'costo actualizado más de {pct} % por encima del monto viable',
    en: 'updated cost more than {pct} % above the viable amount',
  },
  'works.summary': {
    es: 'De {works} obras con seguimiento hasta el {date}, {flagged} tienen al menos una alerta: {parts}. {covered}{unplaced}',
    en: 'Of {works} works with a follow-up on or before {date}, {flagged} carry at least one flag: {parts}. {covered}{unplaced}',
  },
  'works.part': { es: '{works} {meaning} (devengado {devengado:soles})', en: '{works} {meaning} (devengado {devengado:soles})' },
  'works.covered': {
    es: '{withFollowUp} de los {projects} proyectos de la selección en líneas de presupuesto o en el registro tienen seguimiento ({pct} %).',
    en: "{withFollowUp} of the selection's {projects} projects in budget lines or the registry have a follow-up ({pct} %).",
  },
  'works.noProjects': {
    es: 'La selección no tiene proyectos en líneas de presupuesto ni en el registro con los que medir la cobertura.',
    en: 'The selection has no projects in budget lines or the registry to measure coverage against.',
  },
  'works.unplaced': {
    es: ' {count} obras con seguimiento en el registro de obras no están ubicadas en ninguna municipalidad.',
    en: ' {count} followed-up works in the tracker are placed in no municipality.',
    one: {
      es: ' Una obra con seguimiento en el registro de obras no está ubicada en ninguna municipalidad.',
      en: ' One followed-up work in the tracker is placed in no municipality.',
    },
  },
  // canon-distribution.service.ts: notes and method
  'canonDistribution.noTransfers': {
    es: 'No se importaron transferencias del rubro 18 a entidades de {department} para {year} (formato canon-entity-transfers): el monto a repartir es 0.00.',
    en: 'No rubro-18 transfers to entities of {department} were imported for {year} (format canon-entity-transfers): the pot is 0.00.',
  },
  'canonDistribution.noProducing': {
    es:
      'No se han ingresado los distritos productores de {department} en {year} (PUT /api/v1/canon-distribution/producing-districts/{department}/{year}): ' +
      'los tramos de distrito productor y provincia productora no se pueden repartir, así que no se conoce el total esperado de ninguna municipalidad; sí su parte del tramo departamental.',
    en:
      'Producing districts have not been entered for {department} in {year} (PUT /api/v1/canon-distribution/producing-districts/{department}/{year}): ' +
      'the producing-district and producing-province tiers cannot be split, so no municipality’s expected total is known; its department-tier part is.',
  },
  'canonDistribution.borrowed': {
    es: '{count} municipalidades no tienen tasa de pobreza propia en el mapa 2018 del INEI (se crearon después): se usa la de su provincia: {ubigeos}.',
    en: "{count} municipalities have no poverty rate of their own in INEI's 2018 map (created later): their province's stands in: {ubigeos}.",
    one: {
      es: 'Una municipalidad no tiene tasa de pobreza propia en el mapa 2018 del INEI (se creó después): se usa la de su provincia: {ubigeos}.',
      en: "One municipality has no poverty rate of its own in INEI's 2018 map (created later): its province's stands in: {ubigeos}.",
    },
  },
  'canonDistribution.withoutIndex': {
    es: '{count} municipalidades no tienen índice (ni población o tasa de pobreza, ni índice del MEF): {ubigeos}. Sus partes de los tramos por índice son desconocidas; esos tramos fueron a las demás.',
    en: '{count} municipalities have no index (no population or poverty rate, and no MEF index): {ubigeos}. Their parts of index tiers are unknown; those tiers went to the others.',
    one: {
      es: 'Una municipalidad no tiene índice (ni población o tasa de pobreza, ni índice del MEF): {ubigeos}. Su parte de los tramos por índice es desconocida; esos tramos fueron a las demás.',
      en: 'One municipality has no index (no population or poverty rate, and no MEF index): {ubigeos}. Its part of index tiers is unknown; those tiers went to the others.',
    },
  },
  'canonDistribution.unnamed': {
    es: '{count} municipalidades no tienen transferencias en los datos importados: su monto recibido es null.',
    en: '{count} municipalities have no transfers in the imported data: their received is null.',
    one: {
      es: 'Una municipalidad no tiene transferencias en los datos importados: su monto recibido es null.',
      en: 'One municipality has no transfers in the imported data: its received is null.',
    },
  },
  'canonDistribution.throughMonth': {
    es: 'Las transferencias cubren solo de enero al mes {month} de {year}.',
    en: 'The transfers cover January to month {month} of {year} only.',
  },
  'canonDistribution.method': {
    es:
      'El monto a repartir es lo que las entidades del departamento recibieron en el rubro 18 en el año (municipalidades, unidades del gobierno regional y universidades nacionales; por cada entidad, su última importación). ' +
      'Cada versión de las reglas da a cada tramo su parte del monto; un tramo municipal se divide entre sus municipalidades (distrito productor: los distritos productores ingresados; provincia productora: todas las municipalidades de sus provincias; departamento: todas las municipalidades del departamento) ' +
      'en partes iguales o en proporción a un índice: el índice oficial de distribución del MEF cuando se importó uno para cada municipalidad del tramo (oficial), si no una estimación, población (MINAM, año más cercano) × tasa de pobreza total (INEI 2018; para un distrito creado después del mapa de 2018, la tasa de su provincia ponderada por población). ' +
      'Una municipalidad sin índice no recibe parte de un tramo por índice (null) y el tramo va a las demás. ' +
      'Los montos son exactos al céntimo con redondeo de mayores restos: cada tramo, y la parte de cada municipalidad en un tramo, se trunca al céntimo y los céntimos sobrantes van uno a uno a los mayores restos (empates: orden de los tramos, luego ubigeo), de modo que las partes suman exactamente el monto. ' +
      'difference = recibido − esperado; differencePct = difference / esperado × 100 (un decimal); shareOfMunicipalCanonPct = recibido / lo que recibieron todas las municipalidades × 100 (dos decimales).',
    en:
      "The pot is what the department's entities received on rubro 18 in the year (municipalities, regional government units and national universities; for each entity its latest import). " +
      'Each rules version gives every tier its share of the pot; a municipal tier is divided among its municipalities (producing district: the producing districts entered; producing province: every municipality of their provinces; department: every municipality of the department) ' +
      'equally or in proportion to an index: MEF’s official distribution index when one was imported for every municipality of the tier (official), else an estimate, population (MINAM, nearest year) × total poverty rate (INEI 2018; for a district created after the 2018 map, its province’s population-weighted rate). ' +
      'A municipality without an index gets no part of an index tier (null) and the tier goes to the others. ' +
      'Amounts are exact to the céntimo with largest-remainder rounding: each tier, and each municipality’s part of a tier, is floored to the céntimo and the céntimos left over go one each to the largest remainders (ties: tier order, then ubigeo), so the parts add up to the pot exactly. ' +
      'difference = received − expected; differencePct = difference / expected × 100 (one decimal); shareOfMunicipalCanonPct = received / what all the municipalities received × 100 (two decimals).',
  },
  'canonDistribution.population': {
    es: 'Población urbana/rural del MINAM por distrito, del año más cercano al año de la distribución (el anterior en caso de empate).',
    en: 'MINAM urban/rural population by district, the year nearest to the distribution year (the earlier on a tie).',
  },
  'canonDistribution.poverty': {
    es: 'INEI, Mapa de pobreza 2018: pobreza total, % de la población (vía ubigeo-peru-aumentado, MIT); un distrito creado después toma la tasa de su provincia ponderada por población.',
    en: 'INEI, Mapa de pobreza 2018: total poverty, % of the population (via ubigeo-peru-aumentado, MIT); a district created later takes its province’s population-weighted rate.',
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
  // src/alerts/rules.ts: what each alert says
  'alert.canon_utilisation': {
    es: 'En {year}, {place} devengó el {pct} % del canon transferido ({devengado:soles} de {transferred:soles}), por debajo del {threshold} % esperado al mes {month}.',
    en: 'In {year}, {place} spent (devengado) {pct} % of the canon transferred ({devengado:soles} of {transferred:soles}), under the {threshold} % expected by month {month}.',
  },
  'alert.execution_below_peers': {
    es: 'En {year}, {place} ejecutó el {rate} % de su PIM, {gap} puntos por debajo de la mediana de {peers} municipios de su departamento ({median} %).',
    en: 'In {year}, {place} executed {rate} % of its PIM, {gap} points under the median of {peers} municipalities of its department ({median} %).',
  },
  'alert.pia_project_without_devengado': {
    es: 'El proyecto {cui} ({name}) de {place} tiene un PIA de {pia:soles} en {year} y ningún devengado al mes {month}.',
    en: 'Project {cui} ({name}) of {place} has a PIA of {pia:soles} in {year} and no devengado by month {month}.',
  },
  'alert.pim_over_pia': {
    es: 'En {year}, el PIM de {place} ({pim:soles}) supera su PIA ({pia:soles}) en {pct} %, más del {threshold} %.',
    en: 'In {year}, the PIM of {place} ({pim:soles}) exceeds its PIA ({pia:soles}) by {pct} %, more than {threshold} %.',
  },
  'alert.new_figures.budget': {
    es: 'Cifras nuevas del presupuesto de {place} en {year}: PIA {pia:soles}, PIM {pim:soles}, devengado {devengado:soles}.',
    en: 'New budget figures for {place} in {year}: PIA {pia:soles}, PIM {pim:soles}, devengado {devengado:soles}.',
  },
  'alert.new_figures.canon': {
    es: 'Cifras nuevas de canon de {place} en {year}: {transferred:soles} transferidos (rubro 18).',
    en: 'New canon figures for {place} in {year}: {transferred:soles} transferred (rubro 18).',
  },
  'alert.new_figures.execution': {
    es: 'Cifras nuevas de Consulta Amigable de {place} en {year}: PIM {pim:soles}, devengado {devengado:soles}.',
    en: 'New Consulta Amigable figures for {place} in {year}: PIM {pim:soles}, devengado {devengado:soles}.',
  },
  'alert.commitment_overdue': {
    es: 'El compromiso n.º {id}, asumido por {party} en {forum} y que concierne a {place}, venció el {deadline} sin cumplirse: {description}',
    en: 'Commitment no. {id}, made by {party} at {forum} and concerning {place}, passed its deadline ({deadline}) unfulfilled: {description}',
  },
  'source.functionLines': {
    es: 'líneas de presupuesto por función (formato budget-by-function): del rubro que declaran, a nivel de función, sin PIA',
    en: 'budget lines by función (layout budget-by-function): of the rubro they state, at función level, without PIA',
  },
  'source.functionLines18': {
    es: 'líneas de presupuesto por función del rubro 18 (formato budget-by-function): solo canon, a nivel de función, sin PIA',
    en: 'budget lines by función for rubro 18 (layout budget-by-function): canon only, at función level, without PIA',
  },
  // imports.controller.ts: an upload that repeats figures already held
  'import.sameContent': {
    es: 'Sin cambios: las cifras son las mismas de la importación {id}, con el mismo corte ({date}); no se guardó una segunda versión.',
    en: 'Unchanged ("sin cambios"): the figures are those of import {id}, at the same cut-off ({date}); no second version was stored.',
  },
} as const satisfies Record<string, SentenceText>;

export type SentenceKey = keyof typeof SENTENCES;
export type SentenceParams = Readonly<Record<string, string | number>>;

/** The sentence in `lang`, its `{name}` parameters filled in; an unknown parameter is left as written ("{cui}" in a path). */
export function sentence(key: SentenceKey, lang: Lang, params: SentenceParams = {}): string {
  const entry: SentenceText = SENTENCES[key];
  // a count of one reads in the singular where the sentence has its singular form
  const template = (entry.one && Number(params[entry.one.of ?? 'count']) === 1 ? entry.one : entry)[lang];
  // "de {measure}" with a measure that starts with the article ("el canon…"): Spanish contracts them ("del canon…"). Only at
  // that seam, where the template's preposition meets the parameter: a name's own words ("de El Dorado") are never touched.
  return template.replace(/(\b(?:de|a) )?\{(\w+)(:soles)?\}/g, (whole, preposition: string | undefined, name: string, money?: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = money ? soles(params[name]) : String(params[name]);
    if (lang === 'es' && preposition && value.startsWith('el ')) return `${preposition === 'de ' ? 'del' : 'al'} ${value.slice(3)}`;
    return `${preposition ?? ''}${value}`;
  });
}

/**
 * An amount as a reader writes it in a sentence ({name:soles}): "S/ 202,203,213", its céntimos only when it has
 * some ("S/ 1,234.50"), as the pages show amounts; exact, never rounded. What is not a decimal amount stays as it is.
 */
export function soles(value: string | number): string {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!m) return String(value);
  const [, sign, whole, cents = ''] = m;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = /^0*$/.test(cents) ? '' : `.${cents.padEnd(2, '0')}`;
  return `${sign}S/ ${grouped}${fraction}`;
}

/** "a, b and c" ("a, b y c"); the one item alone; '' for none. */
export function listAnd(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items[0] ?? '';
  return sentence('list.and', lang, { head: items.slice(0, -1).join(', '), last: items[items.length - 1] });
}
