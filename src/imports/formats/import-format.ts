import type { RowError } from '../../common/domain-error.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';

/** Where each known column sits in a file, found from its header row. */
export interface HeaderMap {
  /** Row number of the header. */
  row: number;
  /** column key → 0-based index */
  index: Record<string, number>;
  /** column key → header text as written in the file, for error messages */
  label: Record<string, string>;
}

export interface NormalizedRow<T> {
  record: T | null;
  errors: RowError[];
}

/**
 * One source layout. A new layout is one new file implementing this: the pipeline around it
 * (reading, staging, merging, errors) is shared.
 */
export interface ImportFormat<T> {
  readonly id: string;
  readonly title: string;
  /** Returns the column positions when `cells` is this format's header row. */
  matchHeader(cells: Cell[], row: number): HeaderMap | null;
  /** Validates and normalises one data row. */
  normalize(row: SheetRow, header: HeaderMap): NormalizedRow<T>;
}

/** "Atención de Compromiso  Mensual " → "atencion de compromiso mensual" */
export function normalizeHeader(cell: Cell): string {
  return String(cell ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Finds each wanted column by its normalised header; null when any is missing. */
export function mapHeader(cells: Cell[], row: number, columns: Record<string, string[]>): HeaderMap | null {
  const seen = cells.map(normalizeHeader);
  const index: Record<string, number> = {};
  const label: Record<string, string> = {};
  for (const [key, names] of Object.entries(columns)) {
    const at = seen.findIndex((h) => names.includes(h));
    if (at < 0) return null;
    index[key] = at;
    label[key] = String(cells[at]).trim();
  }
  return { row, index, label };
}

/** Text of a cell for an error report, cut short. */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const text = String(cell);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
