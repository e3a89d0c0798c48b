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
