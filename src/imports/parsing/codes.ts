import type { Cell } from '../readers/sheet-row.js';

/** The first year of SIAF budget data; a later bound is the year after the current one. */
export const MIN_BUDGET_YEAR = 1999;

/** A budget year: four digits from 1999 to next year (spreadsheets may write 2024 as 2024.0). Null when not. */
export function parseYear(cell: Cell, min = MIN_BUDGET_YEAR): number | null {
  // read once per row of multi-million-row files: four digits are taken as they are
  // Stryker disable next-line StringLiteral: 'string' emptied only turns the fast path off, and cellText reads four characters the same
  const text = typeof cell === 'string' && cell.length === 4 ? cell : cellText(cell);
  if (!FOUR_DIGITS.test(text)) return null;
  const year = Number(text);
  return year >= min && year <= maxBudgetYear() ? year : null;
}
const FOUR_DIGITS = /^\d{4}$/;

/** The latest budget year accepted: next year. */
export function maxBudgetYear(): number {
  return currentYear() + 1;
}

/** This year (UTC), looked up at most once a minute. */
let yearCache = { year: 0, until: 0 };
function currentYear(): number {
  const now = Date.now();
  if (now >= yearCache.until) yearCache = { year: new Date(now).getUTCFullYear(), until: now + 60_000 };
  return yearCache.year;
}

/** A district ubigeo, its leading zero restored when a file dropped it ("80801" or 80801.0 → "080801"). Null when not. */
export function parseUbigeo(cell: Cell): string | null {
  const text = cellText(cell);
  return /^\d{5,6}$/.test(text) ? text.padStart(6, '0') : null;
}

/** A cell's text, trimmed, without the ".0" a spreadsheet adds to whole numbers. */
function cellText(cell: Cell): string {
  // Stryker disable next-line StringLiteral: 'number' emptied only skips the shortcut for numbers (their text has nothing to trim), and a missing cell read as other text than '' is refused the same way
  const text = typeof cell === 'number' ? String(cell) : String(cell ?? '').trim();
  return text.replace(/\.0+$/, '');
}
