import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { sheetXml, workbookParts, zip } from './support/zip.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const CANON = [['ubigeo', 'anio', 'rubro18_recaudado_total'], ['080801', 2024, 1000], ['080803', 2024, 250.5]];
const good = (options: Parameters<typeof sheetXml>[1] = {}, rows = CANON) => zip(workbookParts(sheetXml(rows, options)));

describe('hostile and broken workbooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const nothingWritten = async () => {
    const [{ n }] = await t.sql('SELECT (SELECT count(*) FROM canon_transfer) + (SELECT count(*) FROM import)::int AS n');
    expect(Number(n)).toBe(0);
  };
  const upload = (bytes: Buffer, name = 'book.xlsx') => t.post('/api/v1/imports').field('dryRun', 'true').attach('file', bytes, name);

  it('reads a minimal hand-made workbook (the baseline the hostile ones are made from)', async () => {
    const res = await upload(good()).expect(200);
    expect(res.body).toMatchObject({ format: 'canon-transfers', rowsRead: 2, inserted: 2, dryRun: true });
  });

  it.each([
    ['a macro-enabled workbook (.xlsm)', () => zip([...workbookParts(sheetXml(CANON)), { name: 'xl/vbaProject.bin', data: Buffer.alloc(64, 7) }]), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a binary workbook (.xlsb)', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.bin', data: Buffer.alloc(64, 1) }]), 415, 'UNSUPPORTED_FILE_TYPE'],
    [
      'a zip bomb (declared 1,000× its packed size), refused before inflating',
      () => zip([...workbookParts(sheetXml(CANON)).slice(0, 4), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024, 0x20) }]),
      413,
      'XLSX_TOO_LARGE',
    ],
    [
      'a part whose declared size lies (5 MB unpacked, 200 bytes declared)',
      () => zip([...workbookParts(sheetXml(CANON)).slice(0, 4), { name: 'xl/worksheets/sheet1.xml', data: sheetXml(CANON) + ' '.repeat(5_000_000), declaredSize: 200 }]),
      413,
      'XLSX_TOO_LARGE',
    ],
    ['a zip of 3,000 parts', () => zip([...workbookParts(sheetXml(CANON)), ...Array.from({ length: 3000 }, (_, i) => ({ name: `x/${i}.xml`, data: '<a/>' }))]), 413, 'XLSX_TOO_LARGE'],
    [
      'a DOCTYPE with entity expansion (billion laughs)',
      () => zip(workbookParts(sheetXml(CANON).replace('<worksheet', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet'))),
      422,
      'INVALID_XLSX',
    ],
    [
      'an external entity (XXE)',
      () => zip(workbookParts(sheetXml(CANON)).map((e) => (e.name === 'xl/workbook.xml' ? { ...e, data: String(e.data).replace('<workbook', '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook') } : e))),
      422,
      'INVALID_XLSX',
    ],
    ['an encrypted part', () => zip(workbookParts(sheetXml(CANON)).map((e) => ({ ...e, flags: 1 }))), 422, 'INVALID_XLSX'],
    ['a workbook cut in half', () => good().subarray(0, Math.floor(good().length / 2)), 422, 'INVALID_XLSX'],
    [
      'a bit-flipped workbook',
      () => {
        const bytes = Buffer.from(good());
        const at = bytes.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 40; // inside the sheet's packed data
        bytes[at] ^= 0xff;
        bytes[at + 1] ^= 0x55;
        return bytes;
      },
      422,
      'INVALID_XLSX',
    ],
    ['a sheet part not named sheetN.xml (never "OK, 0 rows")', () => zip(workbookParts(sheetXml(CANON), 'worksheets/datos.xml')), 422, 'NO_WORKSHEET'],
    ['a workbook without workbook.xml', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/worksheets/sheet1.xml', data: sheetXml(CANON) }]), 422, 'INVALID_XLSX'],
  ])('refuses %s, writing nothing', async (_label, make, status, code) => {
    const res = await upload(make()).expect(status);
    expect(res.body.code).toBe(code);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    await nothingWritten();
  });

  it.each([
    ['a merged range over the whole sheet', { extra: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' }],
    ['data validation over the whole sheet', { extra: '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>' }],
    ['a column range over every column', { before: '<cols><col min="1" max="16384" width="9"/></cols>' }],
    ['a dimension over the whole sheet', { before: '<dimension ref="A1:XFD1048576"/>' }],
  ])('answers quickly and correctly for %s', async (_label, options) => {
    const started = Date.now();
    const res = await upload(good(options)).expect(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.body).toMatchObject({ rowsRead: 2, inserted: 2 });
  });

  it('answers quickly for a row numbered 2,000,000,000 and a defined name over whole columns, and stays up', async () => {
    const started = Date.now();
    const huge = zip(workbookParts(sheetXml(CANON, { rowNumbers: [1, 2, 2_000_000_000] }), 'worksheets/sheet1.xml', '<definedNames><definedName name="todo">Datos!$A:$XFD</definedName></definedNames>'));
    const res = await upload(huge);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBeLessThan(500);
    await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
  });

  it('refuses one enormous cell with the row and column at fault, its value cut short', async () => {
    // random text: a repeated letter would pack like a zip bomb and be refused as one
    const rows = [...CANON.slice(0, 2), ['080803', 2024, randomBytes(3_750_000).toString('base64')]];
    const res = await upload(good({}, rows)).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ sheet: 'Datos', row: 3, column: 'rubro18_recaudado_total', code: 'INVALID_AMOUNT' })]);
    expect(res.body.errors[0].value.length).toBeLessThanOrEqual(101);
    await nothingWritten();
  });
});
