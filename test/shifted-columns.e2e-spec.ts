import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DEMO, readConsultaCsv } from './support/files.js';
import { gastoCsv, manyGastoLines } from './support/mef-gasto-file.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * A CSV row with more fields than its header: a comma-separated export whose amounts were written with an
 * unquoted decimal comma ("62334134,00"), or a separator too many. Every column after it is shifted; read as
 * it was, the real 2024-2025 export imported with PIM 0.00 and its certificación where the PIM goes, and only
 * warnings said so. Such a row is now an error naming the row and the field that has no column.
 */
describe('CSV rows with more fields than the header', () => {
  let t: TestApp;
  const lines = readFileSync(DEMO.csv2024, 'utf8').split('\n');

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const imports = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM import'))[0].n;

  it('refuses the real export written with unquoted decimal commas, naming each row and its first field without a column', async () => {
    // "62,334,134" → 62334134,00: each of the seven amounts becomes two fields
    const shifted = lines.slice(0, 40).map((line, i) => (i === 0 ? line : line.replace(/"([\d,]+)"/g, (_, n: string) => `${n.replaceAll(',', '')},00`)));
    const fields = shifted[1].split(',');
    expect(fields).toHaveLength(19); // 12 columns in the header: 4 texts, 7 amounts (now 14 fields), Avance %
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-05-18')
      .attach('file', Buffer.from(shifted.join('\n')), 'comas.csv')
      .expect(422);
    expect(res.body).toMatchObject({ code: 'IMPORT_REJECTED', errorCount: 39, errorsByCode: { FIELDS_PAST_HEADER: 39 } });
    expect(res.body.errors[0]).toMatchObject({ row: 2, column: null, code: 'FIELDS_PAST_HEADER', value: fields[12] });
    expect(res.body.errors[0].message).toBe(
      'la fila tiene 19 campos y el encabezado 12: el campo 13 no tiene columna. Suele ser un monto con coma decimal (1234,56) sin comillas en un CSV separado por comas, o un separador de más: las columnas se corren y los montos se leerían mal. Si es una nota escrita fuera de la tabla, bórrela',
    );
    expect(await imports()).toBe(0);
    expect(await t.sql('SELECT 1 FROM execution_snapshot LIMIT 1')).toEqual([]);
  });

  it('refuses a MEF open-data row with a value past the header, which the fast reader used to drop (it leaves the row to the one that says why)', async () => {
    const csv = gastoCsv(manyGastoLines(30, 2024)).toString().split('\n');
    csv[7] = `${csv[7]},999`; // file row 8
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2024-12-31')
      .attach('file', Buffer.from(csv.join('\n')), 'gasto.csv')
      .expect(422);
    expect(res.body.errorsByCode).toEqual({ FIELDS_PAST_HEADER: 1 });
    expect(res.body.errors[0]).toMatchObject({ row: 8, value: '999' });
    expect(res.body.errors[0].message).toMatch(/^la fila tiene 26 campos y el encabezado 25: el campo 26 no tiene columna/);
    expect(await imports()).toBe(0);
  });

  it('takes empty fields past the header (a trailing separator) and reads the same figures', async () => {
    const trailing = lines.map((line, i) => (i === 0 || line === '' ? line : `${line},,`));
    const res = await t
      .post('/api/v1/imports')
      .attach('file', Buffer.from(trailing.join('\n')), 'consulta_amigable_snap2025-05-18.csv')
      .expect(201);
    const rows = readConsultaCsv(DEMO.csv2024);
    expect(res.body).toMatchObject({ rowsRead: rows.length, inserted: rows.length });
    // Espinar's 2024 PIM and devengado, added up from the file
    const espinar = rows.filter((r) => r.year === 2024 && r.ubigeo.startsWith('0808'));
    const read = await request(t.http).get('/api/v1/execution?year=2024&province=0808&groupBy=province').expect(200);
    expect(read.body.rows[0]).toMatchObject({
      pim: `${espinar.reduce((s, r) => s + r.pim, 0n)}.00`,
      devengado: `${espinar.reduce((s, r) => s + r.devengado, 0n)}.00`,
    });
  });
});
