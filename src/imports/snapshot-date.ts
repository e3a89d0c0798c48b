import { isRealDate } from '../common/calendar-date.js';
import type { Cell } from './readers/sheet-row.js';

/** The data's cut-off: the request's, else a date in the file's title rows or name, else today in Lima. */
export function resolveSnapshot(
  requested: string | undefined,
  preamble: Cell[][],
  fileName: string,
  now = new Date(),
): { date: string; source: 'request' | 'file' | 'today' } {
  if (requested) return { date: requested, source: 'request' };
  const today = limaDate(now);
  for (const cells of preamble) {
    const text = cells.filter((c) => c !== null).join(' ');
    if (!/fecha|corte|actualiz|consulta/i.test(text)) continue;
    const date = findDate(text);
    if (date && date <= today) return { date, source: 'file' };
  }
  const fromName = findDate(fileName);
  if (fromName && fromName <= today) return { date: fromName, source: 'file' };
  return { date: today, source: 'today' };
}

function findDate(text: string): string | null {
  const candidates: string[] = [];
  for (const m of text.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) candidates.push(`${m[1]}-${m[2]}-${m[3]}`);
  for (const m of text.matchAll(/\b(\d{2})[/-](\d{2})[/-](\d{4})\b/g)) candidates.push(`${m[3]}-${m[2]}-${m[1]}`); // dd/mm/yyyy, as in Peru
  return candidates.reverse().find(isRealDate) ?? null;
}

export { isRealDate };

export function limaDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Lima', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
