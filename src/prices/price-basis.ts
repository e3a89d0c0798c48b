import { divRoundHalfUp, fromCents, sumToCents } from '../common/decimal.js';
import { ratioTerms, type IndexYear } from './prices.js';

/**
 * How a read that adds up several years takes its amounts: as stored (nominal), or each in soles of the
 * base year, converted with the factor of its own year before anything is added up. A read that sums in
 * SQL wraps each amount column of its rows (rows of one year each: a municipality-year, a rollup or line
 * of it) in `sql(column, yearColumn)`; a read that adds rows up in TypeScript passes each through `amount`.
 * Nominal reads get NOMINAL, whose SQL is the column itself: the same statement as before, as fast.
 */
export interface PriceBasis {
  /** SQL: the amount `column` (numeric, two places) of a row whose year is `year` (an int expression). */
  sql(column: string, year: string): string;
  /** TypeScript: a nominal amount ("123.45", or null) of `year`. */
  amount(value: string | null, year: number): string | null;
}

export const NOMINAL: PriceBasis = { sql: (column) => column, amount: (value) => value };

/** A constant-soles basis, and the years it was asked to convert without an index (the read is then refused). */
export interface ConstantBasis extends PriceBasis {
  missing: Set<number>;
}

/**
 * Each amount times average(base) ÷ average(its year), rounded to the céntimo half away from zero: in SQL
 * exactly as inBaseYearSoles does it in TypeScript, with integers, céntimos c → sign(c)·⌊(2|c|·B + Y) ÷ 2Y⌋
 * where B ÷ Y is the factor as a ratio of integers. `years` are those with all 12 months of the index; a row
 * of any other year gets NULL in SQL (and the year is caught from the answer's years, see Prices) or, in
 * TypeScript, is recorded in `missing`.
 */
export function constantBasis(base: IndexYear, years: IndexYear[]): ConstantBasis {
  const terms = new Map(years.map((y) => [y.year, ratioTerms(base, y)]));
  const missing = new Set<number>();
  const branches = [...terms].map(
    ([year, [b, y]]) =>
      (column: string) =>
        `WHEN ${year} THEN sign(${column}) * div(abs(${column}) * ${200n * b} + ${y}, ${2n * y}) / 100`,
  );
  return {
    missing,
    sql: (column, year) => `round(CASE ${year} ${branches.map((branch) => branch(`(${column})`)).join(' ')} END, 2)`,
    amount: (value, year) => {
      if (value === null) return null;
      const t = terms.get(year);
      if (!t) {
        missing.add(year);
        return value;
      }
      return fromCents(divRoundHalfUp(sumToCents(value) * t[0], t[1]));
    },
  };
}
