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
    expect(res.body.errors).toEqual([expect.objectContaining({ sheet: 'Datos', row: 3, column: 'rubro18_recaudado_total', code: 'CELL_TOO_LONG' })]);
    expect(res.body.errors[0].value.length).toBeLessThanOrEqual(101);
    await nothingWritten();
  });

  it('reads cells and rows that carry no address, in document order', async () => {
    const xml = sheetXml(CANON).replace(/ r="[A-Z]*\d+"/g, '');
    const res = await upload(zip(workbookParts(xml))).expect(200);
    expect(res.body).toMatchObject({ rowsRead: 2, inserted: 2 });
  });

  it('takes the cached value of a formula, and reports a formula without one and an error value at their cells', async () => {
    const xml = sheetXml(CANON)
      .replace('<c r="C2"><v>1000</v></c>', '<c r="C2"><f>500*2</f><v>1000</v></c>')
      .replace('<c r="C3"><v>250.5</v></c>', '<c r="C3"><f>1/0</f></c>');
    const ok = await upload(zip(workbookParts(sheetXml(CANON).replace('<c r="C2"><v>1000</v></c>', '<c r="C2"><f>500*2</f><v>1000</v></c>')))).expect(200);
    expect(ok.body.inserted).toBe(2);
    const noCache = await upload(zip(workbookParts(xml))).expect(422);
    expect(noCache.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'rubro18_recaudado_total' })]);
    const errorValue = await upload(zip(workbookParts(sheetXml(CANON).replace('<c r="C3"><v>250.5</v></c>', '<c r="C3" t="e"><v>#DIV/0!</v></c>')))).expect(422);
    expect(errorValue.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'rubro18_recaudado_total', value: '#DIV/0!' })]);
  });

  it('reads XML whose elements carry a namespace prefix (<x:row>), as some writers make it', async () => {
    const xml = sheetXml(CANON).replace(/<(\/?)(worksheet|sheetData|row|c|v|is|t)([ >])/g, '<$1x:$2$3').replace('xmlns=', 'xmlns:x=');
    expect(xml).toContain('<x:row r="2">');
    const res = await upload(zip(workbookParts(xml))).expect(200);
    expect(res.body).toMatchObject({ rowsRead: 2, inserted: 2 });
  });

  it('does not guess values under merged cells in the data: the empty cells are reported at their row and column', async () => {
    // B2:B3 merged: the year shows once in a spreadsheet program; the file has it in B2 only
    const rows = [CANON[0], ['080801', 2024, 1000], ['080803', '', 250.5]];
    const res = await upload(good({ extra: '<mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells>' }, rows)).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ sheet: 'Datos', row: 3, column: 'anio', code: 'INVALID_YEAR' })]);
  });

  it('refuses a malformed multipart body with 400 MALFORMED_UPLOAD', async () => {
    const res = await t
      .post('/api/v1/imports')
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nnever closed')
      .expect(400);
    expect(res.body.code).toBe('MALFORMED_UPLOAD');
    await nothingWritten();
  });
});

describe('two uploads at once for the same municipality and year', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs them one after the other: each import is whole, and the data is one file or the other, never a mix', async () => {
    const file = (amount: number) => `ubigeo,anio,rubro18_recaudado_total,canon_minero\n080801,2024,${amount},${amount - 1}\n080803,2024,${amount + 1},${amount}\n`;
    const [a, b] = await Promise.all([
      t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', Buffer.from(file(1000)), 'a.csv'),
      t.post('/api/v1/imports').field('snapshotDate', '2025-02-28').attach('file', Buffer.from(file(2000)), 'b.csv'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const perImport = await t.sql('SELECT import_id, count(*)::int AS n FROM canon_transfer GROUP BY import_id ORDER BY import_id');
    expect(perImport.map((r) => r.n)).toEqual([4, 4]);
    // what queries read is the later cut-off, all of it
    const latest = await t.sql(`SELECT ubigeo, concept, amount FROM canon_transfer_latest ORDER BY ubigeo, concept`);
    expect(latest).toEqual([
      { ubigeo: '080801', concept: 'canon_minero', amount: '1999.00' },
      { ubigeo: '080801', concept: 'rubro18_total', amount: '2000.00' },
      { ubigeo: '080803', concept: 'canon_minero', amount: '2000.00' },
      { ubigeo: '080803', concept: 'rubro18_total', amount: '2001.00' },
    ]);
  });
});

describe('dates in the 1904 date system', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reads a serial date from a 1904 workbook 1,462 days later than the same serial in a 1900 one, whatever the server time zone', async () => {
    expect(process.env.TZ === undefined || process.env.TZ === 'UTC').toBe(true); // the suite runs in UTC; the code computes in UTC too
    const registry = (cui: string) => [
      ['Código único de inversión', 'Nombre de la inversión', 'Monto viable', 'Costo actualizado', 'Fecha de registro', 'Ubigeo'],
      [cui, 'MEJORAMIENTO DEL CANAL DE RIEGO', 1000, 1000, 44000, '080801'],
    ];
    const as1904 = workbookParts(sheetXml(registry('2400001'))).map((e) => (e.name === 'xl/workbook.xml' ? { ...e, data: String(e.data).replace('<sheets>', '<workbookPr date1904="1"/><sheets>') } : e));
    await t.post('/api/v1/imports').attach('file', zip(workbookParts(sheetXml(registry('2400000')))), 'registro-1900.xlsx').expect(201);
    await t.post('/api/v1/imports').attach('file', zip(as1904), 'registro-1904.xlsx').expect(201);
    const rows = await t.sql(`SELECT cui, registered_on FROM project ORDER BY cui`);
    // serial 44000 is 2020-06-18 from 1899-12-30 (44197 is 2021-01-01); from 1904-01-01 it is 1,462 days later
    expect(rows).toEqual([
      { cui: '2400000', registered_on: '2020-06-18' },
      { cui: '2400001', registered_on: '2024-06-19' },
    ]);
  });
});
