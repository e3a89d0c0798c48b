import type { SentenceText } from '../message-types.js';

/** An upload that repeats figures already held (src/imports/dto/import.dto.ts). */
export const IMPORT_SENTENCES = {
  'import.sameContent': {
    es: 'Sin cambios: las cifras son las mismas de la importación {id}, con el mismo corte ({date}); no se guardó una segunda versión.',
    en: 'Unchanged ("sin cambios"): the figures are those of import {id}, at the same cut-off ({date}); no second version was stored.',
  },
} as const satisfies Record<string, SentenceText>;
