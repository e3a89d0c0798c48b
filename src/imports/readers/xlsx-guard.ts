import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';

/** What a workbook may hold before anything inflates it. */
export const XLSX_LIMITS = {
  /** Parts in the zip: a real workbook has a few dozen. */
  maxEntries: 2_000,
  /** Unpacked size of one part and of all of them (a 1,000,000-row sheet is a few hundred MB). */
  maxEntryBytes: 1024 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  /** Unpacked ÷ packed, for parts over 1 MB: spreadsheet XML packs about 5-30×, a zip bomb 1,000× and more. */
  maxRatio: 200,
};

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  packed: number;
  unpacked: number;
  headerOffset: number;
}

const refuse = (code: string, message: string, status = HttpStatus.UNPROCESSABLE_ENTITY) => new DomainError(status, code, message);
const damaged = () => refuse('INVALID_XLSX', 'The workbook cannot be read: it is damaged or not a real .xlsx file.');

/**
 * Looks inside an .xlsx before exceljs does: reads the zip's central directory and refuses, without
 * inflating anything, too many parts, declared sizes or packing ratios of a zip bomb, macro-enabled
 * (.xlsm) and binary (.xlsb) workbooks, encrypted or unknown compression. Then inflates each part once
 * with hard caps, so sizes that lie are caught too, checks every CRC (a truncated or bit-flipped file
 * is refused here), and refuses XML with a document type declaration (entity expansion, external
 * entities).
 */
export async function inspectXlsx(path: string, limits = XLSX_LIMITS): Promise<{ date1904: boolean }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const entries = await centralDirectory(file, size, limits);
    const names = new Set(entries.map((e) => e.name.toLowerCase()));
    if (names.has('xl/workbook.bin')) {
      throw refuse('UNSUPPORTED_FILE_TYPE', 'This is a binary Excel workbook (.xlsb). Save it as .xlsx or .csv and upload it again.', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    if (names.has('xl/vbaproject.bin')) {
      throw refuse('UNSUPPORTED_FILE_TYPE', 'This workbook holds macros (.xlsm). Save it as a plain .xlsx (or .csv) and upload it again.', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    if (!names.has('xl/workbook.xml')) throw damaged();
    let total = 0;
    for (const e of entries) {
      if (e.flags & 0x1) throw refuse('INVALID_XLSX', 'The workbook is encrypted; save it without a password and upload it again.');
      if (e.method !== 0 && e.method !== 8) throw damaged();
      if (e.unpacked > limits.maxEntryBytes || (e.unpacked > 1024 * 1024 && e.unpacked > limits.maxRatio * Math.max(e.packed, 1))) throw bomb();
      total += e.unpacked;
      if (total > limits.maxTotalBytes) throw bomb();
    }
    let date1904 = false;
    for (const e of entries) {
      const head = await inflateChecked(path, file, size, e, limits);
      if (e.name.toLowerCase() === 'xl/workbook.xml') date1904 = isDate1904(head);
    }
    return { date1904 };
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

const bomb = () => refuse('XLSX_TOO_LARGE', 'The workbook unpacks to far more than its size (a zip bomb?) or past the limits; nothing was read.', HttpStatus.PAYLOAD_TOO_LARGE);

async function centralDirectory(file: Awaited<ReturnType<typeof open>>, size: number, limits: typeof XLSX_LIMITS): Promise<Entry[]> {
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
  if (count > limits.maxEntries) throw refuse('XLSX_TOO_LARGE', `The workbook has ${count} parts; at most ${limits.maxEntries} are read.`, HttpStatus.PAYLOAD_TOO_LARGE);
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
    entries.push({
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      packed: cd.readUInt32LE(p + 20),
      unpacked: cd.readUInt32LE(p + 24),
      headerOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one part with a hard cap at its declared size, checking its CRC and, for XML, its prologue. */
async function inflateChecked(path: string, file: Awaited<ReturnType<typeof open>>, size: number, e: Entry, limits: typeof XLSX_LIMITS): Promise<string> {
  const header = Buffer.alloc(30);
  await file.read(header, 0, 30, e.headerOffset);
  if (header.readUInt32LE(0) !== 0x04034b50) throw damaged();
  const start = e.headerOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + e.packed > size) throw damaged();
  const isXml = /\.(xml|rels|vml)$/i.test(e.name);
  let crc = 0;
  let seen = 0;
  let prologue = '';
  const check = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > e.unpacked || seen > limits.maxEntryBytes) throw bomb(); // the sizes lied
    crc = crc32(chunk, crc);
    if (isXml && prologue.length < 65536) {
      prologue += chunk.toString('latin1', 0, Math.min(chunk.length, 65536 - prologue.length));
      if (/<!DOCTYPE|<!ENTITY/i.test(prologue)) {
        throw refuse('INVALID_XLSX', 'The workbook has XML with a document type declaration (DOCTYPE), which is never accepted.');
      }
    }
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
    try {
      await (e.method === 0 ? pipeline(source, sink) : pipeline(source, createInflateRaw({ chunkSize: 256 * 1024 }), sink));
    } catch (err) {
      throw err instanceof DomainError ? err : damaged();
    }
  }
  if (seen !== e.unpacked || crc >>> 0 !== e.crc) throw damaged();
  return prologue;
}
