import { DomainError } from '../common/domain-error.js';
import { unrecognizedLayout } from './formats/closest-layout.js';
import type { HeaderMap } from './formats/import-format.js';
import { type AnyFormat, formatsFor } from './formats/registry.js';
import type { Cell, FileKind, RowBatch, SheetRow } from './readers/sheet-row.js';

/** Rows scanned for a header before the file is declared unrecognised (portal exports put titles above it). */
const HEADER_SEARCH_ROWS = 30;

/** The layout a file is in, found by its header row; with what came above it and the rows of the header's batch after it. */
export interface FoundHeader {
  format: AnyFormat;
  header: HeaderMap;
  cells: Cell[];
  sheet: string | null;
  /** Rows above the header (titles, a cut-off date): where a file may state its date. */
  preamble: Cell[][];
  /** The rows after the header in the header's batch; the file's other batches come after them. */
  rest: SheetRow[];
}

/**
 * Reads up to HEADER_SEARCH_ROWS non-empty rows until one is the header of a layout that reads this kind
 * of file (the one asked for, or any); 422 EMPTY_FILE, or UNRECOGNIZED_LAYOUT naming the closest layout
 * with its missing and unknown columns.
 */
export async function findHeader(batches: AsyncGenerator<RowBatch>, formatId: string | undefined, kind: FileKind): Promise<FoundHeader> {
  const candidates = formatsFor(kind, formatId);
  const preamble: Cell[][] = [];
  const scanned: SheetRow[] = [];
  let seen = 0;
  // next() by hand: leaving a for-await loop would close the reader the rows are still to come from
  search: for (let next = await batches.next(); !next.done; next = await batches.next()) {
    const batch = next.value;
    if (!Array.isArray(batch)) continue; // (lines are only written by a lane, which starts after the header)
    for (let i = 0; i < batch.length; i++) {
      const { row, cells, sheet } = batch[i];
      if (cells.every((c) => c === null)) continue;
      if (seen++ >= HEADER_SEARCH_ROWS) break search;
      for (const format of candidates) {
        const header = format.matchHeader(cells, row);
        if (header) {
          // in a CSV a field is where it is by counting separators: one too many shifts every column after it
          if (kind === 'csv') header.width = cells.findLastIndex((c) => c !== null && String(c).trim() !== '') + 1;
          return { format, header, cells, sheet: sheet ?? null, preamble, rest: batch.slice(i + 1) };
        }
      }
      preamble.push(cells);
      scanned.push(batch[i]);
    }
  }
  if (preamble.length === 0) throw DomainError.of('EMPTY_FILE');
  throw unrecognizedLayout(scanned, candidates, preamble, HEADER_SEARCH_ROWS);
}

/** The rows after the header in the header's batch, then the rest of the file. */
export async function* afterHeader(found: FoundHeader, rest: AsyncGenerator<RowBatch>): AsyncGenerator<RowBatch> {
  if (found.rest.length > 0) yield found.rest;
  yield* rest;
}
