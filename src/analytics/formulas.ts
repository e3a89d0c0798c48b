import { divRoundHalfUp } from '../common/decimal.js';
import type { Lang } from '../i18n/messages.js';
import { listAnd, sentence } from '../i18n/sentences.js';

/** part / total × 100, one decimal, half away from zero; null when the total is not positive. */
export function sharePct(part: bigint, total: bigint): number | null {
  if (total <= 0n) return null;
  return Number(divRoundHalfUp(part * 1000n, total)) / 10;
}

export interface DimensionShare {
  label: string;
  /** céntimos */
  amount: bigint;
}

/**
 * The study's sentence: "of every 10 soles, 6 went to equal rights, 3 to income and productivity and
 * less than one to structural change", of PIM or (`key`) of the devengado of canon or of other rubros.
 * Each share of 10 soles is rounded to a whole sol; a share that rounds to 0 but is not 0 is "less than one". Parts are listed largest first; empty ones are left out.
 */
export function tenSolesSentence(
  parts: DimensionShare[],
  lang: Lang = 'en',
  key: 'tenSoles.sentence' | 'tenSoles.canonDevengado' | 'tenSoles.rubrosDevengado' = 'tenSoles.sentence',
  params: Record<string, string> = {},
): string | null {
  const total = parts.reduce((sum, p) => sum + p.amount, 0n);
  if (total <= 0n) return null;
  const phrases = [...parts]
    .filter((p) => p.amount > 0n)
    .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0))
    .map((p) => {
      const soles = divRoundHalfUp(p.amount * 10n, total);
      return sentence('tenSoles.part', lang, { soles: soles === 0n ? sentence('tenSoles.lessThanOne', lang) : soles.toString(), label: p.label });
    });
  return sentence(key, lang, { ...params, list: listAnd(phrases, lang) });
}

/**
 * Urban share of spending ÷ urban share of population, two decimals: 1 is even, below 1 urban places
 * get less than their share, above 1 more. Null when either share is unknown or the population share is 0.
 */
export function skewIndex(spendingSharePct: number | null, populationSharePct: number | null): number | null {
  if (spendingSharePct === null || populationSharePct === null || populationSharePct === 0) return null;
  // shares come with one decimal: work in tenths to divide exactly
  const tenths = (v: number) => BigInt(Math.round(v * 10));
  return Number(divRoundHalfUp(tenths(spendingSharePct) * 100n, tenths(populationSharePct))) / 100;
}

/**
 * Name keywords that say where a project is, matched on its name lower-cased without accents. The
 * same patterns run in PostgreSQL (`~`) and in JavaScript, so they use only syntax both share. Rural
 * is tried first: "plaza de armas del anexo X" is a rural work.
 */
export const AREA_KEYWORDS = {
  rural:
    '(^|[^a-z])(comunidad(es)? campesinas?|cc\\.? ?cc\\.?|c\\.c\\.|anexos?|caserios?|centro poblado|c\\.p\\.|canal(es)? de riego|riego|irrigacion|reservorios?|qochas?|cochas?|rural(es)?|ganader|alpacas?|camelidos?|pastos|trochas?|sector rural)',
  urban:
    '(^|[^a-z])(plaza de armas|plaza principal|jr\\.|jiron|av\\.|avenida|calles?|pasajes?|psje\\.|estadio municipal|urbanizacion|zona urbana|casco urbano|ciudad de|mercado|malecon|coliseo|palacio municipal|pistas y veredas|veredas|parque)',
};

/** A district is urban (or rural) by its location when at least this share of its people are. */
export const LOCATION_SHARE = 0.9;

/** The area a project's name suggests, or null: the JavaScript twin of the SQL heuristic. */
export function areaFromName(name: string): 'urban' | 'rural' | null {
  // called for every project row of an import: compiled once, case-insensitive instead of a lower-cased
  // copy, and accents stripped only where there are any (each copy of a million names shows in memory)
  const plain = /[^\x00-\x7f]/.test(name) ? name.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : name;
  if (RURAL.test(plain)) return 'rural';
  if (URBAN.test(plain)) return 'urban';
  return null;
}
const RURAL = new RegExp(AREA_KEYWORDS.rural, 'i');
const URBAN = new RegExp(AREA_KEYWORDS.urban, 'i');

const WORDS: Record<Lang, string[]> = {
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'],
  es: ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez'],
};

/**
 * The study's "one of every four" ("uno de cada cuatro"): part of total as one of every N, N = total ÷ part
 * rounded half up. "none" when the part is 0, "all" when it is the whole; null for an empty total.
 */
export function oneInEvery(part: bigint, total: bigint, lang: Lang = 'en'): string | null {
  if (total <= 0n) return null;
  if (part <= 0n) return sentence('oneInEvery.none', lang);
  if (part >= total) return sentence('oneInEvery.all', lang);
  const n = divRoundHalfUp(total, part);
  if (n === 1n) return sentence('oneInEvery.nearlyAll', lang);
  return sentence('oneInEvery.oneOf', lang, { n: n <= 10n ? WORDS[lang][Number(n)] : n.toString() });
}

/** (latest − first) ÷ first × 100, one decimal: the study's stadium "+100 %". Null without a positive first cost. */
export function costGrowthPct(firstCents: bigint, latestCents: bigint): number | null {
  if (firstCents <= 0n) return null;
  return Number(divRoundHalfUp((latestCents - firstCents) * 1000n, firstCents)) / 10;
}

export interface CanonYear {
  year: number;
  /** null when nothing was imported for the year (unknown, not zero) */
  transferred: bigint | null;
  devengado: bigint | null;
}

/**
 * Canon carried over: each year's transfers not spent (devengado on rubro 18) stay with the
 * municipality as balance for the next year. The balance starts at 0 before the first year given; a
 * year with either side unknown has no unspent amount, and the balance is unknown from it on.
 */
export function carryOverSeries(years: CanonYear[]): (CanonYear & { unspent: bigint | null; carryOver: bigint | null })[] {
  let balance: bigint | null = 0n;
  return [...years]
    .sort((a, b) => a.year - b.year)
    .map((y) => {
      const unspent = y.transferred === null || y.devengado === null ? null : y.transferred - y.devengado;
      balance = balance === null || unspent === null ? null : balance + unspent;
      return { ...y, unspent, carryOver: balance };
    });
}

/** public ÷ private, two decimals (the study: 2.6 times); null without private money. */
export function publicPrivateRatio(publicCents: bigint, privateCents: bigint): number | null {
  if (privateCents <= 0n) return null;
  return Number(divRoundHalfUp(publicCents * 100n, privateCents)) / 100;
}

export interface Ranked {
  code: string;
  /** céntimos */
  amount: bigint;
}

/**
 * Ranks of codes by amount, largest first (1 = most money); ties share no rank: the smaller code goes
 * first so a rank is reproducible. Codes with no money are not ranked.
 */
export function budgetRanks(items: Ranked[]): Map<string, number> {
  const ranked = items.filter((i) => i.amount > 0n).sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : a.code < b.code ? -1 : 1));
  return new Map(ranked.map((i, n) => [i.code, n + 1]));
}

/** How the ECLAC dimensions are named in sentences and tables (in English; dimensionLabel for a reader's language). */
export const DIMENSION_LABELS: Record<string, string> = {
  structural_change: 'structural change',
  income_productivity: 'income and productivity',
  equal_rights: 'equal rights',
  unclassified: 'unclassified',
};

/** A dimension's name in `lang`; its code when it is none of the four. */
export function dimensionLabel(dimension: string, lang: Lang): string {
  const key = `dimension.${dimension}` as const;
  return Object.hasOwn(DIMENSION_LABELS, dimension) ? sentence(key as 'dimension.equal_rights', lang) : dimension;
}
