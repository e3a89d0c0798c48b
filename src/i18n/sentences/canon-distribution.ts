import type { SentenceText } from '../message-types.js';

/** The canon distribution's notes and method (src/canon-distribution/canon-distribution.service.ts). */
export const CANON_DISTRIBUTION_SENTENCES = {
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
} as const satisfies Record<string, SentenceText>;
