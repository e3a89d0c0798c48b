import type { MessageText } from './message-types.js';
import { PROBLEMS } from './problems.js';
import { ROW_PROBLEMS } from './row-problems.js';

/** The languages of messages; Spanish is the default. */
export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];
export const DEFAULT_LANG: Lang = 'es';

export type ProblemKey = keyof typeof PROBLEMS;
export type RowProblemKey = keyof typeof ROW_PROBLEMS;
export type MessageKey = ProblemKey | RowProblemKey;

/** A message not yet put into words: its key and parameters. Lists and nested messages are worded in the same language. */
export interface Said {
  /** The stable code: the key up to its first dot. */
  code: string;
  key: MessageKey;
  params: Params;
  /** In English: for logs, and for whoever reads the stored record without a language. */
  message: string;
}
export type ParamValue = string | number | readonly string[] | readonly Said[];
export type Params = Readonly<Record<string, ParamValue>>;

/** The whole registry (docs/ERRORS.md is generated from it). */
export const MESSAGES: Readonly<Record<MessageKey, MessageText & { status?: number }>> = { ...PROBLEMS, ...ROW_PROBLEMS };

export const isMessageKey = (key: unknown): key is MessageKey => typeof key === 'string' && Object.hasOwn(MESSAGES, key);
export const codeOf = (key: MessageKey): string => key.split('.')[0];
export const statusOf = (key: ProblemKey): number => PROBLEMS[key].status;

const OR: Record<Lang, string> = { es: ' o ', en: ' or ' };

/** The message in `lang`, its `{name}` parameters filled in; an unknown parameter is left as written. */
export function render(key: MessageKey, params: Params, lang: Lang): string {
  return MESSAGES[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? word(params[name], lang) : whole)).trim();
}

function word(value: ParamValue, lang: Lang): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value.length === 0) return '';
  if (typeof value[0] !== 'string') return (value as readonly Said[]).map((s) => render(s.key, s.params, lang)).join(' ');
  const items = value as readonly string[];
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')}${OR[lang]}${items[items.length - 1]}`;
}

/** A message with its code, worded in English for logs and records; localize() words it again for a reader. */
export function say(key: MessageKey, params: Params = {}): Said {
  return { code: codeOf(key), key, params, message: render(key, params, 'en') };
}

/**
 * The key and parameters of an English message written before this registry, or by code that still passes
 * its own text (`new DomainError(status, code, text)`): each English template of the code is tried as a
 * pattern. Null when none matches; the text is then shown as it is.
 */
export function recognize(code: string, message: string): { key: MessageKey; params: Params } | null {
  for (const { key, pattern, names } of patternsOf(code)) {
    const m = pattern.exec(message);
    if (m) return { key, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) };
  }
  return null;
}

interface Pattern {
  key: MessageKey;
  pattern: RegExp;
  names: string[];
  /** Characters of fixed text. */
  literal: number;
}
let patterns: Map<string, Pattern[]> | undefined;
function patternsOf(code: string): Pattern[] {
  patterns ??= new Map();
  if (patterns.size === 0) {
    for (const key of Object.keys(MESSAGES) as MessageKey[]) {
      const names: string[] = [];
      const source = MESSAGES[key].en
        .split(/(\{\w+\})/)
        .map((part) => {
          const name = /^\{(\w+)\}$/.exec(part)?.[1];
          if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '(.*?)';
        })
        .join('');
      const list = patterns.get(codeOf(key)) ?? [];
      list.push({ key, pattern: new RegExp(`^${source}$`, 's'), names, literal: MESSAGES[key].en.replace(/\{\w+\}/g, '').length });
      patterns.set(codeOf(key), list);
    }
    // the template with the most fixed text first: "There is no analysis named {name}." before "There is no {method} {path}."
    for (const list of patterns.values()) list.sort((x, y) => y.literal - x.literal);
  }
  return patterns.get(code) ?? [];
}
