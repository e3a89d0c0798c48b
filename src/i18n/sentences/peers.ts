import type { SentenceText } from '../message-types.js';

/** Where a municipality stands among its peers (src/analytics/peers.service.ts). */
export const PEER_SENTENCES = {
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
} as const satisfies Record<string, SentenceText>;
