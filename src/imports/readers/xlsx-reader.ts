import { AsyncLocalStorage } from 'node:async_hooks';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import type { Cell, SheetRow } from './sheet-row.js';

/*
 * exceljs 4.4.0 is unmaintained; we use only its streaming reader, with two repairs applied here,
 * before exceljs is loaded (this module is the only place that loads it):
 *
 * 1. Its SAX feed decodes every compressed chunk on its own, so a multi-byte character (ñ, á, …)
 *    cut by a chunk boundary turns into two U+FFFD. The replacement keeps one TextDecoder per
 *    stream in streaming mode.
 * 2. When a worksheet comes before the shared strings in the zip, it parks the sheet in a temp file
 *    that is removed only if iteration runs to the end. Temp files are routed into a folder that
 *    belongs to the current read and is removed when the read ends, however it ends.
 */
const require = createRequire(import.meta.url);
if (Object.keys(require.cache).some((k) => /[\\/]exceljs[\\/]excel\.js$/.test(k))) {
  throw new Error('exceljs was loaded before its streaming fixes were applied; import it only through xlsx-reader.ts');
}
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const exceljsRequire = createRequire(parseSaxPath);
const { SaxesParser } = exceljsRequire('saxes') as { SaxesParser: new () => SaxParser };
interface SaxParser {
  on(event: string, handler: (value: unknown) => void): void;
  write(text: string): void;
}

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<unknown[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: unknown;
  let events: unknown[] = [];
  parser.on('error', (err) => (error = err));
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  const feed = (text: string) => {
    parser.write(text);
    if (error) throw error;
    const out = events;
    events = [];
    return out;
  };
  for await (const chunk of iterable) {
    yield feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) yield feed(rest);
}
require(parseSaxPath);
require.cache[parseSaxPath]!.exports = parseSax;

const tempFolder = new AsyncLocalStorage<string>();
const tmp = exceljsRequire('tmp') as { file: (...args: unknown[]) => void };
const originalTmpFile = tmp.file.bind(tmp);
tmp.file = (...args: unknown[]) => {
  const folder = tempFolder.getStore();
  if (folder && typeof args[0] === 'function') return originalTmpFile({ tmpdir: folder }, args[0]);
  return originalTmpFile(...args);
};

const ExcelJS = require('exceljs') as typeof import('exceljs');

export interface XlsxReadOptions {
  /** Where this read may park temporary files; a subfolder is made and removed. */
  scratchDir: string;
  /** Told how many bytes of the file were read, as they are. */
  onBytes?: (n: number) => void;
}

/** Streams the rows of the first worksheet of an .xlsx file. */
export async function* readXlsxRows(path: string, options: XlsxReadOptions): AsyncGenerator<SheetRow> {
  const folder = await mkdtemp(join(options.scratchDir, 'xlsx-'));
  const file = createReadStream(path);
  if (options.onBytes) file.on('data', (chunk) => options.onBytes!(chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const iterator = tempFolder.run(folder, () => reader[Symbol.asyncIterator]());
  let sheets = 0;
  try {
    while (true) {
      const next = await tempFolder.run(folder, () => iterator.next());
      if (next.done) break;
      const worksheet = next.value as AsyncIterable<{ number: number; values: unknown[] }>;
      sheets++;
      const rows = worksheet[Symbol.asyncIterator]();
      while (true) {
        const r = await tempFolder.run(folder, () => rows.next());
        if (r.done) break;
        // Only the first sheet holds data; later sheets are read through so that exceljs finishes cleanly.
        if (sheets === 1) yield { row: r.value.number, cells: toCells(r.value.values) };
      }
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_XLSX', 'The workbook cannot be read: it is damaged or not a real .xlsx file.');
  } finally {
    await iterator.return?.(undefined).catch(() => undefined);
    file.destroy();
    await rm(folder, { recursive: true, force: true });
  }
  if (sheets === 0) {
    throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'NO_WORKSHEET', 'The workbook has no worksheet that can be read.');
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
