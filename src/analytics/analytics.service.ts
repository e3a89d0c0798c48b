import { Injectable } from '@nestjs/common';
import { executionRatePct, fromCents, sumToCents, toCents, sumToSoles } from '../common/decimal.js';
import { type AnalysisQueryDto, unionOf } from './analysis-query.js';
import { AnalysisPeriods, linesOr } from './analysis-periods.js';
import { AnalyticsRepository } from './analytics.repository.js';
import type { ContributionRow } from './analytics-rows.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import { ClassificationRules } from './classification-rules.js';
import { PlanPriorities } from './plan-priorities.js';
import { canonPeriod } from './canon-analysis.js';
import type { Coverage, Input } from './coverage.js';
import { FunctionLinesRepository } from './function-lines.repository.js';
import { DIMENSIONS } from './classification.entity.js';
import { FUNCTIONS } from '../budget/classifiers.js';
import type { Lang } from '../i18n/messages.js';
import { listAnd, sentence, type SentenceKey } from '../i18n/sentences.js';
import {
  type AlignmentRowDto,
  type AmountShareDto,
  type PlanAlignmentQueryDto,
  type PlanAlignmentResponseDto,
  type PlanningGapQueryDto,
  type PlanningGapResponseDto,
  type PublicPrivateResponseDto,
} from './dto/analyses.dto.js';
import type { CanonAnalysisQueryDto, CanonAnalysisResponseDto } from './dto/canon-analysis.dto.js';
import type { DimensionsQueryDto, DimensionsResponseDto } from './dto/dimensions.dto.js';
import type { UrbanRuralQueryDto, UrbanRuralResponseDto } from './dto/urban-rural.dto.js';
import { budgetRanks, dimensionLabel, publicPrivateRatio, sharePct, tenSolesSentence } from './formulas.js';
import { PlanningGapService } from './planning-gap.service.js';
import { UrbanRuralService } from './urban-rural.service.js';

/**
 * A numeric from PostgreSQL in céntimos; null counts as 0. Sums of numeric(18,2) come with two places,
 * but coalesce(…, 0) gives "0": pad it rather than fail.
 */
const cents = sumToCents;
const money = sumToSoles;

/** The sentence of a finding whose inputs are incomplete: it is not stated, and what is missing is. */
export function notStated(finding: 'finding.dimensions' | 'finding.publicPrivate', coverage: Coverage, lang: Lang): string {
  return sentence('notStated', lang, { finding: sentence(finding, lang), missing: coverage.missing.join(' ') });
}

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly periods: AnalysisPeriods,
    private readonly analytics: AnalyticsRepository,
    private readonly functionLines: FunctionLinesRepository,
    private readonly rules: ClassificationRules,
    private readonly plans: PlanPriorities,
    private readonly urbanRuralAnalysis: UrbanRuralService,
    private readonly planningGapAnalysis: PlanningGapService,
  ) {}

  /** `prices` (in each analysis): how the amounts of its rows are added up, NOMINAL or each year in constant soles. */
  async dimensions(q: DimensionsQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<DimensionsResponseDto> {
    const version = await this.rules.resolve(q.version);
    const context = {
      sources: (inputs: Input[]): SentenceKey[] => (inputs.includes('functionLines') ? ['source.functionLines'] : ['source.lines']),
      inputs: linesOr(['lines'], ['functionLines'], (y) => y.withFunctionLines),
      classificationVersion: version,
    };
    return this.periods.run(
      q,
      lang,
      context,
      async (sel, coverage) => {
        const functional = coverage.spending?.source === 'function_lines';
        const { rows, meta } = functional ? await this.functionLines.functionDimensions(sel, version) : await this.analytics.dimensions(sel, version);
        // nothing imported is not nothing spent: without lines the amounts are unknown, not zero
        const known = (functional ? coverage.functionLines : coverage.budgetLines).municipalityYears > 0;
        const amount = (cents: bigint) => (known ? fromCents(cents) : null);
        const total = rows.reduce((sum: bigint, r) => sum + cents(r.pim), 0n);
        const totalDevengado = rows.reduce((sum: bigint, r) => sum + cents(r.devengado), 0n);
        const result = DIMENSIONS.map((dimension) => {
          const functions = rows.filter((r) => r.dimension === dimension);
          const pim = functions.reduce((s: bigint, r) => s + cents(r.pim), 0n);
          const devengado = functions.reduce((s: bigint, r) => s + cents(r.devengado), 0n);
          return {
            dimension,
            label: dimensionLabel(dimension, lang),
            pim: amount(pim),
            devengado: amount(devengado),
            sharePct: sharePct(pim, total),
            devengadoSharePct: sharePct(devengado, totalDevengado),
            executionRatePct: executionRatePct(devengado, pim),
            ...(q.byFunction
              ? {
                  functions: functions.map((f) => ({
                    function: f.function_code,
                    // null when every line of the función is a project moved to a dimension by hand (ClassifiedSumRow): the classifier's name
                    name: f.function_name ?? FUNCTIONS[f.function_code] ?? f.function_code,
                    pim: money(f.pim),
                    devengado: money(f.devengado),
                    executionRatePct: executionRatePct(cents(f.devengado), cents(f.pim)),
                  })),
                }
              : {}),
          };
        });
        const leftOut = [];
        const unclassified = rows.filter((r) => r.dimension === 'unclassified').reduce((s: bigint, r) => s + cents(r.pim), 0n);
        if (unclassified > 0n) leftOut.push(sentence('dimensions.unclassified', lang, { amount: fromCents(unclassified), withoutRule: meta.without_rule_pim }));
        if (cents(meta.overridden_pim) > 0n) leftOut.push(sentence('dimensions.overridden', lang, { amount: meta.overridden_pim }));
        let stated: string | null;
        if (functional) {
          // canon (or another rubro) spent, by función: its dimensions in devengado, the only spending these lines hold whole
          const rubros = listAnd(coverage.functionLines.rubros, lang);
          leftOut.push(sentence('dimensions.functionScope', lang, { rubros }));
          const finer = 'finer_rules' in meta ? Number(meta.finer_rules) : 0;
          if (finer > 0) leftOut.push(sentence('dimensions.finerRules', lang, { count: finer, version }));
          const shares = result.map((r) => ({ label: r.label, amount: toCents(r.devengado ?? '0.00') }));
          const canon = coverage.functionLines.rubros.join() === '18';
          stated = coverage.complete
            ? tenSolesSentence(shares, lang, canon ? 'tenSoles.canonDevengado' : 'tenSoles.rubrosDevengado', { rubros })
            : sentence('notStated', lang, { finding: sentence('finding.dimensionsFunction', lang, { rubros }), missing: coverage.missing.join(' ') });
        } else {
          const shares = result.map((r) => ({ label: r.label, amount: toCents(r.pim ?? '0.00') }));
          stated = coverage.complete ? tenSolesSentence(shares, lang) : notStated('finding.dimensions', coverage, lang);
        }
        return {
          rows: result,
          totalPim: amount(total),
          totalDevengado: amount(totalDevengado),
          sentence: stated,
          withoutRulePim: meta.without_rule_pim,
          overriddenPim: meta.overridden_pim,
          municipalitiesWithData: meta.municipalities,
          trace: { importIds: meta.import_ids, years: meta.years, leftOut },
        };
      },
      prices,
    );
  }

  async canon(q: CanonAnalysisQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<CanonAnalysisResponseDto> {
    const context = {
      sources: (inputs: Input[]): SentenceKey[] => [
        'source.transfers',
        inputs.includes('functionLines18') ? 'source.functionLines18' : 'source.linesRubro18',
        'source.population',
      ],
      inputs: linesOr(['lines', 'rubro18', 'transfers'], ['functionLines18', 'transfers'], (y) => y.withFunctionRubro18),
    };
    return this.periods.run(
      q,
      lang,
      context,
      async (sel, coverage, coverageOf) => {
        const functional = coverage.spending?.source === 'function_lines';
        // each municipality-year's figures in the soles asked for, before the period adds them up
        const rows = (await this.analytics.canon(sel, functional)).map((r) => {
          const y = Number(r.year);
          return {
            ...r,
            amount: prices.amount(r.amount, y),
            pim18: prices.amount(r.pim18, y),
            dev18: prices.amount(r.dev18, y),
            pim_all: prices.amount(r.pim_all, y),
          };
        });
        return canonPeriod(rows, await this.analytics.municipalities(sel), lang, functional, coverageOf);
      },
      prices,
    );
  }

  /** The urban/rural analysis (UrbanRuralService). */
  urbanRural(q: UrbanRuralQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<UrbanRuralResponseDto> {
    return this.urbanRuralAnalysis.urbanRural(q, lang, prices);
  }

  /** The planning-gap analysis (PlanningGapService). */
  planningGap(q: PlanningGapQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<PlanningGapResponseDto> {
    return this.planningGapAnalysis.planningGap(q, lang, prices);
  }

  async publicPrivate(q: AnalysisQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<PublicPrivateResponseDto> {
    return this.periods.run(
      q,
      lang,
      { sources: ['source.publicDevengado', 'source.contributions'], inputs: ['totals'] },
      async (sel, coverage) => {
        const { publicTotals, contributions } = await this.analytics.publicPrivate(sel);
        const publicDev = cents(publicTotals.devengado);
        const privateTotal = contributions.reduce((s: bigint, r) => s + cents(r.amount), 0n);
        const groupBy = (key: (r: ContributionRow) => string, label: (r: ContributionRow) => string): AmountShareDto[] => {
          const sums = new Map<string, { label: string; amount: bigint }>();
          for (const r of contributions) {
            const k = key(r);
            const entry = sums.get(k) ?? { label: label(r), amount: 0n };
            entry.amount += cents(r.amount);
            sums.set(k, entry);
          }
          return [...sums.entries()]
            .sort(([ka, a], [kb, b]) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : ka < kb ? -1 : 1))
            .map(([k, v]) => ({ key: k, label: v.label, amount: fromCents(v.amount), sharePct: sharePct(v.amount, privateTotal) }));
        };
        const ratio = publicPrivateRatio(publicDev, privateTotal);
        const leftOut = [];
        const noContributions = contributions.length === 0;
        const noTotals = publicTotals.import_ids.length === 0;
        if (noContributions) leftOut.push(sentence('publicPrivate.noContributions', lang));
        if (noTotals) leftOut.push(sentence('publicPrivate.noTotals', lang));
        return {
          // nothing imported is unknown, not 0 (leftOut says which file is missing)
          publicDevengado: noTotals ? null : fromCents(publicDev),
          privateAmount: noContributions ? null : fromCents(privateTotal),
          ratio,
          sentence:
            ratio === null
              ? null
              : coverage.complete
                ? sentence('publicPrivate.sentence', lang, { ratio })
                : notStated('finding.publicPrivate', coverage, lang),
          bySector: groupBy(
            (r) => r.sector,
            (r) => r.sector,
          ),
          byDistrict: groupBy(
            (r) => r.ubigeo,
            (r) => r.municipality,
          ),
          byFunder: groupBy(
            (r) => r.funder,
            (r) => r.funder,
          ),
          trace: {
            importIds: [...publicTotals.import_ids, ...contributions.flatMap((r) => r.import_ids)],
            years: unionOf([publicTotals.years.map(Number), contributions.map((r) => Number(r.year))]),
            leftOut,
          },
        };
      },
      prices,
    );
  }

  async planAlignment(q: PlanAlignmentQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<PlanAlignmentResponseDto> {
    const version = await this.rules.resolve(q.version);
    return this.periods.run(
      q,
      lang,
      { sources: ['source.planPriorities', 'source.linesPim'], inputs: ['lines'], classificationVersion: version },
      async (sel) => {
        const priorities = await this.plans.ofSelection(sel);
        const none = { rows: [], importIds: [], years: [] };
        const {
          rows: budget,
          importIds,
          years,
        } = priorities.length
          ? await this.analytics.budgetRanks({ ...sel, municipality: unionOf([priorities.map((p) => p.ubigeo as string)]).join(',') }, version)
          : none;
        // grouped once by municipality: filtering every row for each of 1,891 municipalities was quadratic at national scale
        const byUbigeo = <T extends { ubigeo: string }>(rows: T[]) => {
          const groups = new Map<string, T[]>();
          for (const r of rows) (groups.get(r.ubigeo) ?? groups.set(r.ubigeo, []).get(r.ubigeo)!).push(r);
          return groups;
        };
        const prioritiesOf = byUbigeo(priorities);
        const budgetOf = byUbigeo(budget);
        const municipalities = unionOf([[...prioritiesOf.keys()]]).map((ubigeo) => {
          const own = prioritiesOf.get(ubigeo)!;
          const lines = budgetOf.get(ubigeo) ?? [];
          const total = lines.filter((b) => b.level === 'function').reduce((s: bigint, b) => s + cents(b.pim), 0n);
          const ranks = {
            dimension: budgetRanks(
              lines.filter((b) => b.level === 'dimension' && b.code !== 'unclassified').map((b) => ({ code: b.code, amount: cents(b.pim) })),
            ),
            function: budgetRanks(lines.filter((b) => b.level === 'function').map((b) => ({ code: b.code, amount: cents(b.pim) }))),
          };
          const rows: AlignmentRowDto[] = own.map((p) => {
            const pim = cents(lines.find((b) => b.level === p.level && b.code === p.code)?.pim);
            const budgetRank = ranks[p.level as 'dimension' | 'function'].get(p.code) ?? null;
            return {
              rank: p.rank,
              level: p.level,
              code: p.code,
              label: p.level === 'dimension' ? dimensionLabel(p.code, lang) : sentence('function.label', lang, { code: p.code }),
              budgetRank,
              pim: fromCents(pim),
              sharePct: sharePct(pim, total),
              aligned: budgetRank === p.rank,
            };
          });
          return { ubigeo, name: own[0].name, plan: own[0].plan, priorities: rows, mismatches: rows.filter((r) => !r.aligned) };
        });
        const leftOut = priorities.length === 0 ? [sentence('planAlignment.noPriorities', lang)] : [];
        return {
          municipalities,
          trace: {
            importIds,
            years,
            leftOut,
          },
        };
      },
      prices,
    );
  }
}
