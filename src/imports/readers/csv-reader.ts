import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { DomainError, rowSays } from '../../common/domain-error.js';
import { type CsvRecord, CsvParser, CsvSyntaxError } from './csv-parser.js';
import { type Cell, countedFileStream, type RowBatch, type SheetRow } from './sheet-row.js';

/** Longest CSV record accepted; a longer one is a broken or hostile file, not data. */
const MAX_RECORD_CHARS = 1024 * 1024;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * A format's own way of reading the rest of a CSV once its header is known (e.g. mef-gasto.lane.ts):
 * it takes the text as it comes and hands back batches, of rows it wrote as COPY lines itself and of
 * rows it leaves to the general path, in file order. It stops after each row it leaves, so that the
 * row is dealt with before the next are written, and then says it has more to give from the text it
 * holds. `text` is null at the end of the file.
 */
export interface CsvLane {
  push(text: string | null, out: RowBatch[]): boolean;
}

/** A CSV being read: its rows in batches; once its header is known, a format's lane may read the rest. */
export interface CsvFile {
  batches: AsyncGenerator<RowBatch>;
  /**
   * From the next chunk on, the text goes to the lane that `make` builds from the parser that read the
   * header (where it stopped); when `make` gives none, rows go on coming as rows.
   */
  handOver(make: (parser: CsvParser) => CsvLane | null | undefined): void;
}

export function openCsv(path: string, onBytes?: (n: number) => void): CsvFile {
  const state: LaneState = {};
  return {
    batches: readCsvBatches(path, onBytes, state),
    handOver(make) {
      if (!state.parser) throw new Error('a CSV is handed over only after its header was read');
      state.lane = make(state.parser) ?? undefined;
    },
  };
}

/** The parser a reader made, and the lane put to read the rest of the file. */
interface LaneState {
  parser?: CsvParser;
  lane?: CsvLane;
}

/**
 * Streams the rows of a CSV as MEF's portals and spreadsheet programs write them: UTF-8 with or
 * without BOM, UTF-16 with BOM, or Windows-1252 (Excel's "CSV" on Spanish Windows); comma- or
 * semicolon-separated. Memory stays flat whatever the file size. Rows come in batches (those of one
 * chunk of the file): a million rows awaited one by one cost half a second of promises.
 */
async function* readCsvBatches(path: string, onBytes: ((n: number) => void) | undefined, slot: LaneState): AsyncGenerator<RowBatch> {
  const head = await readHead(path, SNIFF_BYTES);
  const encoding = sniffEncoding(head);
  const delimiter = sniffDelimiter(new TextDecoder(encoding).decode(head.subarray(0, 64 * 1024)));
  const parser = new CsvParser(delimiter, MAX_RECORD_CHARS);
  slot.parser = parser;
  // 64 KB at a time: V8 puts strings over 128 KB straight in the old generation, where a whole file of
  // dead chunks would pile up until a full collection (a million rows: 100 MB more peak memory)
  const source = countedFileStream(path, onBytes, 64 * 1024).pipe(new DecodeStream(encoding));
  let first = true;
  try {
    for await (const chunk of source as AsyncIterable<string>) {
      const text = first ? chunk.replace(/^\uFEFF/, '') : chunk;
      first = false;
      if (slot.lane) {
        yield* drain(slot.lane, text);
        continue;
      }
      const batch: CsvRecord[] = [];
      parser.push(text, batch);
      if (batch.length > 0) yield toRows(batch);
    }
    if (slot.lane) {
      yield* drain(slot.lane, null);
      return;
    }
    const batch: CsvRecord[] = [];
    parser.end(batch);
    if (batch.length > 0) yield toRows(batch);
  } catch (err) {
    throw toDomainError(err);
  } finally {
    source.destroy();
  }
}

/** What a lane gives for `text`, batch by batch, until it has nothing more. */
function* drain(lane: CsvLane, text: string | null): Generator<RowBatch> {
  for (let more = true; more; ) {
    const out: RowBatch[] = [];
    more = lane.push(text, out);
    if (text !== null) text = '';
    yield* out;
  }
}

/** The same rows one by one. */
export async function* readCsvRows(path: string, onBytes?: (n: number) => void): AsyncGenerator<SheetRow> {
  for await (const batch of readCsvBatches(path, onBytes, {})) if (Array.isArray(batch)) yield* batch;
}

function toRows(batch: CsvRecord[]): SheetRow[] {
  // Stryker disable next-line ArrayDeclaration: the length only sizes the array ahead; every slot is written below
  const rows: SheetRow[] = new Array(batch.length);
  for (let r = 0; r < batch.length; r++) rows[r] = toSheetRow(batch[r]);
  return rows;
}

/** A parsed record as a row: empty cells are null. */
export function toSheetRow(record: CsvRecord): SheetRow {
  const cells: Cell[] = record.cells;
  for (let i = 0; i < cells.length; i++) if (cells[i] === '') cells[i] = null;
  return { row: record.line, cells };
}

/**
 * Bytes the encoding is judged by: a Windows-1252 file whose first accent comes later is refused (a file
 * of ASCII names up to its 64 KB, then "Ñuñoa", was refused at the old 64 KB). Decoding 1 MB takes ~1 ms.
 */
const SNIFF_BYTES = 1024 * 1024;

async function readHead(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function sniffEncoding(head: Buffer): Encoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // stream: true so that a character cut by the end of the sample is not taken for bad UTF-8
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The separator is whichever of `,` `;` or tab appears most in the first line outside quotes. */
export function sniffDelimiter(text: string): string {
  // Stryker disable StringLiteral: what replaces the BOM and the quoted parts only has to hold no separator; the replacement text holds none
  const firstLine = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .replace(/"[^"]*"/g, '');
  // Stryker restore StringLiteral
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

/** Bytes to text with a decoder that keeps multi-byte characters whole across chunks. */
class DecodeStream extends Transform {
  private readonly decoder: TextDecoder;
  /** Line breaks in the text decoded so far: the line of a byte that is not UTF-8. */
  private lines = 0;
  /** The last bytes of the chunk before (a character may straddle two chunks). */
  private tail: Buffer = Buffer.alloc(0);
  constructor(encoding: Encoding) {
    // strings out, as decoded; one waiting at a time: text decoded far ahead of the parser lives long
    // enough to be moved to the old generation, and a whole file of it made the heap grow by 100 MB
    super({ decodeStrings: true, readableObjectMode: true, readableHighWaterMark: 1 });
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.emitText(() => this.decoder.decode(chunk, { stream: true }), done, chunk);
  }
  override _flush(done: TransformCallback): void {
    this.emitText(() => this.decoder.decode(), done);
  }
  private emitText(decode: () => string, done: TransformCallback, chunk?: Buffer): void {
    let text: string;
    try {
      text = decode();
    } catch {
      // the line of the first byte that is not UTF-8: the line breaks before it, in what was read and in this chunk
      const line = this.lines + 1 + (chunk ? newlinesBeforeInvalid(this.tail, chunk) : 0);
      done(DomainError.of('INVALID_ENCODING', { line }, { errors: [{ row: line, column: null, ...rowSays('NOT_UTF8', { line }) }] }));
      return;
    }
    if (chunk) this.tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 3)));
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines++;
    if (text.includes('\u0000')) {
      done(DomainError.of('BINARY_CONTENT'));
      return;
    }
    done(null, text);
  }
}

/**
 * Line breaks in `chunk` before its first byte that is not UTF-8, `tail` being the previous chunk's last bytes (a
 * character they start ends in this chunk); 0 when the fault is at its start or is not found by this check
 * (which reads the sequences' shape, not overlong forms).
 */
export function newlinesBeforeInvalid(tail: Buffer, chunk: Buffer): number {
  const bytes = Buffer.concat([tail, chunk]);
  // the tail's leading continuation bytes end a character already read
  let i = 0;
  while (i < tail.length && (bytes[i] & 0xc0) === 0x80) i++;
  let bad = -1;
  scan: while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) {
      bad = i;
      break;
    }
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) break scan; // cut by the chunk's end
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) {
        bad = i;
        break scan;
      }
    }
    i += need + 1;
  }
  const end = bad - tail.length;
  if (end <= 0) return 0;
  let lines = 0;
  for (let k = chunk.indexOf(0x0a); k >= 0 && k < end; k = chunk.indexOf(0x0a, k + 1)) lines++;
  return lines;
}

function toDomainError(err: unknown): unknown {
  if (!(err instanceof CsvSyntaxError)) return err;
  const reason = rowSays(err.code, err.code === 'RECORD_TOO_LONG' ? { kb: MAX_RECORD_CHARS / 1024 } : {});
  return DomainError.of('MALFORMED_CSV', { reason: [reason], line: err.line }, { errors: [{ row: err.line, column: null, ...reason }] });
}
