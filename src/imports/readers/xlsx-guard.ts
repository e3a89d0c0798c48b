import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';
import { createInflateRaw, crc32 } from 'node:zlib';
import { DomainError } from '../../common/domain-error.js';
import { localName, SaxesParser } from '../../common/exceljs.js';
import type { Params, ProblemKey } from '../../i18n/messages.js';
import { sheetNamesOf } from './sheet-names.js';

/** What a workbook may hold before anything inflates it. */
export const XLSX_LIMITS = {
  /** Parts in the zip: a real workbook has a few dozen. */
  maxEntries: 2_000,
  /** Unpacked size of one part and of all of them (a 1,000,000-row sheet is a few hundred MB). */
  maxEntryBytes: 1024 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  /** Unpacked ÷ packed, for parts over 1 MB: spreadsheet XML packs about 5-30×, a zip bomb 1,000× and more. */
  maxRatio: 200,
  /**
   * The shared-strings part, which exceljs holds whole in memory (every string, every rich-text run),
   * in a service with a 256 MB heap: at most 32 MB unpacked and 500,000 strings and runs, about 70 MB
   * of heap at the most (measured: 35-80 bytes a string or run, 1.1 per byte of text). A registry
   * export of 20,000 projects has about 15 MB of them; larger sheets go as CSV.
   */
  maxSharedStringsBytes: 32 * 1024 * 1024,
  maxSharedStrings: 500_000,
};

interface Entry {
  name: string;
  /** The name as written, compared byte for byte with its local header's. */
  rawName: Buffer;
  method: number;
  flags: number;
  crc: number;
  packed: number;
  unpacked: number;
  headerOffset: number;
  /** Where its packed data starts, after its local header. */
  dataStart: number;
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
/** General-purpose flag bits: encrypted; sizes and CRC in a data descriptor after the data. */
const ENCRYPTED = 0x1;
const DESCRIPTOR = 0x8;

const refuse = (key: ProblemKey, params: Params = {}) => DomainError.of(key, params);
const damaged = () => refuse('INVALID_XLSX');
const mismatch = () => refuse('ZIP_STRUCTURE_MISMATCH');
const tooManyStrings = (limits: typeof XLSX_LIMITS) =>
  refuse('SHARED_STRINGS_TOO_LARGE', { strings: limits.maxSharedStrings.toLocaleString('en'), mb: limits.maxSharedStringsBytes / 1024 / 1024 });
const isSharedStrings = (e: Entry) => e.name.toLowerCase() === 'xl/sharedstrings.xml';

/**
 * Looks inside an .xlsx before exceljs does: reads the zip's central directory, checks that the local
 * headers exceljs reads by say the same, and refuses, without inflating anything, too many parts,
 * declared sizes or packing ratios of a zip bomb, shared strings past their limits, macro-enabled
 * (.xlsm) and binary (.xlsb) workbooks, encrypted or unknown compression. Then inflates each part once
 * with hard caps, so sizes that lie are caught too, checks every CRC (a truncated or bit-flipped file
 * is refused here), counts the shared strings, and refuses XML with a document type declaration
 * (entity expansion, external entities).
 */
export async function inspectXlsx(path: string, limits = XLSX_LIMITS): Promise<{ date1904: boolean; sheetNames: Map<string, string> }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const { entries, cdOffset } = await centralDirectory(file, size, limits);
    await matchLocalHeaders(file, entries, cdOffset);
    const names = new Set(entries.map((e) => e.name.toLowerCase()));
    if (names.has('xl/workbook.bin')) {
      throw refuse('UNSUPPORTED_FILE_TYPE.xlsb');
    }
    if (names.has('xl/vbaproject.bin')) {
      throw refuse('UNSUPPORTED_FILE_TYPE.xlsm');
    }
    if (!names.has('xl/workbook.xml')) throw damaged();
    let total = 0;
    for (const e of entries) {
      if (e.flags & ENCRYPTED) throw refuse('INVALID_XLSX.encrypted');
      if (e.method !== 0 && e.method !== 8) throw damaged();
      if (e.unpacked > limits.maxEntryBytes || (e.unpacked > 1024 * 1024 && e.unpacked > limits.maxRatio * Math.max(e.packed, 1))) throw bomb();
      if (isSharedStrings(e) && e.unpacked > limits.maxSharedStringsBytes) throw tooManyStrings(limits);
      total += e.unpacked;
      if (total > limits.maxTotalBytes) throw bomb();
    }
    let date1904 = false;
    let workbookXml = '';
    let relsXml = '';
    for (const e of entries) {
      const head = await inflateChecked(path, e, limits);
      const name = e.name.toLowerCase();
      if (name === 'xl/workbook.xml') {
        date1904 = isDate1904(head);
        workbookXml = Buffer.from(head, 'latin1').toString('utf8'); // the prologue keeps bytes as latin1
      }
      if (name === 'xl/_rels/workbook.xml.rels') relsXml = Buffer.from(head, 'latin1').toString('utf8');
    }
    return { date1904, sheetNames: sheetNamesOf(workbookXml, relsXml) };
  } finally {
    await file.close();
  }
}

/**
 * <workbookPr date1904="1"/>: serial dates count from 1904-01-01 (old Mac Excel). The tag is found
 * first and its attributes read after: one pattern spanning `[^>]*` retried that scan from every
 * "<workbookPr" of a prologue without ">" (0.8 s for 64 KB).
 */
function isDate1904(xml: string): boolean {
  const at = xml.search(/<(\w+:)?workbookPr\b/);
  if (at < 0) return false;
  const end = xml.indexOf('>', at);
  return /\bdate1904="(1|true)"/.test(xml.slice(at, end < 0 ? xml.length : end));
}

const bomb = () => refuse('XLSX_TOO_LARGE');

async function centralDirectory(file: FileHandle, size: number, limits: typeof XLSX_LIMITS): Promise<{ entries: Entry[]; cdOffset: number }> {
  // the end-of-central-directory record: 22 bytes plus a comment of up to 65,535
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged();
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bomb(); // zip64: no workbook needs it
  if (count > limits.maxEntries) throw refuse('XLSX_TOO_LARGE.parts', { count, max: limits.maxEntries });
  if (cdOffset + cdSize > size) throw damaged();
  const cd = Buffer.alloc(cdSize);
  await file.read(cd, 0, cdSize, cdOffset);
  const entries: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw damaged();
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength > cd.length) throw damaged();
    const rawName = Buffer.from(cd.subarray(p + 46, p + 46 + nameLength));
    entries.push({
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      packed: cd.readUInt32LE(p + 20),
      unpacked: cd.readUInt32LE(p + 24),
      headerOffset: cd.readUInt32LE(p + 42),
      name: rawName.toString('utf8'),
      rawName,
      dataStart: -1,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  // the directory is its entries and nothing else, and ends where its end record starts
  if (p !== cdSize || cdOffset + cdSize !== size - tailLength + eocd) throw mismatch();
  return { entries, cdOffset };
}

/**
 * exceljs reads the zip with unzipper, front to back by its local headers, never by the central
 * directory this guard checks: a part held only by a local header (a 208 MB sheet with a DOCTYPE got
 * through that way) or described otherwise there would be read unchecked. So the local headers must be
 * the directory's, one for one: back to back from the start of the file to the directory, with the
 * same names, method, flags and sizes. With flag bit 3 the sizes follow the data, in a data
 * descriptor (unzipper then reads to its signature, and takes 16 bytes), checked against the directory.
 */
async function matchLocalHeaders(file: FileHandle, entries: Entry[], cdOffset: number): Promise<void> {
  let at = 0;
  for (const e of [...entries].sort((a, b) => a.headerOffset - b.headerOffset)) {
    if (e.headerOffset !== at) throw mismatch();
    const header = await readAt(file, 30, at);
    const flags = header.readUInt16LE(6);
    if (
      header.readUInt32LE(0) !== LOCAL_HEADER ||
      header.readUInt16LE(8) !== e.method ||
      (flags & (ENCRYPTED | DESCRIPTOR)) !== (e.flags & (ENCRYPTED | DESCRIPTOR))
    )
      throw mismatch();
    const nameLength = header.readUInt16LE(26);
    if (!(await readAt(file, nameLength, at + 30)).equals(e.rawName)) throw mismatch();
    e.dataStart = at + 30 + nameLength + header.readUInt16LE(28);
    at = e.dataStart + e.packed;
    if (flags & DESCRIPTOR) {
      // unzipper looks for the descriptor only when the local header gives no packed size
      const descriptor = await readAt(file, 16, at);
      if (header.readUInt32LE(18) !== 0 || descriptor.readUInt32LE(0) !== DATA_DESCRIPTOR || !sameSizes(descriptor, 4, e)) throw mismatch();
      at += 16;
    } else if (!sameSizes(header, 14, e)) {
      throw mismatch();
    }
  }
  if (at !== cdOffset) throw mismatch();
}

/** CRC, packed and unpacked size at `offset` of `b` (as local headers and data descriptors write them) are the entry's. */
const sameSizes = (b: Buffer, offset: number, e: Entry) =>
  b.readUInt32LE(offset) === e.crc >>> 0 && b.readUInt32LE(offset + 4) === e.packed && b.readUInt32LE(offset + 8) === e.unpacked;

/** `length` bytes at `position`; a file that ends first is damaged. */
async function readAt(file: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw damaged();
  return buffer;
}

/**
 * Inflates one part with a hard cap at its declared size, checking its CRC and, for XML, its prologue;
 * counts the shared strings as exceljs will read them.
 */
async function inflateChecked(path: string, e: Entry, limits: typeof XLSX_LIMITS): Promise<string> {
  const start = e.dataStart;
  const isXml = /\.(xml|rels|vml)$/i.test(e.name);
  const countStrings = isSharedStrings(e) ? sharedStringsCounter(limits) : null;
  let crc = 0;
  let seen = 0;
  let prologue = '';
  const declares = isXml ? declarationFinder() : null;
  const check = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > e.unpacked || seen > limits.maxEntryBytes) throw bomb(); // the sizes lied
    crc = crc32(chunk, crc);
    if (isXml && prologue.length < 65536) prologue += chunk.toString('latin1', 0, Math.min(chunk.length, 65536 - prologue.length));
    if (declares?.(chunk)) {
      throw refuse('INVALID_XLSX.doctype');
    }
    countStrings?.(chunk);
  };
  if (e.packed > 0) {
    // a stream of its own per part: many streams on one FileHandle pile up listeners on it
    const source = createReadStream(path, { start, end: start + e.packed - 1, highWaterMark: 256 * 1024 });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        try {
          check(chunk);
          callback();
        } catch (err) {
          callback(err as Error);
        }
      },
    });
    const stages = [...(e.flags & DESCRIPTOR ? [noDescriptorSignature()] : []), ...(e.method === 0 ? [] : [createInflateRaw({ chunkSize: 256 * 1024 })])];
    try {
      await pipeline([source, ...stages, sink]);
    } catch (err) {
      throw err instanceof DomainError ? err : damaged();
    }
  }
  if (seen !== e.unpacked || crc >>> 0 !== e.crc) throw damaged();
  return prologue;
}

/**
 * Whether the chunks of a part seen so far hold `<!DOCTYPE` or `<!ENTITY`, anywhere: XML lets comments of
 * any length come before a DOCTYPE, so looking at the first kilobytes is not enough. In well-formed XML
 * `<` is markup outside comments, CDATA and instructions, so text never matches.
 */
function declarationFinder(): (chunk: Buffer) => boolean {
  let tail = Buffer.alloc(0);
  return (chunk) => {
    const window = Buffer.concat([tail, chunk]);
    for (let at = window.indexOf('<!'); at >= 0; at = window.indexOf('<!', at + 2)) {
      if (/^(DOCTYPE|ENTITY)/i.test(window.toString('latin1', at + 2, at + 9))) return true;
    }
    tail = window.subarray(-8); // a declaration cut between two chunks is read whole with the next
    return false;
  };
}

/**
 * The packed bytes of a part with a data descriptor, passed on unchanged, refused if they hold a
 * descriptor's signature: unzipper ends such a part at the first signature it meets and reads what
 * follows as further entries, which this guard would never have seen.
 */
function noDescriptorSignature(): Transform {
  const signature = Buffer.alloc(4);
  signature.writeUInt32LE(DATA_DESCRIPTOR);
  let tail = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const window = Buffer.concat([tail, chunk]);
      if (window.includes(signature)) return done(mismatch());
      tail = window.subarray(-3);
      done(null, chunk);
    },
  });
}

/**
 * Feeds the shared-strings part to the parser exceljs uses and counts what exceljs will keep of it:
 * each string (<si>) and each rich-text run (<r>), under their local names as exceljs matches them.
 */
function sharedStringsCounter(limits: typeof XLSX_LIMITS): (chunk: Buffer) => void {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let count = 0;
  let failed = false;
  parser.on('error', () => (failed = true));
  parser.on('opentag', (node) => {
    const name = localName((node as { name: string }).name);
    if (name === 'si' || name === 'r') count++;
  });
  return (chunk) => {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failed) throw damaged(); // exceljs would stop at the same place
    if (count > limits.maxSharedStrings) throw tooManyStrings(limits);
  };
}
