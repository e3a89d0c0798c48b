import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The MINAM layout, as in the reference file the project was built from (semicolons, comma thousands, no leading zero). */
const HEADER = 'FECHA_CORTE;N_SEC;UBIGEO;REG_NAT;DEPARTAMENTO;PROVINCIA;DISTRITO;POB_TOTAL;POB_URBANA;POB_RURAL;QRESIDUOS_MUN;QRESIDUOS _VAL_INORGAN;PERIODO';

describe('population updates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('adds a new year and revises a known one, from the MINAM layout', async () => {
    const [before] = await t.sql(`SELECT total, urban, rural FROM population WHERE ubigeo = '080801' AND year = 2023`);
    const file = [
      HEADER,
      '20251231;1;80801;SIERRA;CUSCO;ESPINAR;ESPINAR;41,500;34,000;7,500;1.0;0.0;2024', // new year
      `20251231;2;80801;SIERRA;CUSCO;ESPINAR;ESPINAR;${before.total.toLocaleString('en')};${before.urban.toLocaleString('en')};${before.rural.toLocaleString('en')};1.0;0.0;2023`, // same as shipped
      '20251231;3;80803;SIERRA;CUSCO;ESPINAR;COPORAQUE;18,000;3,000;15,000;1.0;0.0;2023', // revised
    ].join('\n');
    const res = await t.post('/api/v1/imports').attach('file', Buffer.from(file), 'minam-2024.csv').expect(201);
    expect(res.body).toMatchObject({ format: 'population', inserted: 1, revised: 1, unchanged: 1, years: [2023, 2024] });
    const muni = await request(t.http).get('/api/v1/municipalities/080801').expect(200);
    // the latest year with an urban/rural split is now 2024: 7,500 / 41,500 = 18.07 % → 18.1
    expect(muni.body.population).toMatchObject({ year: 2024, total: 41500, urban: 34000, rural: 7500, ruralSharePct: 18.1 });
  });

  it('refuses a row whose total is not urban + rural', async () => {
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from([HEADER, '20251231;1;80802;SIERRA;CUSCO;ESPINAR;CONDOROMA;900;400;400;1.0;0.0;2024'].join('\n')), 'bad.csv')
      .expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'POB_TOTAL', code: 'POPULATION_MISMATCH' })]);
  });
});
