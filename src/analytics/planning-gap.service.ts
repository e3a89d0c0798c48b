import { Injectable } from '@nestjs/common';
import { executionRatePct, fromCents, sumToCents, sumToSoles } from '../common/decimal.js';
import { AnalysisPeriods } from './analysis-periods.js';
import type { Input } from './coverage.js';
import { PlanningGapRepository } from './planning-gap.repository.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import type { Lang } from '../i18n/messages.js';
import { sentence, type SentenceKey } from '../i18n/sentences.js';
import type { PlanningGapQueryDto, PlanningGapResponseDto, TopPiaFlag } from './dto/analyses.dto.js';
import { costGrowthPct, oneInEvery, sharePct } from './formulas.js';

/**
 * A numeric from PostgreSQL in céntimos; null counts as 0. Sums of numeric(18,2) come with two places,
 * but coalesce(…, 0) gives "0": pad it rather than fail.
 */
const cents = sumToCents;
const money = sumToSoles;

/** The planning-gap analysis: projects budgeted without being planned (or planned and dropped), the largest PIAs, and cost growth, per period. */
@Injectable()
export class PlanningGapService {
  constructor(
    private readonly periods: AnalysisPeriods,
    private readonly repository: PlanningGapRepository,
  ) {}

  /** Cost growth compares registry estimates of no one year: left in nominal soles whatever `prices` (named in prices.leftNominal). */
  async planningGap(q: PlanningGapQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<PlanningGapResponseDto> {
    const top = q.top ?? 10;
    const context = { sources: ['source.projectLinesKind2', 'source.registryCosts'] as SentenceKey[], inputs: ['lines'] as Input[] };
    return this.periods.run(
      q,
      lang,
      context,
      async (sel, coverage) => {
        const { counts: c, topPia, importIds } = await this.repository.planningGap(sel, top);
        const growth = await this.repository.costGrowth(sel, top);
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
            // the study's verdict only from complete lines (the figures stand, marked partial by the coverage)
            inWords: coverage.complete ? oneInEvery(BigInt(c.planned_projects), BigInt(c.pim_projects), lang) : null,
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
}
