import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { DomainError } from '../../common/domain-error.js';

export type Cell = string | number | null;

/** One row of a spreadsheet or CSV, whatever the file type. */
export interface SheetRow {
  /** 1-based, as a spreadsheet program numbers rows. */
  row: number;
  cells: Cell[];
  /** The worksheet's name, for a workbook (row errors say which sheet). */
  sheet?: string;
  /** The workbook counts serial dates from 1904-01-01 instead of 1899-12-30. */
  date1904?: boolean;
}

/**
 * Rows a format's own reader has already written as COPY lines for its target (see CsvLane), with
 * how many file rows they stand for.
 */
export interface EncodedRows {
  copy: Buffer;
  /** Lines in `copy`. */
  records: number;
  /** Data rows read, of which skipped (outside the filters or of another level of government). */
  rowsRead: number;
  rowsSkipped: number;
}

/** What a reader hands over at a time: rows, or rows already made into COPY lines. */
export type RowBatch = SheetRow[] | EncodedRows;

export type FileKind = 'xlsx' | 'csv' | 'json';

/** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Reads the first bytes of an upload to tell a workbook from a text file, whatever its name says. A text
 * whose first character (after a UTF-8 BOM and whitespace) is `{` or `[` is a JSON document: no CSV layout
 * read here starts so.
 */
export async function detectFileKind(path: string): Promise<FileKind> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytesRead === 0) throw DomainError.of('EMPTY_FILE.bytes');
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
    if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
      throw DomainError.of('UNSUPPORTED_FILE_TYPE.xls');
    }
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (!utf16 && bytes.includes(0)) {
      throw DomainError.of('UNSUPPORTED_FILE_TYPE');
    }
    const text = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    const first = text.find((b) => !JSON_SPACE.has(b));
    if (first === 0x7b || first === 0x5b) return 'json';
    return 'csv';
  } finally {
    await handle.close();
  }
}

/**
 * The file as a stream that reports each chunk's size as it is consumed. (A 'data' listener on the
 * file stream itself would start it flowing before its reader pipes it, and lose the first chunks.)
 */
export function countedFileStream(path: string, onBytes?: (n: number) => void, highWaterMark = 256 * 1024): Readable {
  const file = createReadStream(path, { highWaterMark });
  if (!onBytes) return file;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  file.on('error', (err) => counter.destroy(err));
  return file.pipe(counter);
}
