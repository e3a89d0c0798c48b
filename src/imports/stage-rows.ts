import { HttpStatus } from '@nestjs/common';
import { DomainError, type RowError, rowSays } from '../common/domain-error.js';
import { type Params, render } from '../i18n/messages.js';
import { type CellLimit, type HeaderMap, type ImportFilters, overlongCells } from './formats/import-format.js';
import type { AnyFormat } from './formats/registry.js';
import type { StagingSession } from './staging-session.js';
import type { RowBatch, SheetRow } from './readers/sheet-row.js';

/** Row errors listed in a response; all of them are counted. */
const MAX_REPORTED_ERRORS = 1000;
/** Row errors kept for the CSV download of an import. */
const MAX_STORED_ERRORS = 100_000;
/** Row errors of what the caller's key may not write: a file with any is refused whole, even with onError=skip. */
const FORBIDDEN = new Set(['MUNICIPALITY_NOT_ALLOWED', 'PROJECT_NOT_ALLOWED']);

/** What a running import has read so far, for its progress report. */
export interface Progress {
  bytes: number;
  rows: number;
}

/** What the rows are read with and written to. */
export interface StageContext {
  format: AnyFormat;
  header: HeaderMap;
  limits: CellLimit[];
  filters: ImportFilters;
  staging: StagingSession<unknown>;
  progress: Progress;
  /** onError=skip: bad rows are left out, and the good ones still staged. */
  skip: boolean;
  /** For a planner's key: the municipalities it may write. */
  allowedMunicipalities?: string[];
}

/**
 * Reads every row after the header: each is normalised and checked by its format and, while the file
 * can still be imported, written to the staging COPY; every problem is counted, the first of them kept.
 */
export async function stageRows(batches: AsyncIterable<RowBatch>, context: StageContext) {
  const { format, header, limits, filters, staging, progress, skip, allowedMunicipalities } = context;
  // (rows that name no municipality are checked by their target: ImportFormat.placedByTarget)
  const allowed = allowedMunicipalities && !format.placedByTarget ? new Set(allowedMunicipalities) : null;
  const read = {
    /** Rows the caller's key may not write (FORBIDDEN): never skippable. */
    forbidden: 0,
    rowsRead: 0,
    rowsSkipped: 0,
    errors: [] as RowError[],
    stored: [] as RowError[],
    errorCount: 0,
    errorsByCode: {} as Record<string, number>,
    sheet: null as string | null,
    /** The latest date the rows' cut-off column gives (ImportFormat.cutOff); null when the layout has none. */
    cutOff: null as string | null,
    report(e: RowError) {
      if (read.sheet !== null && e.sheet === undefined) e = { sheet: read.sheet, ...e };
      if (FORBIDDEN.has(e.code)) read.forbidden++;
      read.errorCount++;
      read.errorsByCode[e.code] = (read.errorsByCode[e.code] ?? 0) + 1;
      if (read.errors.length < MAX_REPORTED_ERRORS) read.errors.push(e);
      if (read.stored.length < MAX_STORED_ERRORS) read.stored.push(e);
    },
  };
  const firstRowOf = new Map<string, number>();
  // the column a row's municipality is read from, as the file calls it: a planner's row outside its municipalities is at fault there
  const placeColumn = ['ubigeo', 'district', 'municipality'].map((key) => header.label[key]).find((label) => label !== undefined) ?? null;

  for await (const batch of batches) {
    if (!Array.isArray(batch)) {
      // lines a format's lane wrote itself: rows it could prove valid, so nothing to report
      read.rowsRead += batch.rowsRead;
      read.rowsSkipped += batch.rowsSkipped;
      progress.rows = read.rowsRead;
      if (batch.records > 0 && (skip || read.errorCount === 0)) await staging.writeEncoded(batch.copy, batch.records);
      continue;
    }
    for (const row of batch) {
      if (row.sheet !== undefined) read.sheet = row.sheet;
      if (row.cells.every((c) => c === null)) continue;
      progress.rows = ++read.rowsRead;
      // before the format reads anything of the row, even whether it is within the filters
      const overlong = overlongCells(row, header, limits);
      if (overlong) {
        overlong.forEach(read.report);
        continue;
      }
      const past = pastHeader(row, header);
      if (past) {
        read.report(past);
        continue;
      }
      const { records, errors, skipped } = format.normalize(row, header, filters);
      if (skipped) {
        read.rowsSkipped++;
        continue;
      }
      errors.forEach(read.report);
      for (const record of records) {
        if (allowed) {
          const ubigeo =
            (record as { ubigeo?: string; locationUbigeo?: string | null }).ubigeo ?? (record as { locationUbigeo?: string | null }).locationUbigeo;
          if (!ubigeo || !allowed.has(ubigeo)) {
            read.report({
              row: row.row,
              column: placeColumn,
              ...(ubigeo ? rowSays('MUNICIPALITY_NOT_ALLOWED.row', { ubigeo }) : rowSays('MUNICIPALITY_NOT_ALLOWED.rowUnlocated')),
              value: ubigeo ?? null,
            });
            continue;
          }
        }
        const unique = format.uniqueKey?.(record);
        if (unique) {
          const first = firstRowOf.get(unique.key);
          if (first !== undefined) {
            read.report({
              row: row.row,
              column: header.label[unique.column] ?? unique.column,
              ...rowSays('DUPLICATE_ROW', { key: unique.key, first }),
              value: unique.key,
            });
            continue;
          }
          firstRowOf.set(unique.key, row.row);
        }
        if (errors.length > 0) continue;
        if (format.cutOff) {
          const date = format.cutOff(record, header);
          if (date !== null && (read.cutOff === null || date > read.cutOff)) read.cutOff = date;
        }
        const problem = staging.check(record);
        if (problem) {
          read.report({ row: row.row, ...problem });
          continue;
        }
        // Once the file is known to be rejected, rows are still checked (to report every problem) but not staged.
        if (skip || read.errorCount === 0) await staging.write(record);
      }
    }
  }
  return read;
}

export type StagedRows = Awaited<ReturnType<typeof stageRows>>;

/** A CSV row with a value past the header's last named field: its columns are shifted, and read as they are its amounts would be wrong. */
function pastHeader({ row, cells }: SheetRow, header: HeaderMap): RowError | null {
  const width = header.width;
  if (width === undefined || cells.length <= width) return null;
  let last = -1;
  for (let i = cells.length - 1; i >= width && last < 0; i--) if (cells[i] !== null && String(cells[i]).trim() !== '') last = i;
  if (last < 0) return null; // empty fields at the end: a trailing separator
  let first = width;
  while (cells[first] === null || String(cells[first]).trim() === '') first++;
  return {
    row,
    column: null,
    ...rowSays('FIELDS_PAST_HEADER', { fields: last + 1, header: width, position: first + 1 }),
    value: String(cells[first]).slice(0, 100),
  };
}

/** A file refused for its rows; carries every problem (up to 100,000) for the record, beyond the 1,000 in the answer. */
export class ImportRejected extends DomainError {
  constructor(
    key: 'IMPORT_REJECTED' | 'IMPORT_REJECTED.skip',
    params: Params,
    details: { errors: RowError[]; errorCount: number; errorsByCode: Record<string, number> },
    readonly allErrors: RowError[],
  ) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'IMPORT_REJECTED', render(key, params, 'en'), details);
    this.key = key;
    this.params = params;
  }
}

/** Rows with at least one error. */
export function rowsRejected(read: StagedRows): number {
  return new Set(read.stored.map((e) => e.row)).size;
}

/**
 * The file's refusal, or null when it goes on: a row error refuses it; with onError=skip only a row
 * the key may not write, or no good row left, does.
 */
export function rejectionOf(read: StagedRows, skip: boolean): ImportRejected | null {
  const rejected = rowsRejected(read);
  if (read.errorCount === 0 || (skip && read.forbidden === 0 && rejected < read.rowsRead - read.rowsSkipped)) return null;
  const { errors, errorCount, errorsByCode } = read;
  return new ImportRejected(
    skip ? 'IMPORT_REJECTED.skip' : 'IMPORT_REJECTED',
    { count: errorCount, rows: `${rejected}${errorCount > read.stored.length ? '+' : ''}` },
    { errors, errorCount, errorsByCode },
    read.stored,
  );
}
