import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../../common/domain-error.js';
import { ExcelJS, tempFolder } from '../../common/exceljs.js';
import { type Cell, countedFileStream, type SheetRow } from './sheet-row.js';
import { inspectXlsx } from './xlsx-guard.js';

export interface XlsxReadOptions {
  /** Where this read may park temporary files; a subfolder is made and removed. */
  scratchDir: string;
  /** Told how many bytes of the file were read, as they are. */
  onBytes?: (n: number) => void;
}

/** Streams the rows of the first worksheet of an .xlsx file. */
export async function* readXlsxRows(path: string, options: XlsxReadOptions): AsyncGenerator<SheetRow> {
  const { date1904, sheetNames } = await inspectXlsx(path);
  const folder = await mkdtemp(join(options.scratchDir, 'xlsx-'));
  const file = countedFileStream(path, options.onBytes, 64 * 1024);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit', // to learn which part each worksheet is read from
  });
  // exceljs leaves its workbook model unset until it reads workbook.xml, and fails on a worksheet that comes first
  (reader as unknown as { model?: object }).model ??= { sheets: [] };
  let part: string | undefined;
  (reader as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string; id?: string }) => {
    if (entry.type === 'worksheet') part = entry.id;
  });
  const iterator = tempFolder.run(folder, () => reader[Symbol.asyncIterator]());
  let sheets = 0;
  try {
    while (true) {
      const next = await tempFolder.run(folder, () => iterator.next());
      if (next.done) break;
      const worksheet = next.value as AsyncIterable<{ number: number; values: unknown[] }>;
      // its real name, from the workbook's own parts: exceljs says "Sheet1" when it cannot link them
      const sheet = (part !== undefined ? sheetNames.get(part) : undefined) ?? (worksheet as unknown as { name?: string }).name;
      sheets++;
      const rows = worksheet[Symbol.asyncIterator]();
      while (true) {
        const r = await tempFolder.run(folder, () => rows.next());
        if (r.done) break;
        // Only the first sheet holds data; later sheets are read through so that exceljs finishes cleanly.
        if (sheets === 1) yield { row: r.value.number, cells: toCells(r.value.values), sheet, ...(date1904 ? { date1904 } : {}) };
      }
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw DomainError.of('INVALID_XLSX');
  } finally {
    await iterator.return?.(undefined).catch(() => undefined);
    file.destroy();
    await rm(folder, { recursive: true, force: true });
  }
  if (sheets === 0) {
    throw DomainError.of('NO_WORKSHEET');
  }
}

/** exceljs row values are 1-based and sparse; cells can be rich text, formulas, dates or errors. */
function toCells(values: unknown[]): Cell[] {
  const cells: Cell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
  return cells;
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const v = value as { richText?: { text: string }[]; result?: unknown; formula?: string; error?: string; text?: unknown };
  if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
  if ('result' in v || 'formula' in v || 'sharedFormula' in v) return toCell(v.result);
  if (typeof v.error === 'string') return v.error;
  if (v.text !== undefined) return toCell(v.text);
  return String(value);
}
