import type { KeysOnce, SentenceText } from './message-types.js';
import type { Lang } from './messages.js';
import { ALERT_SENTENCES } from './sentences/alerts.js';
import { CANON_DISTRIBUTION_SENTENCES } from './sentences/canon-distribution.js';
import { COVERAGE_SENTENCES } from './sentences/coverage.js';
import { FINDING_SENTENCES } from './sentences/findings.js';
import { FORMULA_SENTENCES } from './sentences/formulas.js';
import { IMPORT_SENTENCES } from './sentences/imports.js';
import { PEER_SENTENCES } from './sentences/peers.js';
import { REPORT_SENTENCES } from './sentences/report.js';
import { WORKS_SENTENCES } from './sentences/works.js';

/**
 * The human texts of the analyses (sentences, coverage notes, left-out notes, methods), in Spanish (es-PE,
 * the default) and English, with `{name}` parameters, as problems.ts holds the errors.
 *
 * Numbers: a figure inside a sentence is written exactly as the figure of the answer beside it (money as its
 * decimal string, "450564829.00"; shares with one decimal point, "62.5"), the same in both languages, so a
 * reader finds the sentence's figure in the table; es-PE writes the decimal point as English does, and the web
 * pages format figures for display (web/src/format.ts). Only the words change with the language.
 *
 * The texts are kept by the part of the service that says them, in sentences/; this module assembles them.
 */
export const SENTENCES = {
  ...FORMULA_SENTENCES,
  ...COVERAGE_SENTENCES,
  ...PEER_SENTENCES,
  ...FINDING_SENTENCES,
  ...REPORT_SENTENCES,
  ...WORKS_SENTENCES,
  ...CANON_DISTRIBUTION_SENTENCES,
  ...ALERT_SENTENCES,
  ...IMPORT_SENTENCES,
} as const satisfies Record<string, SentenceText> &
  KeysOnce<
    [
      typeof FORMULA_SENTENCES,
      typeof COVERAGE_SENTENCES,
      typeof PEER_SENTENCES,
      typeof FINDING_SENTENCES,
      typeof REPORT_SENTENCES,
      typeof WORKS_SENTENCES,
      typeof CANON_DISTRIBUTION_SENTENCES,
      typeof ALERT_SENTENCES,
      typeof IMPORT_SENTENCES,
    ]
  >;

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
