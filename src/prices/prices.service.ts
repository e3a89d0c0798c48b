import { Global, Injectable, Module } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { inConstantPrices, type YearHints } from './constant-prices.js';
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

/** The year a request pins: year=, or fromYear = toYear. */
interface YearQuery {
  year?: number;
  fromYear?: number;
  toYear?: number;
}

/**
 * prices=constant for every amount-bearing read, in one place: the controller hands over the request and
 * how to compute its nominal answer; this converts the answer's amounts (src/prices/constant-prices.ts) and
 * states the index used. With prices=nominal (the default) the answer is returned untouched.
 */
@Injectable()
export class Prices {
  constructor(private readonly index: PriceIndexRepository) {}

  async apply<T extends object>(q: PricesQueryDto & YearQuery, answer: () => Promise<T>, hints: (answer: T) => YearHints = () => ({})): Promise<T> {
    if ((q.prices === 'constant') !== (q.base !== undefined)) throw DomainError.of('INVALID_REQUEST.pricesBase');
    if (q.prices !== 'constant') return answer();
    const base = q.base!;
    const { years, importIds } = await this.index.years(LIMA_CPI.name);
    const byYear = new Map(years.map((y) => [y.year, y]));
    const baseYear = byYear.get(base);
    if (!hasAverage(baseYear)) throw missing([base]);

    const nominal = await answer();
    const pinned = hints(nominal).year ?? (q.year ?? (q.fromYear !== undefined && q.fromYear === q.toYear ? q.fromYear : undefined));
    const result = inConstantPrices(nominal, { ...hints(nominal), year: pinned }, (amount, year) => {
      const y = byYear.get(year);
      return hasAverage(y) ? inBaseYearSoles(amount, baseYear, y) : null;
    });
    if ('kind' in result) {
      if (result.kind === 'no-index') throw missing(result.years);
      throw DomainError.of('PRICES_NEED_ONE_YEAR', { where: result.where.slice(0, 3).join(', ') + (result.where.length > 3 ? ', …' : '') });
    }
    const shown = [...new Set([base, ...result.years])].sort((a, b) => a - b).map((y) => byYear.get(y)!);
    const prices: PricesDto = {
      basis: 'constant',
      base,
      series: { ...LIMA_CPI, importIds },
      years: shown.map((y: IndexYear) => ({ year: y.year, average: averageText(y), factor: factorText(baseYear, y) })),
      rounding: ROUNDING,
      leftNominal: result.leftNominal,
    };
    return { ...result.answer, prices };
  }
}

function missing(years: number[]): DomainError {
  return DomainError.of('PRICE_INDEX_MISSING', { years: years.map(String), series: LIMA_CPI.code }, { years });
}

/** Global: every module with amount-bearing reads uses it. */
@Global()
@Module({ providers: [Prices, PriceIndexRepository], exports: [Prices] })
export class PricesModule {}
