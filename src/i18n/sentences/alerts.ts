import type { SentenceText } from '../message-types.js';

/** What each alert says (src/alerts/rules.ts). */
export const ALERT_SENTENCES = {
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
} as const satisfies Record<string, SentenceText>;
