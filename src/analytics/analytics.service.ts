import { Injectable } from '@nestjs/common';
import { executionRatePct, fromCents, sumToCents, toCents } from '../common/decimal.js';
import { type AnalysisInputsDto, type AnalysisQueryDto, periodDto, type PeriodDto, resolvePeriods, type Selection, unionOf } from './analysis-query.js';
import { AnalyticsRepository } from './analytics.repository.js';
import type { ContributionRow } from './analytics-rows.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import { ClassificationRules } from './classification-rules.js';
import { PlanPriorities } from './plan-priorities.js';
import { canonPeriod } from './canon-analysis.js';
import { municipalityLevel, projectLevel } from './urban-rural.js';
import { type Coverage, type CoverageYear, type Input, judgeCoverage } from './coverage.js';
import { CoverageRepository } from './coverage.repository.js';
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
  type TopPiaFlag,
} from './dto/analyses.dto.js';
import type { CanonAnalysisQueryDto, CanonAnalysisResponseDto } from './dto/canon-analysis.dto.js';
import type { DimensionsQueryDto, DimensionsResponseDto } from './dto/dimensions.dto.js';
import type { UrbanRuralQueryDto, UrbanRuralResponseDto } from './dto/urban-rural.dto.js';
import { budgetRanks, costGrowthPct, dimensionLabel, oneInEvery, publicPrivateRatio, sharePct, tenSolesSentence } from './formulas.js';

/**
 * A numeric from PostgreSQL in céntimos; null counts as 0. Sums of numeric(18,2) come with two places,
 * but coalesce(…, 0) gives "0": pad it rather than fail.
 */
const cents = sumToCents;
const money = (v: string | null | undefined): string => fromCents(cents(v));

/** The sentence of a finding whose inputs are incomplete: it is not stated, and what is missing is. */
export function notStated(finding: 'finding.dimensions' | 'finding.publicPrivate', coverage: Coverage, lang: Lang): string {
  return sentence('notStated', lang, { finding: sentence(finding, lang), missing: coverage.missing.join(' ') });
}

/**
 * The inputs of an analysis that reads spending: the budget lines (`lines`), or, for a period that has none
 * at all and has budget lines by función (`present` counts them per year), those (`functional`). One source
 * per period, never both: función-grain lines cover one rubro and no PIA, so mixed with full lines they
 * would make sums of unlike things.
 */
function linesOr(lines: Input[], functional: Input[], present: (y: CoverageYear) => number) {
  return (years: CoverageYear[]): Input[] => (!years.some((y) => y.withLines > 0) && years.some((y) => present(y) > 0) ? functional : lines);
}

/** What one period of an analysis found, besides its figures: for the response's inputs. */
interface PeriodTrace {
  importIds: number[];
  years: number[];
  leftOut?: string[];
}

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly coverage: CoverageRepository,
    private readonly functionLines: FunctionLinesRepository,
    private readonly rules: ClassificationRules,
    private readonly plans: PlanPriorities,
  ) {}

  /**
   * Runs an analysis for each period of the query over the same municipalities and snapshot, with the
   * coverage of the inputs it reads (`context.inputs`), and states its inputs: the municipalities,
   * periods, years found, snapshot, imports read, version, gaps.
   */
  private async perPeriod<T>(
    q: AnalysisQueryDto,
    lang: Lang,
    context: {
      sources: SentenceKey[] | ((inputs: Input[]) => SentenceKey[]);
      inputs: Input[] | ((years: CoverageYear[]) => Input[]);
      classificationVersion?: number;
    },
    analyse: (sel: Selection, coverage: Coverage) => Promise<T & { trace: PeriodTrace }>,
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
      results.push({ coverage, ...(await analyse(sel, coverage)) });
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

  /** `prices` (in each analysis): how the amounts of its rows are added up, NOMINAL or each year in constant soles. */
  async dimensions(q: DimensionsQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<DimensionsResponseDto> {
    const version = await this.rules.resolve(q.version);
    const context = {
      sources: (inputs: Input[]): SentenceKey[] => (inputs.includes('functionLines') ? ['source.functionLines'] : ['source.lines']),
      inputs: linesOr(['lines'], ['functionLines'], (y) => y.withFunctionLines),
      classificationVersion: version,
    };
    return this.perPeriod(
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
    return this.perPeriod(
      q,
      lang,
      context,
      async (sel, coverage) => {
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
        return canonPeriod(rows, await this.analytics.municipalities(sel), lang, functional);
      },
      prices,
    );
  }

  async urbanRural(q: UrbanRuralQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<UrbanRuralResponseDto> {
    const top = q.top ?? 10;
    return this.perPeriod(
      q,
      lang,
      {
        sources: ['source.projectLines', 'source.registryAreas', 'source.totals', 'source.population'],
        inputs: ['lines', 'totals', 'population'],
      },
      async (sel) => {
        // one look at the population split for both levels
        const split = await this.analytics.populationSplit(sel);
        const projects = projectLevel(await this.analytics.urbanRuralProjects(sel, top), split, sel, lang);
        const municipalities = municipalityLevel(await this.analytics.urbanRuralMunicipalities(sel), split, sel, lang);
        return {
          projectLevel: projects.result,
          municipalityLevel: municipalities.result,
          trace: {
            importIds: [...projects.importIds, ...municipalities.importIds],
            years: unionOf([projects.years, municipalities.years]),
            leftOut: projects.leftOut,
          },
        };
      },
      prices,
    );
  }

  /** Cost growth compares registry estimates of no one year: left in nominal soles whatever `prices` (named in prices.leftNominal). */
  async planningGap(q: PlanningGapQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<PlanningGapResponseDto> {
    const top = q.top ?? 10;
    const context = { sources: ['source.projectLinesKind2', 'source.registryCosts'] as SentenceKey[], inputs: ['lines'] as Input[] };
    return this.perPeriod(
      q,
      lang,
      context,
      async (sel) => {
        const { counts: c, topPia, importIds } = await this.analytics.planningGap(sel, top);
        const growth = await this.analytics.costGrowth(sel, top);
        const withPim = cents(c.pim_amount);
        const inPia = cents(c.planned_pim);
        const topProjects = topPia.map((p) => {
          const [pia, pim, devengado] = [cents(p.pia), cents(p.pim), cents(p.devengado)];
          const base = pim > 0n ? pim : pia;
          const flags: TopPiaFlag[] = devengado <= 0n ? ['never_executed'] : devengado * 10n < base ? ['under_10_pct'] : [];
          return {
            cui: p.cui,
            year: Number(p.year),
            name: p.name,
            pia: money(p.pia),
            pim: money(p.pim),
            devengado: money(p.devengado),
            executionRatePct: executionRatePct(devengado, pim),
            flags,
          };
        });
        const never = topProjects.filter((p) => p.flags.includes('never_executed')).length;
        const under10 = topProjects.filter((p) => p.flags.includes('under_10_pct')).length;
        const first = cents(growth.counts.first_total);
        const latest = cents(growth.counts.latest_total);
        const leftOut = [];
        if (growth.counts.with_costs === 0) leftOut.push(sentence('planningGap.noCosts', lang));
        return {
          withPim: { projects: c.pim_projects, amount: fromCents(withPim) },
          inPia: {
            projects: c.planned_projects,
            amount: fromCents(inPia),
            projectsSharePct: sharePct(BigInt(c.planned_projects), BigInt(c.pim_projects)),
            amountSharePct: sharePct(inPia, withPim),
            inWords: oneInEvery(BigInt(c.planned_projects), BigInt(c.pim_projects), lang),
          },
          added: { projects: c.added_projects, amount: money(c.added_pim) },
          dropped: { projects: c.dropped_projects, amount: money(c.dropped_pia) },
          withPia: { projects: c.pia_projects, amount: money(c.pia_amount) },
          topPia: { projects: topProjects, neverExecuted: never, under10Pct: under10 },
          costGrowth: {
            projectsWithCost: growth.counts.with_costs,
            grew: growth.counts.grew,
            doubled: growth.counts.doubled,
            firstTotal: fromCents(first),
            latestTotal: fromCents(latest),
            growthPct: costGrowthPct(first, latest),
            projects: growth.rows.map((p) => ({
              cui: p.cui,
              name: p.name ?? null,
              firstCost: money(p.first_cost),
              latestCost: money(p.latest_cost),
              growthPct: costGrowthPct(cents(p.first_cost), cents(p.latest_cost)),
              snapshots: p.snapshots,
            })),
          },
          trace: { importIds: [...importIds, ...growth.importIds], years: (c.years as number[]).map(Number), leftOut },
        };
      },
      prices,
    );
  }

  async publicPrivate(q: AnalysisQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<PublicPrivateResponseDto> {
    return this.perPeriod(
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
        if (contributions.length === 0) leftOut.push(sentence('publicPrivate.noContributions', lang));
        if (cents(publicTotals.pim) === 0n && publicDev === 0n) leftOut.push(sentence('publicPrivate.noTotals', lang));
        return {
          publicDevengado: fromCents(publicDev),
          privateAmount: fromCents(privateTotal),
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
    return this.perPeriod(
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
