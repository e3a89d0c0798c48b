import { isRealDate, limaDate } from '../common/calendar-date.js';
import { DomainError } from '../common/domain-error.js';
import { DATE_RANGE } from '../common/query-params.js';
import type { Cell } from './readers/sheet-row.js';

/** Where an import's cut-off date came from ('today' only in records made before a file had to state it). */
export type SnapshotSource = 'request' | 'file';

/** What a file says of its own date, besides its rows: its title rows above the header, its sheet's name and its file name. */
export interface FileLabels {
  preamble: Cell[][];
  sheet?: string | null;
  fileName: string;
}

/**
 * The data's cut-off: the request's, else the date the file states: a cut-off column (`stated`, the
 * latest its rows give), a date in a title row above the header, in its sheet's name or in its file
 * name (`…_snap2025-02-13.csv`). Never today: a file that states none is refused with
 * SNAPSHOT_DATE_REQUIRED, since a wrong date would put its figures in the wrong place of the history.
 */
export function resolveSnapshot(
  requested: string | undefined,
  stated: string | null,
  labels: FileLabels,
  now = new Date(),
): { date: string; source: SnapshotSource } {
  if (requested) return { date: requested, source: 'request' };
  const today = limaDate(now);
  // a cut-off month that is still under way (transfers "through December" read on 6 December) is as of today
  // (a date before any a read can ask for, snapshot= from DATE_RANGE.from, is no date)
  if (stated && stated >= DATE_RANGE.from) return { date: stated < today ? stated : today, source: 'file' };
  const labelled = labelledDate(labels, today);
  if (labelled) return { date: labelled, source: 'file' };
  throw DomainError.of('SNAPSHOT_DATE_REQUIRED');
}

/** The date in the file's title rows, sheet name or file name (not in the future); null when none. */
export function labelledDate({ preamble, sheet, fileName }: FileLabels, today: string): string | null {
  for (const cells of preamble) {
    const text = cells.filter((c) => c !== null).join(' ');
    if (!/fecha|corte|actualiz|consulta/i.test(text)) continue;
    const date = findDate(text);
    if (date && date <= today) return date;
  }
  for (const name of [sheet ?? '', fileName]) {
    const date = findDate(name);
    if (date && date <= today) return date;
  }
  return null;
}

/** The last day of a month, as YYYY-MM-DD: a cut-off given as a year and a month ("corte: setiembre"). */
export function endOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function findDate(text: string): string | null {
  const candidates: string[] = [];
  for (const m of text.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) candidates.push(`${m[1]}-${m[2]}-${m[3]}`);
  for (const m of text.matchAll(/\b(\d{2})[/-](\d{2})[/-](\d{4})\b/g)) candidates.push(`${m[3]}-${m[2]}-${m[1]}`); // dd/mm/yyyy, as in Peru
  return candidates.reverse().find((date) => isRealDate(date) && date >= DATE_RANGE.from) ?? null;
}

export { isRealDate, limaDate };
