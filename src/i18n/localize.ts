import type { DomainError, RowError } from '../common/domain-error.js';
import { isMessageKey, type Lang, type MessageKey, type Params, recognize, render } from './messages.js';

/** A message in `lang`: from its key when it has one, else recognised from its English text; as written when neither. */
export function localized(code: string, message: string, lang: Lang, key?: MessageKey, params: Params = {}): string {
  if (key && isMessageKey(key)) return render(key, params, lang);
  const known = recognize(code, message);
  return known ? render(known.key, known.params, lang) : message;
}

export const localizedError = (error: DomainError, lang: Lang): string => localized(error.code, error.message, lang, error.key, error.params);

/**
 * A row error as callers see it, its message in `lang` (without the key and parameters it is stored with).
 * Stored errors keep the key and parameters rather than words, so that a record is read in whichever language
 * is asked for later, and a better wording reaches old records too; the English message is stored beside them
 * for whoever reads the table directly.
 */
export function localizedRow({ key, params, ...error }: RowError, lang: Lang): RowError {
  return { ...error, message: localized(error.code, error.message, lang, key ?? undefined, params ?? {}) };
}

/** Row errors in `details.errors` of a problem, localized; other details as they are. */
export function localizedDetails(details: Record<string, unknown>, lang: Lang): Record<string, unknown> {
  return Array.isArray(details.errors) ? { ...details, errors: (details.errors as RowError[]).map((e) => localizedRow(e, lang)) } : details;
}

/**
 * The English words inside an import note's examples and details (written with the note, in English, by the
 * imports), and the same in Spanish. The file's own labels and names around them are kept as written.
 */
const NOTE_WORDS: readonly (readonly [RegExp, string])[] = [
  [/; and (\d+) more(?=\.|$)/, '; y $1 más'],
  [/\(row (\d+)\)(?=[;.]|$)/g, '(fila $1)'],
  [/\(1 row\)(?=[;.]|$)/g, '(1 fila)'],
  [/\((\d+) rows\)(?=[;.]|$)/g, '($1 filas)'],
  [/ \(no owning entity in this file\)(?=[;.]|$)/g, ' (sin entidad dueña en este archivo)'],
  [/: not a municipality\)(?=[;.]|$)/g, ': no es una municipalidad)'],
  [/: names no district municipality\)(?=[;.]|$)/g, ': no nombra ninguna municipalidad distrital)'],
  [/: names no provincial municipality\)(?=[;.]|$)/g, ': no nombra ninguna municipalidad provincial)'],
  [/: names (\d+) district municipalities\)(?=[;.]|$)/g, ': nombra $1 municipalidades distritales)'],
  [/: names (\d+) provincial municipalities\)(?=[;.]|$)/g, ': nombra $1 municipalidades provinciales)'],
  [/ Owned by a municipality whose name designates none or several: /, ' De una municipalidad cuyo nombre no designa ninguna o designa varias: '],
  [/ Owned by no municipality, or with no owner in this file: /, ' De ninguna municipalidad, o sin dueña en este archivo: '],
];

/** An import note (IMPORT_NOTES) in `lang`, the words inside its examples too; as written when it is none of them. */
export function localizedNote(message: string, lang: Lang): string {
  const known = recognize('IMPORT_NOTE', message);
  if (!known) return message;
  if (lang === 'en') return render(known.key, known.params, lang);
  const params = Object.fromEntries(
    Object.entries(known.params).map(([name, value]) => [
      name,
      typeof value === 'string' ? NOTE_WORDS.reduce((text, [en, es]) => text.replace(en, es), value) : value,
    ]),
  );
  return render(known.key, params, lang);
}
