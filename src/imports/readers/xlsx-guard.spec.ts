import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sheetXml, workbookParts, zip, type ZipEntry } from '../../../test/support/zip.js';
import { DomainError } from '../../common/domain-error.js';
import { inspectXlsx, XLSX_LIMITS } from './xlsx-guard.js';

/*
 * The zip guard on its own, with small limits so that each refusal is a few kB (the hostile corpus of
 * test/hostile-files.e2e-spec.ts sends the real-sized ones through the service). Every workbook is built
 * byte by byte by test/support/zip.ts; the few that must lie in ways it cannot write are patched here.
 */
describe('inspectXlsx', () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'xlsx-guard-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const SHEET = sheetXml([
    ['ubigeo', 'anio'],
    ['080801', 2024],
  ]);
  const parts = (extra: ZipEntry[] = [], workbookExtra = '') => [...workbookParts(SHEET, undefined, workbookExtra), ...extra];
  const MB = 1024 * 1024;

  async function inspect(bytes: Buffer, limits = XLSX_LIMITS): Promise<{ date1904: boolean; sheetNames: Map<string, string> }> {
    const path = join(dir, `${n++}.xlsx`);
    await writeFile(path, bytes);
    return inspectXlsx(path, limits);
  }
  /** The refusal as status and code, or 'read' when the guard lets the workbook through. */
  const outcome = (bytes: Buffer, limits = XLSX_LIMITS): Promise<string> =>
    inspect(bytes, limits).then(
      () => 'read',
      (e: unknown) => (e instanceof DomainError ? `${e.status} ${e.code}` : `not a DomainError: ${String(e)}`),
    );
  const limits = (over: Partial<typeof XLSX_LIMITS>) => ({ ...XLSX_LIMITS, ...over });

  describe('takes', () => {
    it('a plain workbook, deflated or stored, with or without data descriptors', async () => {
      expect(await outcome(zip(parts()))).toBe('read');
      expect(await outcome(zip(parts().map((e) => ({ ...e, method: 0 as const }))))).toBe('read');
      expect(await outcome(zip(parts().map((e) => ({ ...e, descriptor: true }))))).toBe('read');
    });

    it('an empty part, and a zip comment after the end record', async () => {
      expect(await outcome(zip(parts([{ name: 'docProps/empty.xml', data: '', method: 0 }])))).toBe('read');
      const bytes = zip(parts());
      const comment = Buffer.from('written by a spreadsheet program');
      bytes.writeUInt16LE(comment.length, bytes.length - 2);
      expect(await outcome(Buffer.concat([bytes, comment]))).toBe('read');
    });

    it('a binary part whose bytes happen to spell <!DOCTYPE: only XML parts are XML', async () => {
      expect(await outcome(zip(parts([{ name: 'xl/media/image1.png', data: Buffer.from('\x89PNG<!DOCTYPE x>'), method: 0 }])))).toBe('read');
    });

    it('exactly as many parts, bytes and shared strings as the limits allow', async () => {
      // 5 parts of a minimal workbook; a 1,000-byte part; a part of exactly 1 MB packs 1,000:1 but only larger parts are held to the ratio
      expect(await outcome(zip(parts()), limits({ maxEntries: 5 }))).toBe('read');
      const kb = zip(parts([{ name: 'docProps/custom.xml', data: 'x'.repeat(1000) }]));
      expect(await outcome(kb, limits({ maxEntryBytes: 1000 }))).toBe('read');
      expect(await outcome(zip(parts([{ name: 'docProps/custom.xml', data: Buffer.alloc(MB, 0x20) }])))).toBe('read');
      const total = parts().reduce((sum, e) => sum + Buffer.byteLength(e.data as string), 0);
      expect(await outcome(zip(parts()), limits({ maxTotalBytes: total }))).toBe('read');
      // two strings, one of two rich-text runs: 4 elements exceljs keeps
      const sst = `<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si></sst>`;
      const strings = { name: 'xl/sharedStrings.xml', data: sst };
      expect(await outcome(zip(parts([strings])), limits({ maxSharedStrings: 4, maxSharedStringsBytes: sst.length }))).toBe('read');
    });
  });

  describe('reads the date system', () => {
    it.each([
      ['', false],
      ['<workbookPr/>', false],
      ['<workbookPr date1904="1"/>', true],
      ['<workbookPr defaultThemeVersion="1" date1904="true"/>', true],
      ['<workbookPr date1904="0"/>', false],
      ['<workbookPr date1904="false"/>', false],
      ['<x:workbookPr date1904="1"/>', true],
      // the attribute of another element, after the workbook's own properties
      ['<workbookPr/><calcPr date1904="1"/>', false],
      ['<workbookProtection date1904="1"/>', false],
    ])('%j → date1904 %p', async (extra, date1904) => {
      // and the sheet's name, from workbook.xml and its relationships (the minimal workbook's one sheet, Datos)
      expect(await inspect(zip(parts([], extra)))).toEqual({ date1904, sheetNames: new Map([['1', 'Datos']]) });
    });
  });

  describe('refuses, before anything inflates it,', () => {
    it('macro-enabled (.xlsm) and binary (.xlsb) workbooks, whatever the case of the part names', async () => {
      expect(await outcome(zip(parts([{ name: 'xl/vbaProject.bin', data: Buffer.alloc(64, 7) }])))).toBe('415 UNSUPPORTED_FILE_TYPE');
      expect(await outcome(zip([...parts(), { name: 'XL/Workbook.bin', data: Buffer.alloc(64, 1) }]))).toBe('415 UNSUPPORTED_FILE_TYPE');
    });

    it('a zip without the workbook part, and one that is not a zip at all', async () => {
      expect(await outcome(zip(parts().filter((e) => e.name !== 'xl/workbook.xml')))).toBe('422 INVALID_XLSX');
      expect(await outcome(Buffer.from('PK\x03\x04 and then nothing a zip holds'))).toBe('422 INVALID_XLSX');
    });

    it('an encrypted part, and a compression method exceljs cannot read', async () => {
      expect(await outcome(zip(parts().map((e) => (e.name === 'xl/workbook.xml' ? { ...e, flags: 1 } : e))))).toBe('422 INVALID_XLSX');
      expect(await outcome(zip(parts([{ name: 'docProps/x.xml', data: '<x/>', method: 12 as 0 }])))).toBe('422 INVALID_XLSX');
    });

    it('one part more than maxEntries, and zip64 (65,535 parts)', async () => {
      expect(await outcome(zip(parts()), limits({ maxEntries: 4 }))).toBe('413 XLSX_TOO_LARGE');
      const bytes = zip(parts());
      bytes.writeUInt16LE(0xffff, bytes.length - 12);
      expect(await outcome(bytes)).toBe('413 XLSX_TOO_LARGE');
    });

    it('a part one byte over maxEntryBytes, parts one byte over maxTotalBytes, and a part over 1 MB packed more than maxRatio times', async () => {
      const kb = zip(parts([{ name: 'docProps/custom.xml', data: 'x'.repeat(1001) }]));
      expect(await outcome(kb, limits({ maxEntryBytes: 1000 }))).toBe('413 XLSX_TOO_LARGE');
      const total = parts().reduce((sum, e) => sum + Buffer.byteLength(e.data as string), 0);
      expect(await outcome(zip(parts()), limits({ maxTotalBytes: total - 1 }))).toBe('413 XLSX_TOO_LARGE');
      // 1 MB + 1 of spaces deflates to about 1 kB: a ratio near 1,000
      expect(await outcome(zip(parts([{ name: 'docProps/custom.xml', data: Buffer.alloc(MB + 1, 0x20) }])))).toBe('413 XLSX_TOO_LARGE');
      expect(await outcome(zip(parts([{ name: 'docProps/custom.xml', data: Buffer.alloc(MB + 1, 0x20) }])), limits({ maxRatio: 5000 }))).toBe('read');
    });

    it('shared strings one byte over maxSharedStringsBytes, whatever the case of their part name', async () => {
      const sst = '<sst><si><t>a</t></si></sst>';
      expect(await outcome(zip(parts([{ name: 'xl/SharedStrings.xml', data: sst }])), limits({ maxSharedStringsBytes: sst.length - 1 }))).toBe(
        '413 SHARED_STRINGS_TOO_LARGE',
      );
      // the same size in another part is no shared strings
      expect(await outcome(zip(parts([{ name: 'xl/comments1.xml', data: sst }])), limits({ maxSharedStringsBytes: sst.length - 1 }))).toBe('read');
    });
  });

  describe('refuses a zip whose local headers are not its table of contents', () => {
    it('a part held only by a local header, first or last', async () => {
      const hidden = { name: 'xl/worksheets/sheet2.xml', data: SHEET, hidden: true };
      expect(await outcome(zip([hidden, ...parts()]))).toBe('422 ZIP_STRUCTURE_MISMATCH');
      expect(await outcome(zip([...parts(), hidden]))).toBe('422 ZIP_STRUCTURE_MISMATCH');
    });

    it('a part named one way in its local header and another in the directory', async () => {
      expect(await outcome(zip(parts([{ name: 'docProps/app.xml', localName: 'xl/worksheets/sheet2.xml', data: SHEET }])))).toBe('422 ZIP_STRUCTURE_MISMATCH');
    });

    /** A workbook whose first local header is changed by `patch`. */
    const patchedLocalHeader = (patch: (header: Buffer) => void, entries = parts()) => {
      const bytes = zip(entries);
      patch(bytes.subarray(0, 30));
      return bytes;
    };

    it('a local header with another method, other flags, or other sizes', async () => {
      expect(await outcome(patchedLocalHeader((h) => h.writeUInt16LE(0, 8)))).toBe('422 ZIP_STRUCTURE_MISMATCH'); // stored, says the local header
      expect(await outcome(patchedLocalHeader((h) => h.writeUInt16LE(0x8, 6)))).toBe('422 ZIP_STRUCTURE_MISMATCH'); // a descriptor only there
      expect(await outcome(patchedLocalHeader((h) => h.writeUInt32LE((h.readUInt32LE(14) ^ 1) >>> 0, 14)))).toBe('422 ZIP_STRUCTURE_MISMATCH'); // CRC
      expect(await outcome(patchedLocalHeader((h) => h.writeUInt32LE(h.readUInt32LE(18) + 1, 18)))).toBe('422 ZIP_STRUCTURE_MISMATCH'); // packed size
      expect(await outcome(patchedLocalHeader((h) => h.writeUInt32LE(h.readUInt32LE(22) + 1, 22)))).toBe('422 ZIP_STRUCTURE_MISMATCH'); // unpacked size
      expect(await outcome(patchedLocalHeader((h) => h.writeUInt32LE(0x04034b51, 0)))).toBe('422 ZIP_STRUCTURE_MISMATCH'); // no local header signature
    });

    it('a data descriptor that disagrees with the directory, or a descriptor part whose local header gives a size', async () => {
      const described = parts().map((e) => ({ ...e, descriptor: true }));
      const bytes = zip(described);
      // the first part's descriptor: after its 30-byte header, its name and its packed data
      const first = bytes.subarray(0, 30);
      const at = 30 + first.readUInt16LE(26) + bytes.readUInt32LE(bytes.readUInt32LE(bytes.length - 6) + 20);
      expect(bytes.readUInt32LE(at)).toBe(0x08074b50);
      const sizes = Buffer.from(bytes);
      sizes.writeUInt32LE(sizes.readUInt32LE(at + 12) + 1, at + 12); // unpacked size in the descriptor
      expect(await outcome(sizes)).toBe('422 ZIP_STRUCTURE_MISMATCH');
      const signature = Buffer.from(bytes);
      signature.writeUInt32LE(0x08074b51, at);
      expect(await outcome(signature)).toBe('422 ZIP_STRUCTURE_MISMATCH');
      expect(await outcome(patchedLocalHeader((h) => h.writeUInt32LE(bytes.readUInt32LE(at + 8), 18), described))).toBe('422 ZIP_STRUCTURE_MISMATCH');
    });

    it('bytes between the directory and its end record, or past the entries the directory lists', async () => {
      const bytes = zip(parts());
      const gap = Buffer.concat([bytes.subarray(0, bytes.length - 22), Buffer.alloc(4), bytes.subarray(bytes.length - 22)]);
      expect(await outcome(gap)).toBe('422 ZIP_STRUCTURE_MISMATCH');
      // the directory says it is 4 bytes longer than its entries
      const longer = Buffer.concat([bytes.subarray(0, bytes.length - 22), Buffer.alloc(4), bytes.subarray(bytes.length - 22)]);
      longer.writeUInt32LE(longer.readUInt32LE(longer.length - 10) + 4, longer.length - 10);
      expect(await outcome(longer)).toBe('422 ZIP_STRUCTURE_MISMATCH');
    });

    it('a directory that runs past the end of the file', async () => {
      const bytes = zip(parts());
      bytes.writeUInt32LE(bytes.readUInt32LE(bytes.length - 10) + 1000, bytes.length - 10);
      expect(await outcome(bytes)).toBe('422 INVALID_XLSX');
    });

    it('a descriptor signature inside a part that has a descriptor, even one cut by a read chunk (unzipper would end the part there)', async () => {
      const signature = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
      const smuggling = (data: Buffer) => zip(parts([{ name: 'xl/media/image1.png', data, method: 0, descriptor: true }]));
      expect(await outcome(smuggling(Buffer.concat([Buffer.alloc(100), signature, Buffer.alloc(100)])))).toBe('422 ZIP_STRUCTURE_MISMATCH');
      // a part is read 256 kB at a time from its first byte: the signature cut 1, 2 or 3 bytes before the end of a chunk
      for (const edge of [1, 2, 3]) {
        const data = Buffer.alloc(300 * 1024);
        signature.copy(data, 256 * 1024 - edge);
        expect({ edge, outcome: await outcome(smuggling(data)) }).toEqual({ edge, outcome: '422 ZIP_STRUCTURE_MISMATCH' });
      }
      // the same bytes in a part without a descriptor are only bytes
      expect(await outcome(zip(parts([{ name: 'xl/media/image1.png', data: Buffer.concat([Buffer.alloc(100), signature]), method: 0 }])))).toBe('read');
    });
  });

  describe('refuses while inflating', () => {
    it('a part larger than declared, and one smaller', async () => {
      const lying = (declaredSize: number) => zip(parts([{ name: 'docProps/custom.xml', data: 'x'.repeat(5000), declaredSize }]));
      expect(await outcome(lying(200))).toBe('413 XLSX_TOO_LARGE');
      expect(await outcome(lying(5001))).toBe('422 INVALID_XLSX');
      expect(await outcome(lying(5000))).toBe('read');
    });

    it('a part whose bytes do not match its CRC, stored or deflated', async () => {
      for (const method of [0, 8] as const) {
        const bytes = zip(parts([{ name: 'docProps/custom.xml', data: 'abcdefgh'.repeat(10), method }]));
        const at = bytes.indexOf(Buffer.from('docProps/custom.xml')) + 'docProps/custom.xml'.length + 3;
        bytes[at] ^= 0x01;
        expect({ method, outcome: await outcome(bytes) }).toEqual({ method, outcome: '422 INVALID_XLSX' });
      }
    });

    it.each([
      ['a DOCTYPE in the sheet', { name: 'xl/worksheets/sheet1.xml', data: SHEET.replace('<worksheet', '<!DOCTYPE w><worksheet') }],
      ['an ENTITY in lower case in a relationships part', { name: 'xl/_rels/extra.rels', data: '<?xml version="1.0"?><!entity x "y"><Relationships/>' }],
      ['a DOCTYPE in a VML drawing', { name: 'xl/drawings/vmlDrawing1.VML', data: '<!DOCTYPE xml><xml/>' }],
    ])('XML with a document type declaration: %s', async (_label, part) => {
      const entries = parts().filter((e) => e.name !== part.name);
      expect(await outcome(zip([...entries, part]))).toBe('422 INVALID_XLSX');
    });

    it('shared strings one string or rich-text run over maxSharedStrings, prefixed names counted as exceljs counts them', async () => {
      const sst = '<x:sst xmlns:x="s"><x:si><x:t>a</x:t></x:si><x:si><x:r><x:t>b</x:t></x:r><x:r><x:t>c</x:t></x:r></x:si></x:sst>';
      const strings = { name: 'xl/sharedStrings.xml', data: sst };
      expect(await outcome(zip(parts([strings])), limits({ maxSharedStrings: 3 }))).toBe('413 SHARED_STRINGS_TOO_LARGE');
      expect(await outcome(zip(parts([strings])), limits({ maxSharedStrings: 4 }))).toBe('read');
    });

    it('shared strings that are not XML', async () => {
      expect(await outcome(zip(parts([{ name: 'xl/sharedStrings.xml', data: '<sst><si></sst>' }])))).toBe('422 INVALID_XLSX');
    });
  });
});
