import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DEMO } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Bad files and bad requests: a clear 4xx with a stable code, the row and column at fault, and nothing written. */
describe('rejected uploads and requests', () => {
  let t: TestApp;
  const realLines = readFileSync(DEMO.csv2024, 'utf8').split('\n');

  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: 1024 * 1024 });
  });
  afterAll(() => t.close());

  async function nothingWritten(): Promise<void> {
    const [counts] = await t.sql(`SELECT (SELECT count(*) FROM import)::int AS imports, (SELECT count(*) FROM execution_snapshot)::int AS snapshots,
                                         (SELECT count(*) FROM municipality WHERE sec_ejec IS NOT NULL)::int AS learned`);
    expect(counts).toEqual({ imports: 0, snapshots: 0, learned: 0 });
  }

  it('answers a file with bad rows with 422 and every bad row, and writes nothing', async () => {
    // The real 2024-2025 export (under the upload cap once cut to its first 3,000 lines) with three defects:
    const lines = realLines.slice(0, 3000);
    lines[9] = lines[9].replace(/^2024,/, '20x4,'); // file row 10: year
    lines[499] = lines[499].replace(/"[\d,]+"/, '"12,3x4"'); // file row 500: PIA (the first quoted amount)
    lines[2999] = lines[1]; // file row 3000: repeats row 2
    const res = await t
      .post('/api/v1/imports')
      .set('Accept-Language', 'en') // messages are Spanish by default
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(lines.join('\n')), 'broken.csv')
      .expect(422)
      .expect('content-type', /application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 422,
      code: 'IMPORT_REJECTED',
      errorCount: 3,
      errorsByCode: { INVALID_YEAR: 1, INVALID_AMOUNT: 1, DUPLICATE_ROW: 1 },
    });
    expect(res.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [10, 'Año', 'INVALID_YEAR'],
      [500, 'PIA', 'INVALID_AMOUNT'],
      [3000, 'Municipalidad', 'DUPLICATE_ROW'],
    ]);
    expect(res.body.errors[1].value).toBe('12,3x4');
    expect(res.body.errors[2].message).toContain('row 2');
    await nothingWritten();
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty.csv', 422, 'EMPTY_FILE'],
    ['a header with no rows', Buffer.from(`${realLines[0]}\n`), 'header.csv', 422, 'NO_DATA_ROWS'],
    ['an unknown layout', Buffer.from('nombre,monto\nX,1\n'), 'other.csv', 422, 'UNRECOGNIZED_LAYOUT'],
    ['an old .xls workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'old.xls', 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a binary file renamed .csv', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), 'program.csv', 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a zip that is not a workbook', Buffer.from('PK\u0003\u0004garbage that is not a zip'), 'fake.xlsx', 422, 'INVALID_XLSX'],
    ['a quote never closed', Buffer.from(`${realLines[0]}\n2024,"08: CUSCO\n`), 'quote.csv', 422, 'MALFORMED_CSV'],
  ])('refuses %s, writing nothing', async (_label, bytes, name, status, code) => {
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', bytes, name).expect(status);
    expect(res.body.code).toBe(code);
    expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|node_modules|SELECT|\.ts:/); // no stack, SQL or file paths
    await nothingWritten();
  });

  it('refuses a real Consulta Amigable drill-down by department (another layout) and says what it expected', async () => {
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', 'test/fixtures/consulta_amigable_funcion_salud_por_departamento.xlsx')
      .expect(422);
    expect(res.body.code).toBe('UNRECOGNIZED_LAYOUT');
    expect(res.body.message).toContain('Municipalidad');
    await nothingWritten();
  });

  it('refuses an upload over the size cap with 413', async () => {
    const res = await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(413); // 3.6 MB over a 1 MB cap
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    await nothingWritten();
  });

  it('asks for the file when there is none', async () => {
    const res = await t.post('/api/v1/imports').field('format', 'consulta-amigable').expect(400);
    expect(res.body.code).toBe('FILE_REQUIRED');
    // its name sent as text in "file" (a form without enctype), or a JSON body: the same answer, not "property file should not exist"
    for (const sent of [t.post('/api/v1/imports').field('file', 'gasto-2024.csv'), t.post('/api/v1/imports').send({ file: 'gasto-2024.csv' })]) {
      const again = await sent.expect(400);
      expect([again.body.code, again.body.message]).toEqual(['FILE_REQUIRED', 'Envíe la hoja de cálculo en el campo multipart "file".']);
    }
    await nothingWritten();
  });

  it.each([
    ['an unknown format', { format: 'siaf' }],
    ['a malformed snapshot date', { snapshotDate: '13/02/2025' }],
    ['an unknown field', { owner: 'me' }],
  ])('refuses %s with 400 INVALID_REQUEST', async (_label, fields) => {
    let req = t.post('/api/v1/imports');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const res = await req.attach('file', Buffer.from('x'), 'x.csv').expect(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    await nothingWritten();
  });

  // (before 1900-01-01: a snapshot no read could ask for with snapshot=)
  it.each(['2025-02-30', '2999-01-01', '1899-12-31', '0001-01-01'])('refuses the snapshot date %s', async (date) => {
    const res = await t.post('/api/v1/imports').field('snapshotDate', date).attach('file', Buffer.from('x'), 'x.csv').expect(400);
    expect(res.body.code).toBe('INVALID_SNAPSHOT_DATE');
  });

  it.each([
    ['/api/v1/execution?year=2022&limit=100000', 'INVALID_REQUEST'],
    ['/api/v1/execution?year=2022&unknown=1', 'INVALID_REQUEST'],
    ['/api/v1/execution?year=2022&fromYear=2020', 'INVALID_REQUEST'],
    ['/api/v1/execution?fromYear=2024&toYear=2020', 'INVALID_REQUEST'],
    ['/api/v1/execution?groupBy=planet', 'INVALID_REQUEST'],
    ['/api/v1/execution?province=808', 'INVALID_REQUEST'],
    ['/api/v1/execution/ranking', 'INVALID_REQUEST'],
    ['/api/v1/execution/history?municipality=abc', 'INVALID_REQUEST'],
    ['/api/v1/municipalities?limit=0', 'INVALID_REQUEST'],
    ['/api/v1/imports/abc', 'INVALID_REQUEST'],
    ['/api/v1/imports/-1', 'INVALID_REQUEST'],
  ])('GET %s → 400 %s', async (url, code) => {
    const res = await request(t.http).get(url).expect(400);
    expect(res.body.code).toBe(code);
  });

  it.each([
    ['/api/v1/imports/999', 'IMPORT_NOT_FOUND'],
    ['/api/v1/municipalities/999999', 'MUNICIPALITY_NOT_FOUND'],
    ['/api/v1/execution/history?municipality=999999', 'MUNICIPALITY_NOT_FOUND'],
    ['/api/v1/nothing-here', 'NOT_FOUND'],
  ])('GET %s → 404 %s', async (url, code) => {
    const res = await request(t.http).get(url).expect(404);
    expect(res.body.code).toBe(code);
  });

  it('leaves no uploaded or scratch files behind, whatever the outcome', async () => {
    expect(await readdir(join(t.dataDir, 'uploads'))).toEqual([]);
    expect(await readdir(join(t.dataDir, 'tmp')).catch(() => [])).toEqual([]);
  });
});
