export const MONTH_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

export type MonthlySeries = 'devengado' | 'pim';

/**
 * SQL for month `m` of a budget line's monthly series. Lines added up from several rows, and lines of
 * MEF's monthly-columns layout, store the twelve months (`devengado_by_month`, `pim_by_month`); a line
 * made from one month's row stores only that month (`through_month`), whose figure is the line's own:
 * a million such lines would otherwise carry 24 array elements each into every import's COPY.
 */
export function monthOf(line: string, series: MonthlySeries, m: number | string): string {
  return `CASE WHEN ${line}.${series}_by_month IS NOT NULL THEN ${line}.${series}_by_month[${m}] WHEN ${line}.through_month = ${m} THEN ${line}.${series} END`;
}

/** SQL for a budget line's twelve-month series (null when the source had no months): stored, or made from its one month. */
export function monthlySeries(line: string, series: MonthlySeries): string {
  return `CASE WHEN ${line}.${series}_by_month IS NOT NULL THEN ${line}.${series}_by_month
               WHEN ${line}.through_month IS NOT NULL THEN ARRAY[${MONTH_NUMBERS.map((m) => `CASE WHEN ${line}.through_month = ${m} THEN ${line}.${series} END`).join(', ')}]::numeric(18,2)[] END`;
}

/**
 * SQL aggregates adding up the series of the lines `line` of a group, month by month (null when none
 * has months); a group of one line keeps that line's own (so a line of one month's row stays without arrays).
 */
export function summedSeries(line: string, series: MonthlySeries): string {
  return `CASE WHEN count(*) = 1 THEN min(${line}.${series}_by_month)
               WHEN count(${line}.${series}_by_month) + count(${line}.through_month) > 0
               THEN ARRAY[${MONTH_NUMBERS.map((m) => `sum(${monthOf(line, series, m)})`).join(', ')}] END`;
}

/** Whether a line has a monthly series (the same test as GET /execution/monthly's: its devengado series exists). */
export const withMonths = (l: string) => `(${l}.devengado_by_month IS NOT NULL OR ${l}.through_month IS NOT NULL)`;
