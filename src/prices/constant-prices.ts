/**
 * Where the amounts of an answer are and which year each belongs to, for constant soles: one walk over
 * any answer of the service (src/prices/prices.service.ts applies it to every amount-bearing read).
 *
 * An amount is a property named in ANNUAL_AMOUNTS whose value is a decimal string with two places. Its year
 * is that of the nearest object around it that states one: a `year` (a number) or a `period` of one year
 * (fromYear = toYear); else the year the whole answer is of (the request's one year, or the only year found). An amount with no such year adds up several years, which no one
 * factor converts: the answer is refused (PRICES_NEED_ONE_YEAR), never converted with a guessed year.
 * Rates, shares, counts and populations are left as they are. Amounts that belong to no year at all (a
 * project's cost, which grows from one estimate to the next) are left nominal and named in `leftNominal`.
 *
 * Sentences quote the figures beside them exactly ("450564829.00 del PIM está sin clasificar"), so a
 * figure quoted in a text of the answer is replaced by its converted value: the one of the same object
 * or an enclosing one, else the one every converted figure of that nominal value became.
 */

/** Amounts of one year each (the figures of a municipality-year, a period of one year, a month). */
export const ANNUAL_AMOUNTS: ReadonlySet<string> = new Set([
  // execution
  'pia',
  'pim',
  'certificacion',
  'compromisoAnual',
  'atencionCompromisoMensual',
  'devengado',
  'girado',
  'unspent',
  'pimPerCapita',
  'devengadoPerCapita',
  'cumulativeDevengado',
  'annualPim',
  // canon transfers and the unspent-canon analysis (carryOver: the balance at the end of its year, valued at that year's prices)
  'amount',
  'total',
  'transferred',
  'unspentOfTransferred',
  'unspentOfPim',
  'transferredPerCapita',
  'carryOver',
  // dimensions, public-private
  'totalPim',
  'withoutRulePim',
  'overriddenPim',
  'publicDevengado',
  'privateAmount',
  // canon distribution
  'municipalities',
  'regionalGovernment',
  'universities',
  'unassigned',
  'received',
  'difference',
  'expected',
  'producingDistrict',
  'producingProvince',
  'department',
]);

/** Amounts of no one year: a project's cost estimates, compared across snapshots. Left in nominal soles. */
export const NOT_ANNUAL_AMOUNTS: ReadonlySet<string> = new Set(['firstCost', 'latestCost', 'firstTotal', 'latestTotal', 'updatedCost', 'viableAmount']);

const MONEY = /^-?\d+\.\d{2}$/;
const MONEY_IN_TEXT = /-?\b\d+\.\d{2}\b/g;

/** What the request says about the year of the figures. */
export interface YearHints {
  /** The one year every figure of the answer is of, when the request (or the data found) pins one. */
  year?: number;
}

export interface Converted<T> {
  answer: T;
  /** The years whose figures were converted, ascending. */
  years: number[];
  /** Properties holding amounts of no one year, left nominal. */
  leftNominal: string[];
}

/** Why an answer cannot be converted: figures adding up several years (where), or years the index lacks. */
export type Refusal = { kind: 'several-years'; where: string[] } | { kind: 'no-index'; years: number[] };

interface Context {
  year: number | 'several' | undefined;
  /** nominal text → converted text, of the amounts met in this context */
  seen: Map<string, string>;
  parent?: Context;
}

type Holder = Record<string, unknown> | unknown[];

/**
 * The answer with every annual amount converted by `convert(amount, year)` (null: the year has no index),
 * or why it cannot be. Pure: the same answer and conversions give the same result.
 */
export function inConstantPrices<T>(answer: T, hints: YearHints, convert: (amount: string, year: number) => string | null): Converted<T> | Refusal {
  const several: string[] = [];
  const missing = new Set<number>();
  const used = new Set<number>();
  const leftNominal = new Set<string>();
  const everywhere = new Map<string, Set<string>>();
  const texts: { holder: Holder; key: string | number; context: Context }[] = [];

  const amount = (value: string, context: Context, path: string): string => {
    if (typeof context.year !== 'number') {
      several.push(path);
      return value;
    }
    const converted = convert(value, context.year);
    if (converted === null) {
      missing.add(context.year);
      return value;
    }
    used.add(context.year);
    context.seen.set(value, converted);
    if (!everywhere.has(value)) everywhere.set(value, new Set());
    everywhere.get(value)!.add(converted);
    return converted;
  };

  const walk = (node: unknown, context: Context, path: string): unknown => {
    if (Array.isArray(node)) {
      const out: unknown[] = node.map((item, i) => walk(item, context, `${path}[${i}]`));
      for (const [i, item] of node.entries()) if (typeof item === 'string') texts.push({ holder: out, key: i, context });
      return out;
    }
    if (node === null || typeof node !== 'object') return node;
    const source = node as Record<string, unknown>;
    const year = yearOf(source);
    const inner: Context = year === undefined ? context : { year, seen: new Map(), parent: context };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
      const at = path ? `${path}.${key}` : key;
      if (typeof value === 'string' && MONEY.test(value) && ANNUAL_AMOUNTS.has(key)) {
        out[key] = amount(value, inner, at);
      } else if (typeof value === 'string') {
        if (NOT_ANNUAL_AMOUNTS.has(key) && MONEY.test(value)) leftNominal.add(key);
        out[key] = value;
        texts.push({ holder: out, key, context: inner });
      } else {
        out[key] = walk(value, inner, at);
      }
    }
    return out;
  };

  const root: Context = { year: hints.year, seen: new Map() };
  const converted = walk(answer, root, '') as T;
  if (several.length > 0) return { kind: 'several-years', where: several };
  if (missing.size > 0) return { kind: 'no-index', years: [...missing].sort((a, b) => a - b) };

  // figures quoted in texts, once every figure is converted
  for (const { holder, key, context } of texts) {
    const text = (holder as Record<string | number, unknown>)[key] as string;
    (holder as Record<string | number, unknown>)[key] = text.replace(MONEY_IN_TEXT, (figure) => quoted(figure, context, everywhere) ?? figure);
  }
  return { answer: converted, years: [...used].sort((a, b) => a - b), leftNominal: [...leftNominal].sort() };
}

/** The converted value of a figure quoted in a text: its context's or an enclosing one's, else the only one it had anywhere. */
function quoted(figure: string, context: Context, everywhere: Map<string, Set<string>>): string | undefined {
  for (let c: Context | undefined = context; c; c = c.parent) {
    const found = c.seen.get(figure);
    if (found !== undefined) return found;
  }
  const all = everywhere.get(figure);
  return all?.size === 1 ? [...all][0] : undefined;
}

/** The year an object states for its figures: its `year` or its one-year `period`; 'several' for a period of more. */
function yearOf(node: Record<string, unknown>): number | 'several' | undefined {
  if (typeof node.year === 'number') return node.year;
  const period = node.period as { fromYear?: unknown; toYear?: unknown } | undefined;
  if (period && typeof period === 'object' && 'fromYear' in period) {
    return typeof period.fromYear === 'number' && period.fromYear === period.toYear ? period.fromYear : 'several';
  }
  return undefined;
}

/** The properties of an answer holding amounts of no one year (NOT_ANNUAL_AMOUNTS), which no conversion touches. */
export function leftNominalIn(answer: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && NOT_ANNUAL_AMOUNTS.has(key) && MONEY.test(value)) found.add(key);
        else walk(value);
      }
    }
  };
  walk(answer);
  return [...found].sort();
}
