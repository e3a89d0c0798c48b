import { type RowError, rowSays } from '../../common/domain-error.js';
import type { Said } from '../../i18n/messages.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import type { CsvParser } from '../readers/csv-parser.js';
import type { CsvLane } from '../readers/csv-reader.js';
import type { FileStatement, ImportTarget, TargetLoad } from '../targets/import-target.js';

export type { FileStatement };

/** Where each known column sits in a file, found from its header row. */
export interface HeaderMap {
  /** Row number of the header. */
  row: number;
  /** column key → 0-based index */
  index: Record<string, number>;
  /** column key → header text as written in the file, for error messages */
  label: Record<string, string>;
  /** For formats with several layouts: which one this header is. */
  variant?: string;
  /** For layouts with one group of columns per year (PIA_2022, PIM_2022, …): those years. */
  years?: number[];
  /**
   * A CSV's header: its fields up to the last one named. A row with a value past it has more fields than
   * the header (a decimal comma unquoted, a doubled separator): its columns are shifted (stage-rows.ts).
   */
  width?: number;
}

export interface NormalizedRow<T> {
  /** Usually one; a wide row (one column per year or concept) gives several. */
  records: T[];
  errors: RowError[];
  /** True when the row is outside the request's filters: neither imported nor checked. */
  skipped?: boolean;
}

/** Which municipalities to keep from a file that has more (e.g. MEF's national open data). */
export interface ImportFilters {
  department?: string;
  province?: string;
  municipalities?: string[];
}

export function inFilters(ubigeo: string, filters: ImportFilters): boolean {
  return (
    (!filters.department || ubigeo.startsWith(filters.department)) &&
    (!filters.province || ubigeo.startsWith(filters.province)) &&
    (!filters.municipalities || filters.municipalities.includes(ubigeo))
  );
}

/**
 * Longest cell read, in characters: codes, years, amounts and labels are far shorter (MEF's longest
 * label, "080801-300740: MUNICIPALIDAD …", has 78). A longer cell is refused with CELL_TOO_LONG before
 * anything parses its row: nothing that runs per row then has to be linear in a cell's length.
 */
export const MAX_CELL_CHARS = 300;
/** Longest cell of free text (a project's name, a description): Invierte.pe's names reach about 500. */
export const MAX_TEXT_CELL_CHARS = 4_000;

/**
 * One source layout. A new layout is one new file implementing this: the pipeline around it
 * (reading, staging, merging, errors) is shared.
 */
export interface ImportFormat<T> {
  readonly id: string;
  readonly title: string;
  /** The header a person should look for, for the "unrecognised layout" message. */
  readonly expectedColumns: string;
  /** Its header's columns (key → accepted names, normalised), to say which are missing from a header that almost matches. */
  readonly columns?: { required: Record<string, string[]>; optional?: Record<string, string[]> };
  readonly target: ImportTarget<T>;
  /** Columns of free text, whose cells may be up to MAX_TEXT_CELL_CHARS long (others MAX_CELL_CHARS). */
  readonly textColumns?: readonly string[];
  /**
   * Rows that name no municipality (SSI's works, placed by their CUI): a planner's scope is checked by the
   * target, by where the tracker places what each row touches, instead of by the row's own ubigeo.
   */
  readonly placedByTarget?: boolean;
  /** Returns the column positions when `cells` is this format's header row. */
  matchHeader(cells: Cell[], row: number): HeaderMap | null;
  /** Validates and normalises one data row. */
  normalize(row: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<T>;
  /** For layouts with a cut-off column: the date a record states (YYYY-MM-DD); the import's is the latest of them. */
  cutOff?(record: T, header: HeaderMap): string | null;
  /** For records that may appear once per file: their identity. A repeat is a DUPLICATE_ROW error. */
  uniqueKey?(record: T): { key: string; column: string };
  /**
   * For a layout whose rows may leave their scope to the file as a whole (the rubro of budget-by-función
   * lines): what the request, else the file's title rows or name, states, read once before the rows; it
   * throws a DomainError when the file cannot be read without a statement it lacks.
   */
  statement?(header: HeaderMap, said: { rubro?: string; preamble: Cell[][]; fileName: string }): FileStatement;
  /**
   * A faster way to read the rest of a CSV with this header, writing COPY lines for `load` itself
   * (for files of millions of rows); null when the general path must read it.
   */
  csvLane?(context: LaneContext<T>): CsvLane | null;
  /**
   * For a layout of JSON documents (e.g. BCRPData's API answers): the document as rows, its header row first,
   * or null when the document is not of this shape. Such a format reads JSON only, and the others never do.
   */
  jsonRows?(document: unknown): SheetRow[] | null;
}

/** What a format's CSV lane starts from: the reader's parser (where it stopped) and the import's settings. */
export interface LaneContext<T> {
  parser: CsvParser;
  header: HeaderMap;
  filters: ImportFilters;
  allowedMunicipalities?: string[];
  load: TargetLoad<T>;
  /** The same limits the general path checks: a row with a longer cell is left to it. */
  limits: CellLimit[];
}

/** A column a format reads: where it is, and its longest cell. */
export interface CellLimit {
  key: string;
  at: number;
  max: number;
}

export function cellLimits(format: Pick<ImportFormat<unknown>, 'textColumns'>, header: HeaderMap): CellLimit[] {
  return Object.entries(header.index).map(([key, at]) => ({ key, at, max: format.textColumns?.includes(key) ? MAX_TEXT_CELL_CHARS : MAX_CELL_CHARS }));
}

/** A CELL_TOO_LONG error for each cell of the row longer than its column takes; null when there is none. */
export function overlongCells({ row, cells }: SheetRow, header: HeaderMap, limits: CellLimit[]): RowError[] | null {
  let errors: RowError[] | null = null;
  for (const { key, at, max } of limits) {
    const cell = cells[at];
    if (typeof cell !== 'string' || cell.length <= max) continue;
    errors ??= [];
    errors.push({ row, column: header.label[key] ?? key, ...rowSays('CELL_TOO_LONG', { length: cell.length, max }), value: cellText(cell) });
  }
  return errors;
}

/** An IGNORED_COLUMN warning for each header cell the layout does not read (a blank one is no column). */
export function ignoredColumns(cells: Cell[], header: HeaderMap, format: Pick<ImportFormat<unknown>, 'title'>): RowError[] {
  const read = new Set(Object.values(header.index));
  const ignored: RowError[] = [];
  cells.forEach((cell, at) => {
    const column = cell === null ? '' : String(cell).trim();
    if (column !== '' && !read.has(at)) ignored.push({ row: header.row, column, ...rowSays('IGNORED_COLUMN', { column, layout: format.title }), value: null });
  });
  return ignored;
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

/**
 * Finds each wanted column by its normalised header (any of its names, old or new); null when a
 * required one is missing. Optional columns are mapped when present.
 */
export function mapHeader(cells: Cell[], row: number, required: Record<string, string[]>, optional: Record<string, string[]> = {}): HeaderMap | null {
  const seen = cells.map(normalizeHeader);
  const index: Record<string, number> = {};
  const label: Record<string, string> = {};
  for (const [columns, mandatory] of [
    [required, true],
    [optional, false],
  ] as const) {
    for (const [key, names] of Object.entries(columns)) {
      const at = seen.findIndex((h) => names.includes(h));
      if (at < 0) {
        if (mandatory) return null;
        continue;
      }
      index[key] = at;
      label[key] = String(cells[at]).trim();
    }
  }
  return { row, index, label };
}

/** Cell accessors and an error collector for one row, so formats read like their column list. */
export function rowReader({ row, cells }: SheetRow, header: HeaderMap) {
  const errors: RowError[] = [];
  const cell = (key: string): Cell => (key in header.index ? (cells[header.index[key]] ?? null) : null);
  /** A problem with the cell of column `key`: a registry message (rowSays, or a parser's failure). */
  const problem = (key: string, { code, message, key: messageKey, params }: Said) =>
    errors.push({ row, column: header.label[key] ?? key, code, message, key: messageKey, params, value: cellText(cell(key)) });
  return { row, errors, cell, problem, has: (key: string) => key in header.index };
}

/** Text of a cell for an error report, cut short. */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const text = String(cell);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
