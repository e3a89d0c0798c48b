import { mkdir } from 'node:fs/promises';
import { DomainError } from '../common/domain-error.js';
import { formatsFor } from './formats/registry.js';
import type { CsvParser } from './readers/csv-parser.js';
import { type CsvLane, openCsv } from './readers/csv-reader.js';
import { readJsonDocument } from './readers/json-reader.js';
import type { FileKind, RowBatch, SheetRow } from './readers/sheet-row.js';
import { readXlsxRows } from './readers/xlsx-reader.js';

/**
 * A file opened for import, whatever its kind: its rows in batches (a workbook's one by one, a JSON
 * document's all at once, a CSV's a chunk at a time) and, for a CSV, a way for the format found in its
 * header to read the rest itself (a lane: see CsvLane).
 */
export interface OpenedFile {
  kind: FileKind;
  batches: AsyncGenerator<RowBatch>;
  handOver?(make: (parser: CsvParser) => CsvLane | null | undefined): void;
}

export async function openFile(
  path: string,
  kind: FileKind,
  options: { onBytes: (n: number) => void; scratchDir: string; formatId?: string },
): Promise<OpenedFile> {
  if (kind === 'csv') {
    const csv = openCsv(path, options.onBytes);
    return { kind, batches: csv.batches, handOver: csv.handOver };
  }
  if (kind === 'json') return { kind, batches: oneBatch(jsonRows(await readJsonDocument(path, options.onBytes), options.formatId)) };
  await mkdir(options.scratchDir, { recursive: true });
  return { kind, batches: oneByOne(readXlsxRows(path, { scratchDir: options.scratchDir, onBytes: options.onBytes })) };
}

/** A JSON document as the rows of the first layout that knows its shape; 422 UNRECOGNIZED_JSON when none does. */
function jsonRows(document: unknown, formatId: string | undefined): SheetRow[] {
  const formats = formatsFor('json', formatId);
  for (const format of formats) {
    const rows = format.jsonRows!(document);
    if (rows) return rows;
  }
  throw DomainError.of('UNRECOGNIZED_JSON', { expected: formats.map((f) => `${f.title}: ${f.expectedColumns}`).join('; ') || '–' });
}

async function* oneBatch(rows: SheetRow[]): AsyncGenerator<RowBatch> {
  yield rows;
}

/** Rows of a reader that gives them one at a time, as batches of one. */
async function* oneByOne(rows: AsyncGenerator<SheetRow>): AsyncGenerator<SheetRow[]> {
  try {
    for await (const row of rows) yield [row];
  } finally {
    await rows.return(undefined);
  }
}
