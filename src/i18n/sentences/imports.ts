import type { SentenceText } from '../message-types.js';

/** An upload that repeats figures already held (src/imports/dto/import.dto.ts). */
export const IMPORT_SENTENCES = {
  'import.sameContent': {
    es: 'Sin cambios: las cifras son las mismas de la importación {id}, con el mismo corte ({date}); no se guardó una segunda versión.',
    en: 'Unchanged ("sin cambios"): the figures are those of import {id}, at the same cut-off ({date}); no second version was stored.',
  },
  'import.duplicateOtherDate': {
    es: 'Este archivo ya se importó (importación {id}, corte {date}); la fecha enviada, {asked}, no se aplicó: los mismos bytes no se guardan dos veces.',
    en: 'This file was imported before (import {id}, cut-off {date}); the date sent, {asked}, was not applied: the same bytes are not stored twice.',
  },
} as const satisfies Record<string, SentenceText>;
