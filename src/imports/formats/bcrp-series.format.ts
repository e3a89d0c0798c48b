import { rowSays } from '../../common/domain-error.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { priceIndexTarget, type PriceIndexRecord } from '../targets/price-index.target.js';
import { type HeaderMap, type ImportFormat, type NormalizedRow, rowReader } from './import-format.js';

/** BCRPData's month names: "Ene.2003" … "Dic.2026" (some series write September "Set"). */
const MONTHS: Record<string, number> = { ene: 1, feb: 2, mar: 3, abr: 4, may: 5, jun: 6, jul: 7, ago: 8, sep: 9, set: 9, oct: 10, nov: 11, dic: 12 };
const PERIOD = /^([A-Za-z]{3})\.(\d{4})$/;
/** A positive decimal as BCRPData writes it: digits, a point, up to 20 places. */
const VALUE = /^\d{1,9}(?:\.\d{1,20})?$/;
/** BCRPData's "no disponible": the month has no figure; it is left out (so its year has no full index). */
const NOT_AVAILABLE = 'n.d.';
/** The header cell the rows of a BCRPData document start with (never a CSV's: JSON formats read JSON only). */
const PERIOD_COLUMN = 'periods[].name';
const MAX_SERIES = 50;
const MAX_NAME_CHARS = 300;

/**
 * A series of BCRPData (the Banco Central de Reserva del Perú's statistics API) as its JSON answer gives
 * it: `config.series[]` names each series, `periods[]` has one entry per period, `name` ("Ene.2003") and
 * `values` (strings, one per series, "n.d." where there is none). Monthly series only. Row n of the import
 * is the n-th entry of `periods`; its columns are named by the series. Each series and month is stored
 * with its value as written (src/prices reads the Lima CPI, PN38705PM, from it).
 */
export const bcrpSeriesFormat: ImportFormat<PriceIndexRecord> = {
  id: 'bcrp-series',
  title: 'BCRPData series (JSON as the BCRP statistics API returns it), monthly',
  expectedColumns: 'a JSON document {"config": {"series": [{"name": …}]}, "periods": [{"name": "Ene.2003", "values": ["57.59…"]}]}',
  target: priceIndexTarget,

  uniqueKey: (r) => ({ key: `${r.series}/${r.month.slice(0, 7)}`, column: 'period' }),

  jsonRows(document: unknown): SheetRow[] | null {
    if (!isObject(document) || !isObject(document.config) || !Array.isArray(document.config.series) || !Array.isArray(document.periods)) return null;
    const series = document.config.series;
    if (series.length === 0 || series.length > MAX_SERIES) return null;
    const names = series.map((s) => (isObject(s) && typeof s.name === 'string' ? s.name.trim() : ''));
    if (names.some((n) => n === '' || n.length > MAX_NAME_CHARS) || new Set(names).size < names.length) return null;
    const rows: SheetRow[] = [{ row: 0, cells: [PERIOD_COLUMN, ...names] }];
    document.periods.forEach((p, i) => {
      const period = isObject(p) ? p : {};
      const values = Array.isArray(period.values) ? period.values : [];
      rows.push({ row: i + 1, cells: [cellOf(period.name), ...names.map((_, s) => cellOf(values[s]))] });
    });
    return rows;
  },

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    if (cells[0] !== PERIOD_COLUMN) return null;
    const header: HeaderMap = { row, index: { period: 0 }, label: { period: PERIOD_COLUMN } };
    cells.slice(1).forEach((name, s) => {
      header.index[`series${s}`] = s + 1;
      header.label[`series${s}`] = String(name);
    });
    return header;
  },

  normalize(sheetRow: SheetRow, header: HeaderMap): NormalizedRow<PriceIndexRecord> {
    const { row, errors, cell, problem } = rowReader(sheetRow, header);
    const month = parsePeriod(cell('period'));
    if (month === null) problem('period', rowSays('INVALID_PERIOD.bcrp'));
    const records: PriceIndexRecord[] = [];
    for (const key of Object.keys(header.index).filter((k) => k !== 'period')) {
      const written = cell(key);
      if (written === NOT_AVAILABLE) continue;
      const value = parseValue(written);
      if (value === null) problem(key, rowSays('INVALID_INDEX.value'));
      else if (month !== null) records.push({ sourceRow: row, series: header.label[key], month, value });
    }
    if (errors.length > 0) return { records: [], errors };
    return records.length > 0 ? { records, errors } : { records, errors, skipped: true };
  },
};

/** "Ene.2003" → "2003-01-01"; null for anything else. */
export function parsePeriod(cell: Cell): string | null {
  const m = PERIOD.exec(String(cell ?? '').trim());
  if (!m) return null;
  const month = MONTHS[m[1].toLowerCase()];
  const year = Number(m[2]);
  if (month === undefined || year < 1900 || year > 2100) return null;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** "57.5986117200474" → itself; a positive number → its shortest decimal text; null for anything else (0, negative, "1e3", "12,5"). */
export function parseValue(cell: Cell): string | null {
  const text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : String(cell ?? '').trim();
  return VALUE.test(text) && /[1-9]/.test(text) ? text : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value as a cell: strings and numbers as they are, anything else (an object, a list, true) as its JSON text, for the error report. */
function cellOf(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value).slice(0, 400);
}
