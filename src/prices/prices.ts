import { divRoundHalfUp, fromCents, toCents } from '../common/decimal.js';

/**
 * Constant soles: a nominal amount of year Y in soles of base year B is
 *
 *     amount × average(B) ÷ average(Y)
 *
 * where average(Y) is the mean of the 12 monthly values of the price index in Y (BCRP's Lima CPI,
 * PN38705PM). A year with fewer than 12 months of the index has no average: no amount of it is converted
 * (the read is refused, never estimated from part of a year). The arithmetic is exact: the index values are
 * held as integers at a common scale and the amount as céntimos, so the only rounding is the last one, to
 * the céntimo, half away from zero (as PostgreSQL's round() and the rest of the service round).
 */

/** Months a year needs for its average. */
export const FULL_YEAR_MONTHS = 12;

/** A year of the index: how many months it has and their sum, as exact decimal text ("691.1834502815"). */
export interface IndexYear {
  year: number;
  months: number;
  sum: string;
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** "691.18" at scale 4 → 6911800n. */
function scaled(text: string, scale: number): bigint {
  if (!DECIMAL.test(text)) throw new Error(`not a non-negative decimal: ${text}`);
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > scale) throw new Error(`${text} has more than ${scale} decimal places`);
  return BigInt(whole + fraction.padEnd(scale, '0'));
}

const placesOf = (text: string): number => text.split('.')[1]?.length ?? 0;

/** Whether the year has an average: all 12 months of the index. */
export const hasAverage = (y: IndexYear | undefined): y is IndexYear => y !== undefined && y.months === FULL_YEAR_MONTHS;

/** a ÷ b (both positive) as decimal text with `places` places, half away from zero. */
function quotientText(a: bigint, b: bigint, places: number): string {
  const q = divRoundHalfUp(a * 10n ** BigInt(places), b)
    .toString()
    .padStart(places + 1, '0');
  return places === 0 ? q : `${q.slice(0, -places)}.${q.slice(-places)}`;
}

/** The year's average index, shown with `places` places (the conversion itself uses the exact average). */
export function averageText(y: IndexYear, places = 6): string {
  if (y.months !== FULL_YEAR_MONTHS) throw new Error(`${y.year} has ${y.months} months of the index, not ${FULL_YEAR_MONTHS}`);
  const scale = placesOf(y.sum);
  return quotientText(scaled(y.sum, scale), BigInt(y.months) * 10n ** BigInt(scale), places);
}

/** average(base) ÷ average(year), shown with `places` places: what an amount of `year` is multiplied by. */
export function factorText(base: IndexYear, year: IndexYear, places = 6): string {
  const [b, y] = ratioTerms(base, year);
  return quotientText(b, y, places);
}

/** Numerator and denominator of average(base) ÷ average(year) as integers: the sums at one scale, each times the other's month count. */
export function ratioTerms(base: IndexYear, year: IndexYear): [bigint, bigint] {
  if (!hasAverage(base) || !hasAverage(year)) throw new Error('both years need all 12 months of the index');
  const scale = Math.max(placesOf(base.sum), placesOf(year.sum));
  return [scaled(base.sum, scale) * BigInt(year.months), scaled(year.sum, scale) * BigInt(base.months)];
}

/**
 * A nominal amount of `year` ("1000000.00") in soles of `base`, rounded to the céntimo half away from zero.
 * Both years must have all 12 months of the index.
 */
export function inBaseYearSoles(amount: string, base: IndexYear, year: IndexYear): string {
  const [b, y] = ratioTerms(base, year);
  return fromCents(divRoundHalfUp(toCents(amount) * b, y));
}
