/**
 * The auditor's red flags on a work, as pure functions of what its follow-up says on a date.
 * The thresholds are choices, named here and stated in every answer:
 */

/** Financial progress ahead of physical progress by more than this many percentage points: "paid, not built". */
export const GAP_FLAG_POINTS = 20;
/** No follow-up (Formato 12-B update) for more than this many months before the date. */
export const STALE_FOLLOW_UP_MONTHS = 6;
/** Updated cost above the viable amount by more than this share (Invierte.pe registry, else SSI's own figures). */
export const COST_GROWTH_FLAG_PCT = 20;

export const WORK_FLAGS = ['paid_not_built', 'stalled', 'overdue', 'no_recent_follow_up', 'cost_overrun'] as const;
export type WorkFlag = (typeof WORK_FLAGS)[number];

/** What each flag means, for the answers and the report. */
export interface WorkFacts {
  financialPct: number | null;
  physicalPct: number | null;
  stalled: boolean | null;
  plannedEnd: string | null;
  /** The day of the last Formato 12-B update. */
  lastFollowUp: string | null;
  devengadoCents: bigint | null;
  costGrowthPct: number | null;
}

/** Financial minus physical progress, in points with two decimals (both have at most two); null without both. */
export function gapPoints(financialPct: number | null, physicalPct: number | null): number | null {
  if (financialPct === null || physicalPct === null) return null;
  return (Math.round(financialPct * 100) - Math.round(physicalPct * 100)) / 100;
}

/** The calendar day `months` months before `date` (YYYY-MM-DD), clamped to the month's last day: 2026-08-31 − 6 → 2026-02-28. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The flags a work carries on `date`, in WORK_FLAGS order. An unknown figure raises no flag that needs it. */
export function workFlags(f: WorkFacts, date: string): WorkFlag[] {
  const gap = gapPoints(f.financialPct, f.physicalPct);
  const staleBefore = monthsBefore(date, STALE_FOLLOW_UP_MONTHS);
  const raised: Record<WorkFlag, boolean> = {
    paid_not_built: gap !== null && gap > GAP_FLAG_POINTS,
    stalled: f.stalled === true,
    overdue: f.plannedEnd !== null && f.plannedEnd < date && f.physicalPct !== null && f.physicalPct < 100,
    no_recent_follow_up: f.lastFollowUp === null ? (f.devengadoCents ?? 0n) > 0n : f.lastFollowUp < staleBefore,
    cost_overrun: f.costGrowthPct !== null && f.costGrowthPct > COST_GROWTH_FLAG_PCT,
  };
  return WORK_FLAGS.filter((flag) => raised[flag]);
}
