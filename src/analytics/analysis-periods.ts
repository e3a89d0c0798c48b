import { Injectable } from '@nestjs/common';
import { type AnalysisInputsDto, type AnalysisQueryDto, periodDto, type PeriodDto, resolvePeriods, type Selection, unionOf } from './analysis-query.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { type Coverage, type CoverageYear, type Input, judgeCoverage } from './coverage.js';
import { CoverageRepository } from './coverage.repository.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import type { Lang } from '../i18n/messages.js';
import { sentence, type SentenceKey } from '../i18n/sentences.js';

/**
 * The inputs of an analysis that reads spending: the budget lines (`lines`), or, for a period that has none
 * at all and has budget lines by función (`present` counts them per year), those (`functional`). One source
 * per period, never both: función-grain lines cover one rubro and no PIA, so mixed with full lines they
 * would make sums of unlike things.
 */
export function linesOr(lines: Input[], functional: Input[], present: (y: CoverageYear) => number) {
  return (years: CoverageYear[]): Input[] => (!years.some((y) => y.withLines > 0) && years.some((y) => present(y) > 0) ? functional : lines);
}

/** What one period of an analysis found, besides its figures: for the response's inputs. */
interface PeriodTrace {
  importIds: number[];
  years: number[];
  leftOut?: string[];
}

/** What every analysis does around its own figures: one run per period of the query, with its coverage and its inputs stated. */
@Injectable()
export class AnalysisPeriods {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly coverage: CoverageRepository,
  ) {}

  /**
   * Runs an analysis for each period of the query over the same municipalities and snapshot, with the
   * coverage of the inputs it reads (`context.inputs`), and states its inputs: the municipalities,
   * periods, years found, snapshot, imports read, version, gaps.
   */
  async run<T>(
    q: AnalysisQueryDto,
    lang: Lang,
    context: {
      sources: SentenceKey[] | ((inputs: Input[]) => SentenceKey[]);
      inputs: Input[] | ((years: CoverageYear[]) => Input[]);
      classificationVersion?: number;
    },
    /** `coverageOf(year)`: the coverage of one year of the period, for findings stated year by year. */
    analyse: (sel: Selection, coverage: Coverage, coverageOf: (year: number) => Coverage) => Promise<T & { trace: PeriodTrace }>,
    prices: PriceBasis = NOMINAL,
  ): Promise<{ inputs: AnalysisInputsDto; periods: (Omit<T, 'trace'> & { period: PeriodDto; coverage: Coverage })[] }> {
    const periods = resolvePeriods(q);
    const selection: Selection = { department: q.department, province: q.province, municipality: q.municipality, kind: q.kind, snapshot: q.snapshot, prices };
    const results = [];
    const sources = new Set<SentenceKey>();
    for (const period of periods) {
      const sel = { ...selection, fromYear: period.fromYear, toYear: period.toYear };
      const years = await this.coverage.coverage(sel);
      const inputs = typeof context.inputs === 'function' ? context.inputs(years) : context.inputs;
      for (const key of typeof context.sources === 'function' ? context.sources(inputs) : context.sources) sources.add(key);
      const coverage = judgeCoverage(years, inputs, lang);
      const coverageOf = (year: number) =>
        judgeCoverage(
          years.filter((y) => y.year === year),
          inputs,
          lang,
        );
      results.push({ coverage, ...(await analyse(sel, coverage, coverageOf)) });
    }
    const several = periods.length > 1;
    return {
      inputs: {
        municipalities: await this.analytics.municipalities(selection),
        periods: periods.map(periodDto),
        years: unionOf(results.map((r) => r.trace.years.map(Number))),
        snapshot: q.snapshot ?? null,
        importIds: unionOf(results.map((r) => r.trace.importIds.map(Number))),
        classificationVersion: context.classificationVersion ?? null,
        sources: [...sources].map((key) => sentence(key, lang)),
        leftOut: results.flatMap((r, i) =>
          [...r.coverage.missing, ...(r.trace.leftOut ?? [])].map((note) => (several ? `${periods[i].label}: ${note}` : note)),
        ),
      },
      periods: results.map(
        ({ trace: _trace, coverage, ...figures }, i) =>
          ({ period: periodDto(periods[i]), coverage, ...figures }) as Omit<T, 'trace'> & { period: PeriodDto; coverage: Coverage },
      ),
    };
  }
}
