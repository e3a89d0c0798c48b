import { isRealDate } from '../../common/calendar-date.js';
import { fail, type Parsed } from './amount.js';

/**
 * Values as MEF's Sistema de Seguimiento de Inversiones (SSI) writes them in its CSV downloads.
 *
 * Dates come three ways, and each is read for what it is:
 *   "2026-01-23 01:10:48"  a moment in UTC (FECHA_ULT_ACT_F12B): the day is Lima's, five hours behind, so
 *                          "2026-01-23 01:10:48" is 2026-01-22. The 12-B file writes the same day as Lima's
 *                          midnight ("2026-01-22 05:00:00"); read so, both files agree on 274 of 278 CUIs.
 *   "16/06/2022 00:00:00"  a calendar day dd/mm/yyyy (planned start and end in the 12-B): the time is ignored.
 *   "01/12/20"             a calendar day dd/mm/yy (planned start and end in the detail): SSI's years are 20yy.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?: \d{2}:\d{2}(?::\d{2})?)?$/;
/** Peru keeps UTC−5 all year (no summer time since 1994). */
const LIMA_OFFSET_HOURS = 5;

/** A UTC moment "yyyy-mm-dd hh:mm:ss" as the day it was in Lima; a bare "yyyy-mm-dd" as that day. */
export function ssiMomentDate(text: string): Parsed<string> {
  const m = TIMESTAMP.exec(text.trim());
  const day = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!m || !isRealDate(day)) return fail('INVALID_DATE.ssiMoment');
  if (m[4] === undefined) return { ok: true, value: day };
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return fail('INVALID_DATE.ssiTime');
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h - LIMA_OFFSET_HOURS, min, s);
  return { ok: true, value: new Date(utc).toISOString().slice(0, 10) };
}

/** A calendar day "dd/mm/yyyy", "dd/mm/yyyy hh:mm:ss" or "dd/mm/yy" (20yy). */
export function ssiCalendarDate(text: string): Parsed<string> {
  const m = DAY_MONTH_YEAR.exec(text.trim());
  if (!m) return fail('INVALID_DATE.ssiDay');
  const year = m[3].length === 2 ? `20${m[3]}` : m[3];
  const day = `${year}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isRealDate(day) ? { ok: true, value: day } : fail('INVALID_DATE.notReal', { value: text.trim() });
}

/**
 * A percentage of progress, 0 to 100 with at most two decimals ("78.43", "100.0", "0"), as a decimal
 * string with two places. `notReported` is the code that means "no figure" (the detail's AVAN_FISICO −1): null.
 */
export function ssiPercent(text: string, notReported?: string): Parsed<string | null> {
  const value = text.trim();
  if (notReported !== undefined && value === notReported) return { ok: true, value: null };
  const m = /^(\d{1,3})(?:\.(\d{1,2})0*)?$/.exec(value);
  if (!m || Number(m[1]) > 100 || (Number(m[1]) === 100 && Number(m[2] ?? 0) > 0)) {
    return notReported !== undefined ? fail('INVALID_PERCENT.notReported', { code: notReported }) : fail('INVALID_PERCENT');
  }
  return { ok: true, value: `${Number(m[1])}.${(m[2] ?? '').padEnd(2, '0')}` };
}

/** SSI's yes/no indicators (IND_PARALIZADA, TIENE_F12B): "SI" or "NO". */
export function ssiYesNo(text: string): Parsed<boolean> {
  const value = text.trim().toUpperCase();
  if (value === 'SI' || value === 'SÍ') return { ok: true, value: true };
  if (value === 'NO') return { ok: true, value: false };
  return fail('INVALID_VALUE.yesNo');
}
