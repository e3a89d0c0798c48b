import { Injectable } from '@nestjs/common';
import { costGrowthPct } from '../analytics/formulas.js';
import { executionRatePct, fromCents, sumToCents } from '../common/decimal.js';
import type { GeographyFilterDto } from '../common/query-params.js';
import type { WorkDisagreementDto, WorkDto, WorkFlagCountDto, WorksResponseDto } from './dto/works.dto.js';
import type { Lang } from '../i18n/messages.js';
import { sentence } from '../i18n/sentences.js';
import { COST_GROWTH_FLAG_PCT, GAP_FLAG_POINTS, gapPoints, STALE_FOLLOW_UP_MONTHS, type WorkFlag, WORK_FLAGS, workFlags } from './work-flags.js';
import { type WorkRow, WorksRepository } from './works.repository.js';

const pct = (v: string | null): number | null => (v === null ? null : Number(v));

/**
 * Which works are paid for but not built: each work's latest SSI follow-up on a day, its figures taken
 * from the source that is the authority for each (12-B: physical progress, stalled, planned dates;
 * detail: accumulated devengado, owning entity), the auditor's flags, and what the two files disagree on.
 */
@Injectable()
export class WorksService {
  constructor(private readonly repository: WorksRepository) {}

  /** `today` (Lima) stands for the date when the query gives none. */
  async works(q: GeographyFilterDto & { date?: string }, today: string, lang: Lang): Promise<WorksResponseDto> {
    const date = q.date ?? today;
    const filter: GeographyFilterDto = { department: q.department, province: q.province, municipality: q.municipality, kind: q.kind };
    const [rows, coverage] = [await this.repository.works(filter, date), await this.repository.coverage(filter, date)];
    const works = rows.map((r) => work(r, date));
    works.sort((a, b) => b.flags.length - a.flags.length || compareCents(b.devengado, a.devengado) || (a.cui < b.cui ? -1 : 1));
    const flags: WorkFlagCountDto[] = WORK_FLAGS.map((flag) => {
      const flagged = works.filter((w) => w.flags.includes(flag));
      return { flag, meaning: flagMeaning(flag, lang), works: flagged.length, devengado: fromCents(flagged.reduce((s, w) => s + sumToCents(w.devengado), 0n)) };
    });
    const sharePct = executionRatePct(BigInt(coverage.withFollowUp), BigInt(coverage.projects));
    const importIds = [...new Set(rows.flatMap((r) => [r.fImport, r.dImport, r.rImport]).filter((id): id is number => id !== null))].sort((a, b) => a - b);
    return {
      date,
      summary: summary(date, works, flags, { ...coverage, sharePct }, lang),
      thresholds: { gapPoints: GAP_FLAG_POINTS, staleMonths: STALE_FOLLOW_UP_MONTHS, costGrowthPct: COST_GROWTH_FLAG_PCT },
      flags,
      coverage: { ...coverage, sharePct },
      importIds,
      works,
    };
  }
}

function work(r: WorkRow, date: string): WorkDto {
  const devengado = r.devengado === null ? null : fromCents(sumToCents(r.devengado));
  const updatedCost = r.dCost ?? r.fCost;
  const financialFromDevengado = devengado !== null && r.dCost !== null ? executionRatePct(sumToCents(devengado), sumToCents(r.dCost)) : null;
  const financialProgressPct = financialFromDevengado ?? pct(r.fFinancial);
  // the 12-B is the authority for physical progress, but its 0.00 where the detail says "not reported" (−1)
  // is a form left blank (172 of the sample's CUIs, some whose own situation text says finished): not
  // reported, so no work is called paid-but-not-built on it (the disagreement is still listed)
  const blankF12b = r.fPhysical !== null && sumToCents(r.fPhysical) === 0n && r.dImport !== null && r.dPhysical === null;
  const physicalFromF12b = r.fImport !== null && r.fPhysical !== null && !blankF12b;
  const physicalProgressPct = blankF12b ? null : pct(physicalFromF12b ? r.fPhysical : r.dPhysical);
  const cost =
    r.rImport !== null && r.rViable !== null && r.rCost !== null
      ? { source: 'registry' as const, viable: r.rViable, updated: r.rCost }
      : r.dImport !== null && r.dViable !== null && r.dCost !== null
        ? { source: 'detail' as const, viable: r.dViable, updated: r.dCost }
        : r.fImport !== null && r.fViable !== null && r.fCost !== null
          ? { source: 'f12b' as const, viable: r.fViable, updated: r.fCost }
          : null;
  const growth = cost ? costGrowthPct(sumToCents(cost.viable), sumToCents(cost.updated)) : null;
  const facts = {
    financialPct: financialProgressPct,
    physicalPct: physicalProgressPct,
    stalled: r.stalled,
    plannedEnd: r.fEnd ?? r.dEnd,
    lastFollowUp: r.fReportedOn ?? r.dReportedOn,
    devengadoCents: devengado === null ? null : sumToCents(devengado),
    costGrowthPct: growth,
  };
  return {
    cui: r.cui,
    name: r.name,
    municipalities: r.municipalities,
    locatedBy: r.locatedBy,
    entity: r.entity,
    updatedCost: updatedCost === null ? null : fromCents(sumToCents(updatedCost)),
    devengado,
    financialProgressPct,
    financialProgressSource: financialFromDevengado !== null ? 'devengado' : financialProgressPct !== null ? 'f12b' : null,
    reportedFinancialProgressPct: pct(r.fFinancial),
    physicalProgressPct,
    physicalProgressSource: physicalProgressPct === null ? null : physicalFromF12b ? 'f12b' : 'detail',
    gapPoints: gapPoints(financialProgressPct, physicalProgressPct),
    stalled: r.stalled,
    plannedStart: r.fStart ?? r.dStart,
    plannedEnd: facts.plannedEnd,
    lastFollowUp: facts.lastFollowUp,
    modality: r.modality,
    lastSituation: r.lastSituation,
    lastProblem: r.lastProblem,
    viableAmount: cost ? fromCents(sumToCents(cost.viable)) : null,
    costGrowthPct: growth,
    costSource: cost?.source ?? null,
    flags: workFlags(facts, date),
    disagreements: disagreements(r),
  };
}

/** Where both files have the CUI: the figures they give differently, each with its source. */
function disagreements(r: WorkRow): WorkDisagreementDto[] {
  if (r.fImport === null || r.dImport === null) return [];
  const pairs: [string, string | null, string | null][] = [
    ['updatedCost', r.fCost, r.dCost],
    ['viableAmount', r.fViable, r.dViable],
    ['plannedStart', r.fStart, r.dStart],
    ['plannedEnd', r.fEnd, r.dEnd],
    ['lastFollowUp', r.fReportedOn, r.dReportedOn],
    ['physicalProgressPct', r.fPhysical, r.dPhysical],
  ];
  return pairs.filter(([, f, d]) => f !== d).map(([field, f12b, detail]) => ({ field, f12b, detail }));
}

function compareCents(a: string | null, b: string | null): number {
  const [x, y] = [sumToCents(a), sumToCents(b)];
  return x > y ? 1 : x < y ? -1 : 0;
}

/** What a flag means, in `lang` (the works.flag.* sentences). */
export function flagMeaning(flag: WorkFlag, lang: Lang): string {
  return sentence(`works.flag.${flag}`, lang, { points: GAP_FLAG_POINTS, months: STALE_FOLLOW_UP_MONTHS, pct: COST_GROWTH_FLAG_PCT });
}

function summary(
  date: string,
  works: WorkDto[],
  flags: WorkFlagCountDto[],
  coverage: { projects: number; withFollowUp: number; sharePct: number | null; unplacedWorks: number },
  lang: Lang,
): string {
  const flagged = works.filter((w) => w.flags.length > 0).length;
  const parts = flags.map((f) => sentence('works.part', lang, { works: f.works, meaning: f.meaning, devengado: f.devengado }));
  const covered =
    coverage.projects > 0
      ? sentence('works.covered', lang, { withFollowUp: coverage.withFollowUp, projects: coverage.projects, pct: String(coverage.sharePct) })
      : sentence('works.noProjects', lang);
  const unplaced = coverage.unplacedWorks > 0 ? sentence('works.unplaced', lang, { count: coverage.unplacedWorks }) : '';
  return sentence('works.summary', lang, { works: works.length, date, flagged, parts: parts.join('; '), covered, unplaced });
}
