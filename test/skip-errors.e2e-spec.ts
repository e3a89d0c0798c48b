import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DEMO } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('onError=skip and the errors download', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('imports the valid rows, lists and counts the bad ones, and serves them all as CSV', async () => {
    const lines = readFileSync(DEMO.csv2024, 'utf8').split('\n').slice(0, 3000); // header + 2,999 rows
    lines[9] = lines[9].replace(/^2024,/, '20x4,'); // row 10
    lines[499] = lines[499].replace(/"[\d,]+"/, '"=1+2"'); // row 500: a would-be formula in PIA
    lines[2999] = lines[1]; // row 3000 repeats row 2
    const res = await t
      .post('/api/v1/imports')
      .field('onError', 'skip')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(lines.join('\n')), 'partly-broken.csv')
      .expect(201);
    // 2,999 rows − 3 bad ones = 2,996 municipality-years
    expect(res.body).toMatchObject({ rowsRead: 2999, rowsRejected: 3, inserted: 2996, errorsCsv: `/api/v1/imports/${res.body.id}/errors.csv` });
    expect(res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [10, 'INVALID_YEAR'],
      [500, 'INVALID_AMOUNT'],
      [3000, 'DUPLICATE_ROW'],
    ]);
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM execution_snapshot WHERE import_id = $1', [res.body.id]);
    expect(count).toBe(2996);

    const csv = await request(t.http)
      .get(res.body.errorsCsv)
      .set('X-API-Key', t.adminKey)
      .expect(200)
      .expect('content-type', /text\/csv/);
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('sheet,row,column,code,message,value,severity');
    // a CSV has no sheets: the first column stays empty
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      ',10,Año,INVALID_YEAR',
      ',500,PIA,INVALID_AMOUNT',
      ',3000,Municipalidad,DUPLICATE_ROW',
    ]);
    expect(rows[2].endsWith(",'=1+2,error")).toBe(true); // written as text, never as a formula
  });

  it('rejects a file whose every row is bad even with onError=skip', async () => {
    const lines = readFileSync(DEMO.csv2024, 'utf8')
      .split('\n')
      .slice(0, 3)
      .map((l, i) => (i === 0 ? l : l.replace(/^2024,/, '20x4,')));
    const res = await t
      .post('/api/v1/imports')
      .field('onError', 'skip')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(lines.join('\n')), 'all-bad.csv')
      .expect(422);
    expect(res.body).toMatchObject({ code: 'IMPORT_REJECTED', errorCount: 2 });
  });
});
