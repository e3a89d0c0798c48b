import { type Answer, get } from './api.js';
import { apiLanguage } from './i18n.js';
import { lang } from './ui.js';

export interface Years {
  /** Every year with data, newest first. */
  all: number[];
  /** The year a page opens on: the newest year that had closed by the latest cut-off (else the newest). */
  preferred: number;
  /** A year still under way at the latest cut-off, if any. */
  open: number | null;
}

/** The years of the selection's execution, from its by-year rows. */
export function yearsOf(answer: Answer<'/api/v1/execution'>): Years {
  const all = [...answer.meta.years].sort((a, b) => b - a);
  const latestCut = [...answer.meta.snapshotDates].sort().at(-1);
  const cutYear = latestCut ? Number(latestCut.slice(0, 4)) : Infinity;
  const closed = all.filter((y) => y < cutYear);
  return { all, preferred: closed[0] ?? all[0] ?? new Date().getFullYear(), open: all.find((y) => y >= cutYear) ?? null };
}

export async function nationalYears(): Promise<Years> {
  return yearsOf(await get('/api/v1/execution', { groupBy: 'year', sort: 'key', limit: 100 }, apiLanguage(lang)));
}
