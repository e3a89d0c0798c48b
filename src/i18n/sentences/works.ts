import type { SentenceText } from '../message-types.js';

/** The works' summary and the flags' meanings (src/works/works.service.ts). */
export const WORKS_SENTENCES = {
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
} as const satisfies Record<string, SentenceText>;
