import { constants, crc32, deflateRawSync } from 'node:zlib';

type Bytes = Buffer | string;

export interface ZipEntry {
  name: string;
  /**
   * The part's bytes; or pieces of it, each deflated once on its own, so that a piece repeated a
   * thousand times makes a part of hundreds of MB without ever being held whole.
   */
  data: Bytes | Bytes[];
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** Write this unpacked size in the headers instead of the real one (a lying zip). */
  declaredSize?: number;
  /** General-purpose flags, e.g. 1 = encrypted. */
  flags?: number;
  /** Flag bit 3: sizes and CRC left 0 in the local header and written in a data descriptor after the data. */
  descriptor?: boolean;
  /** Only a local header: no entry in the central directory. */
  hidden?: boolean;
  /** Another name in the local header than in the central directory. */
  localName?: string;
}

/** A zip file built byte by byte, so tests can make hostile ones (lying sizes, bombs, odd flags). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const { packed, crc, length } = pack(Array.isArray(e.data) ? e.data : [e.data], method);
    const name = Buffer.from(e.name, 'utf8');
    const localName = Buffer.from(e.localName ?? e.name, 'utf8');
    const size = e.declaredSize ?? length;
    const flags = (e.flags ?? 0) | (e.descriptor ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    const sizes = Buffer.alloc(12);
    sizes.writeUInt32LE(crc, 0);
    sizes.writeUInt32LE(packed.length, 4);
    sizes.writeUInt32LE(size, 8);
    if (!e.descriptor) sizes.copy(local, 14);
    local.writeUInt16LE(localName.length, 26);
    const descriptor = e.descriptor ? [Buffer.from([0x50, 0x4b, 0x07, 0x08]), sizes] : [];
    locals.push(local, localName, packed, ...descriptor);
    if (!e.hidden) {
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0);
      cd.writeUInt16LE(20, 4);
      cd.writeUInt16LE(20, 6);
      cd.writeUInt16LE(flags, 8);
      cd.writeUInt16LE(method, 10);
      sizes.copy(cd, 16);
      cd.writeUInt16LE(name.length, 28);
      cd.writeUInt32LE(offset, 42);
      central.push(cd, name);
    }
    offset += 30 + localName.length + packed.length + (e.descriptor ? 16 : 0);
  }
  const cdBuffer = Buffer.concat(central);
  const listed = entries.filter((e) => !e.hidden).length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(cdBuffer.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuffer, end]);
}

/** The local entries of a zip made by zip(): its bytes up to the central directory. */
export const localEntries = (bytes: Buffer): Buffer => bytes.subarray(0, bytes.readUInt32LE(bytes.length - 6));

/**
 * Pieces packed one after the other: stored, or each deflated on its own and ended with a full flush
 * (so deflate streams can follow one another), then an empty final block. A piece repeated is packed once.
 */
function pack(pieces: Bytes[], method: 0 | 8): { packed: Buffer; crc: number; length: number } {
  const bytes = new Map<Bytes, Buffer>();
  const deflated = new Map<Bytes, Buffer>();
  const out: Buffer[] = [];
  let crc = 0;
  let length = 0;
  for (const piece of pieces) {
    if (!bytes.has(piece)) bytes.set(piece, Buffer.isBuffer(piece) ? piece : Buffer.from(piece, 'utf8'));
    const raw = bytes.get(piece)!;
    if (method === 8 && !deflated.has(piece)) deflated.set(piece, deflateRawSync(raw, { finishFlush: constants.Z_FULL_FLUSH }));
    out.push(method === 8 ? deflated.get(piece)! : raw);
    crc = crc32(raw, crc);
    length += raw.length;
  }
  if (method === 8) out.push(Buffer.from([0x03, 0x00])); // BFINAL, fixed Huffman, end of block
  return { packed: Buffer.concat(out), crc: crc >>> 0, length };
}

/** The parts of a minimal workbook with one sheet, whose XML is given; the sheet's part name can be changed. */
export function workbookParts(sheetXml: string, sheetPart = 'worksheets/sheet1.xml', workbookExtra = ''): ZipEntry[] {
  return [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/${sheetPart}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Datos" sheetId="1" r:id="rId1"/></sheets>${workbookExtra}</workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${sheetPart}"/></Relationships>`,
    },
    { name: `xl/${sheetPart}`, data: sheetXml },
  ];
}

/** A worksheet of inline-string and number cells; `extra` goes after sheetData (mergeCells, dataValidations, …). */
export function sheetXml(rows: (string | number)[][], options: { extra?: string; before?: string; rowNumbers?: number[] } = {}): string {
  const col = (i: number) => String.fromCharCode(65 + i);
  const body = rows
    .map((cells, r) => {
      const n = options.rowNumbers?.[r] ?? r + 1;
      const cs = cells
        .map((v, i) => (typeof v === 'number' ? `<c r="${col(i)}${n}"><v>${v}</v></c>` : `<c r="${col(i)}${n}" t="inlineStr"><is><t>${v}</t></is></c>`))
        .join('');
      return `<row r="${n}">${cs}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${options.before ?? ''}<sheetData>${body}</sheetData>${options.extra ?? ''}</worksheet>`;
}
