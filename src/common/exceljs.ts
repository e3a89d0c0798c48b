import { AsyncLocalStorage } from 'node:async_hooks';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { TextDecoder } from 'node:util';

/*
 * exceljs 4.4.0 is unmaintained; we use only its streaming reader and writer, with two repairs to the reader applied here,
 * before exceljs is loaded (this module is the only place that loads it; everything else imports ExcelJS from here):
 *
 * 1. Its SAX feed decodes every compressed chunk on its own, so a multi-byte character (ñ, á, …)
 *    cut by a chunk boundary turns into two U+FFFD. The replacement keeps one TextDecoder per
 *    stream in streaming mode.
 * 2. When a worksheet comes before the shared strings in the zip, it parks the sheet in a temp file
 *    that is removed only if iteration runs to the end, and it creates that file asynchronously while
 *    the zip stream runs on (a race that loses the shared strings). Temp files are created at once, in
 *    a folder that belongs to the current read and is removed when the read ends, however it ends.
 * 3. It needs every row and cell to carry its address (r="B7"); the file format makes it optional, and
 *    some writers leave it out. Missing addresses are filled in from the document order.
 * 4. It matches element names as written, so XML with a namespace prefix (<x:row>) read as empty.
 *    Prefixes are dropped from element names.
 * 5. It stops reading the zip at its first 'end' event. unzipper's Parse emits one as soon as its input has been
 *    read, while entries it has parsed may still wait in its buffer (paused while the reader parked a sheet): those
 *    were lost, at random, under load. A workbook whose rels, workbook.xml or shared strings come last (the exceljs
 *    writer's own, such as the planner's template) then read with its sheets unnamed or its text unresolved. The
 *    replacement stops only once the stream has nothing left to give (`iterateStream`).
 */
const require = createRequire(import.meta.url);
if (Object.keys(require.cache).some((k) => /[\\/]exceljs[\\/]excel\.js$/.test(k))) {
  throw new Error('exceljs was loaded before its streaming fixes were applied; import it only through src/common/exceljs.ts');
}
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const exceljsRequire = createRequire(parseSaxPath);
/** The XML parser exceljs reads with (also used to look at a part before exceljs does). */
export const { SaxesParser } = exceljsRequire('saxes') as { SaxesParser: new () => SaxParser };
interface SaxParser {
  on(event: string, handler: (value: unknown) => void): void;
  write(text: string): void;
}

interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
/** `x:row` → `row`: exceljs matches element names without their namespace prefix. */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
/** The node under its local name; a copy, as saxes keeps its own node to match the closing tag. */
function unprefixed(node: SaxNode): SaxNode {
  const name = localName(node.name);
  return name === node.name ? node : { ...node, name };
}
const columnNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function columnLetters(n: number): string {
  let letters = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<unknown[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: unknown;
  let events: unknown[] = [];
  parser.on('error', (err) => (error = err));
  // 3. and 4.: see the note at the top
  let rowNumber = 0;
  let column = 0;
  parser.on('opentag', (value) => {
    let node = unprefixed(value as SaxNode);
    if (node === value && (node.name === 'row' || node.name === 'c') && (node as SaxNode).attributes.r === undefined) node = { ...node };
    if (node.name === 'row') {
      rowNumber = node.attributes.r ? Number(node.attributes.r) : rowNumber + 1;
      if (node.attributes.r === undefined) node.attributes = { ...node.attributes, r: String(rowNumber) };
      column = 0;
    } else if (node.name === 'c') {
      const ref = /^([A-Z]+)(\d+)$/.exec(node.attributes.r ?? '');
      column = ref ? columnNumber(ref[1]) : column + 1;
      if (node.attributes.r === undefined) node.attributes = { ...node.attributes, r: `${columnLetters(column)}${rowNumber}` };
    }
    events.push({ eventType: 'opentag', value: node });
  });
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value: unprefixed(value as SaxNode) }));
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

/** 5.: see the note at the top. A stream's chunks (or objects) in order, however its 'end' comes. */
export async function* iterateStream(stream: NodeJS.ReadableStream & { readableLength?: number }): AsyncGenerator<unknown> {
  const contents: unknown[] = [];
  let ended = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  const woken = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  stream.on('data', (data: unknown) => {
    contents.push(data);
    woken();
  });
  stream.on('end', () => {
    ended = true;
    woken();
  });
  stream.on('error', (err: unknown) => {
    error = err;
    woken();
  });
  while (true) {
    if (error) throw error;
    if (contents.length > 0) {
      stream.pause();
      yield contents.shift();
      continue;
    }
    // ended, and nothing left in its buffer: an 'end' that came early leaves what was pushed before it to be read
    if (ended && !((stream.readableLength ?? 0) > 0)) return;
    const next = new Promise<void>((resolve) => (wake = resolve));
    stream.resume();
    await next;
  }
}
const iterateStreamPath = exceljsRequire.resolve('./iterate-stream.js');
require(iterateStreamPath);
require.cache[iterateStreamPath]!.exports = iterateStream;

/** The folder where exceljs may park temp files during the current read. */
export const tempFolder = new AsyncLocalStorage<string>();
const tmp = exceljsRequire('tmp') as {
  file: (...args: unknown[]) => void;
  fileSync: (options: { tmpdir?: string }) => { name: string; fd: number; removeCallback: () => void };
};
// exceljs pipes a parked worksheet's zip entry only inside tmp.file's callback; the asynchronous
// callback lets the entry's data run on meanwhile, and the zip reader then ends early (sheets read
// with their shared strings unresolved). Creating the file synchronously closes that gap.
tmp.file = (...args: unknown[]) => {
  const callback = args.find((a) => typeof a === 'function') as (err: unknown, name?: string, fd?: number, remove?: () => void) => void;
  const folder = tempFolder.getStore();
  try {
    const file = tmp.fileSync(folder ? { tmpdir: folder } : {});
    callback(null, file.name, file.fd, file.removeCallback);
  } catch (err) {
    callback(err);
  }
};

export const ExcelJS = require('exceljs') as typeof import('exceljs');

/*
 * The streaming writer takes rows as fast as they are given: a worksheet's stream (exceljs's StreamBuf) writes into
 * its zip entry without looking at what write answers, so a sheet written faster than the zip compresses and sends
 * it piles up there as XML (40,000 template rows: 20 MB per download, however slowly the client reads). A writer
 * of a long sheet awaits worksheetFlushed between batches of rows.
 */
interface LegacyWritable extends NodeJS.EventEmitter {
  _writableState?: { needDrain: boolean };
}

/**
 * Resolves once the rows a streaming worksheet has committed have been taken by its zip entry (which takes
 * them only as fast as the workbook's output stream is read); rejects with an AbortError if `signal` aborts first.
 */
export async function worksheetFlushed(worksheet: object, signal?: AbortSignal): Promise<void> {
  const stream = (worksheet as { stream?: { pipes?: LegacyWritable[] } }).stream;
  if (!Array.isArray(stream?.pipes)) throw new Error('exceljs changed: a streaming worksheet no longer has the stream this module waits on');
  for (const entry of stream.pipes) {
    // readable-stream 2 (archiver's) has no writableNeedDrain; 'drain' comes once its buffer is empty again
    while (entry._writableState?.needDrain) await once(entry, 'drain', { signal });
  }
}

/** Stops a streaming workbook that will not be finished: its zip is cut from the output stream (which it would end) and stops. */
export function abandonWorkbook(workbook: object): void {
  const zip = (workbook as { zip?: { unpipe(): void; abort(): void } }).zip;
  zip?.unpipe();
  zip?.abort();
}
