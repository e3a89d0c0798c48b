import { Global, Injectable, Module } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { inConstantPrices, leftNominalIn, type YearHints } from './constant-prices.js';
import { constantBasis, NOMINAL, type PriceBasis } from './price-basis.js';
import { PriceIndexRepository } from './price-index.repository.js';
import type { PricesDto, PricesQueryDto } from './prices.dto.js';
import { averageText, factorText, hasAverage, inBaseYearSoles, type IndexYear } from './prices.js';

/** The deflator: BCRP's Lima CPI as BCRPData names it (the name the bcrp-series import stores). */
export const LIMA_CPI = {
  code: 'PN38705PM',
  name: 'Índice de precios Lima Metropolitana (índice Dic.2021 = 100) - Índice de Precios al Consumidor (IPC)',
  source: 'BCRP, BCRPData, serie PN38705PM (IPC de Lima Metropolitana, INEI)',
} as const;

const ROUNDING =
  'Each amount times average(base) ÷ average(its year), from its nominal value, rounded to the céntimo half away from zero; a total may differ from the sum of its converted parts by a few céntimos.';
const ROUNDING_EACH_YEAR =
  'Figures of several years: each row read (a municipality-year, or a line or rollup of it, all of one year) times average(base) ÷ average(its year), rounded to the céntimo half away from zero, before anything is added up; every sum and total is the exact sum of those converted amounts.';
const RATIOS = 'Rates and shares are those of the nominal figures: within one year every amount has the same factor, which cancels.';
const RATIOS_EACH_YEAR =
  'Rates, shares and per-capita figures are computed from the converted amounts: over several years each year weighs by its own factor, so they differ slightly from the nominal ones.';

/** The years a request asks for: year=, fromYear/toYear, or periods= of analyses ("2007-2008,2011"). */
interface YearQuery {
  year?: number;
  fromYear?: number;
  toYear?: number;
  periods?: string;
}

/** Whether a request's figures may add up several years: a range, no year at all, or a period of several years. */
export function spansSeveralYears(q: YearQuery): boolean {
  if (q.periods !== undefined) return q.periods.split(',').some((p) => /^(\d{4})-(?!\1$)\d{4}$/.test(p));
  if (q.year !== undefined) return false;
  return q.fromYear === undefined || q.fromYear !== q.toYear;
}

/**
 * prices=constant for every amount-bearing read, in one place: the controller hands over the request and
 * how to compute its answer; with prices=nominal (the default) that is all, the answer untouched.
 *
 * In constant soles, figures of one year are converted after the fact, amount by amount
 * (src/prices/constant-prices.ts): rates and shares stay the nominal ones. Figures that add up several
 * years cannot be converted after the fact; a read that can convert each year before adding up (`yearsRead`
 * given: its answer function takes a PriceBasis, src/prices/price-basis.ts) is run once with the basis of
 * constant soles, and every amount, rate and share of it is computed from the converted rows. Either way a
 * year read without a full index refuses the answer (PRICE_INDEX_MISSING), and the index used is stated.
 */
@Injectable()
export class Prices {
  constructor(private readonly index: PriceIndexRepository) {}

  /**
   * `answer(basis)`: the read, its amounts taken through `basis` (NOMINAL but for figures of several years).
   * `hints`: the one year of the answer where it states one. `yearsRead`: for a read that converts each year
   * before adding up, the years its answer read.
   */
  async apply<T extends object>(
    q: PricesQueryDto & YearQuery,
    answer: (basis: PriceBasis) => Promise<T>,
    hints: (answer: T) => YearHints = () => ({}),
    yearsRead?: (answer: T) => number[],
  ): Promise<T> {
    const asked = await this.asked(q);
    if (!asked) return answer(NOMINAL);
    if (yearsRead && spansSeveralYears(q)) {
      const { answer: converted, prices } = await this.converted(asked, answer, yearsRead);
      return { ...converted, prices };
    }

    const nominal = await answer(NOMINAL);
    const pinned = hints(nominal).year ?? q.year ?? (q.fromYear !== undefined && q.fromYear === q.toYear ? q.fromYear : undefined);
    const { baseYear, byYear } = asked;
    const result = inConstantPrices(nominal, { ...hints(nominal), year: pinned }, (amount, year) => {
      const y = byYear.get(year);
      return hasAverage(y) ? inBaseYearSoles(amount, baseYear, y) : null;
    });
    if ('kind' in result) {
      if (result.kind === 'no-index') throw missing(result.years);
      throw DomainError.of('PRICES_NEED_ONE_YEAR', { where: result.where.slice(0, 3).join(', ') + (result.where.length > 3 ? ', …' : '') });
    }
    return { ...result.answer, prices: stated(asked, result.years, false, result.leftNominal) };
  }

  /**
   * A read whose every amount goes through the basis whatever its span (the audit report: one way for all
   * its sheets), and how its soles are stated: null in nominal soles.
   */
  async eachYear<T>(
    q: PricesQueryDto,
    answer: (basis: PriceBasis) => Promise<T>,
    yearsRead: (answer: T) => number[],
  ): Promise<{ answer: T; prices: PricesDto | null }> {
    const asked = await this.asked(q);
    if (!asked) return { answer: await answer(NOMINAL), prices: null };
    return this.converted(asked, answer, yearsRead);
  }

  /** The index of a constant-soles request (null: nominal), its base year checked. */
  private async asked(q: PricesQueryDto): Promise<Asked | null> {
    if ((q.prices === 'constant') !== (q.base !== undefined)) throw DomainError.of('INVALID_REQUEST.pricesBase');
    if (q.prices !== 'constant') return null;
    const base = q.base!;
    const { years, importIds } = await this.index.years(LIMA_CPI.name);
    const byYear = new Map(years.map((y) => [y.year, y]));
    const baseYear = byYear.get(base);
    if (!hasAverage(baseYear)) throw missing([base]);
    return { base, baseYear, byYear, years, importIds };
  }

  /** The read run once with the basis of constant soles; refused when a year it read has no full index. */
  private async converted<T>(asked: Asked, answer: (basis: PriceBasis) => Promise<T>, yearsRead: (answer: T) => number[]) {
    const basis = constantBasis(asked.baseYear, asked.years.filter(hasAverage));
    const converted = await answer(basis);
    const read = yearsRead(converted);
    const lacking = [...new Set([...basis.missing, ...read.filter((y) => !hasAverage(asked.byYear.get(y)))])].sort((a, b) => a - b);
    if (lacking.length > 0) throw missing(lacking);
    return { answer: converted, prices: stated(asked, read, true, leftNominalIn(converted)) };
  }
}

interface Asked {
  base: number;
  baseYear: IndexYear;
  byYear: Map<number, IndexYear>;
  years: IndexYear[];
  importIds: number[];
}

/** The prices block of an answer: the base, the series, the years converted with their averages and factors, how sums and ratios were made. */
function stated({ base, baseYear, byYear, importIds }: Asked, converted: number[], eachYear: boolean, leftNominal: string[]): PricesDto {
  return {
    basis: 'constant',
    base,
    series: { ...LIMA_CPI, importIds },
    years: [...new Set([base, ...converted])]
      .sort((a, b) => a - b)
      .map((y) => byYear.get(y)!)
      .map((y: IndexYear) => ({ year: y.year, average: averageText(y), factor: factorText(baseYear, y) })),
    sums: eachYear ? 'each-year-converted' : 'converted-after',
    rounding: eachYear ? ROUNDING_EACH_YEAR : ROUNDING,
    ratios: eachYear ? RATIOS_EACH_YEAR : RATIOS,
    leftNominal,
  };
}

function missing(years: number[]): DomainError {
  return DomainError.of('PRICE_INDEX_MISSING', { years: years.map(String), series: LIMA_CPI.code }, { years });
}

/** Global: every module with amount-bearing reads uses it. */
@Global()
@Module({ providers: [Prices, PriceIndexRepository], exports: [Prices] })
export class PricesModule {}
