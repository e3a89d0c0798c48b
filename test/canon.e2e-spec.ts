import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

const FILE = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';

describe('canon transfers', () => {
  let t: TestApp;
  const rows: Record<string, string>[] = parse(readFileSync(FILE), { columns: true });
  const concepts = ['rubro18_recaudado_total', 'canon_minero', 'regalias_mineras', 'canon_gasifero', 'canon_hidroenergetico', 'foncomun_rubro07'];

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('imports the real Espinar file: one transfer per reported concept', async () => {
    const reported = rows.reduce((n, r) => n + concepts.filter((c) => r[c] !== '').length, 0);
    const res = await t.post('/api/v1/imports').attach('file', FILE).expect(201);
    expect(res.body).toMatchObject({
      format: 'canon-transfers',
      rowsRead: rows.length,
      inserted: reported,
      years: [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026],
    });
  });

  it("gives each municipality's rubro-18 transfers over a period and its share of the province's", async () => {
    const res = await request(t.http).get('/api/v1/canon/transfers?province=0808&fromYear=2019&toYear=2024').expect(200);
    const inPeriod = rows.filter((r) => Number(r.anio) >= 2019 && Number(r.anio) <= 2024);
    const byMunicipality = new Map<string, bigint>();
    for (const r of inPeriod) byMunicipality.set(r.ubigeo, (byMunicipality.get(r.ubigeo) ?? 0n) + BigInt(r.rubro18_recaudado_total));
    const total = [...byMunicipality.values()].reduce((a, b) => a + b, 0n);
    expect(res.body.total).toBe(`${total}.00`);
    expect(res.body.rows.map((r: { key: string; amount: string }) => [r.key, r.amount])).toEqual([...byMunicipality].sort().map(([u, a]) => [u, `${a}.00`]));
    const yauri = res.body.rows[0];
    // share = amount / total, one decimal, half away from zero
    expect(yauri.sharePct).toBe(Number((byMunicipality.get('080801')! * 1000n + total / 2n) / total) / 10);
    expect(res.body.concept).toBe('rubro18_total');
  });

  it('splits a year by concept and flags a year not yet closed', async () => {
    const row = rows.find((r) => r.ubigeo === '080801' && r.anio === '2026')!;
    const res = await request(t.http).get('/api/v1/canon/transfers?municipality=080801&year=2026&groupBy=concept').expect(200);
    expect(res.body.rows.map((r: { key: string; amount: string; throughMonth: number }) => [r.key, r.amount, r.throughMonth])).toEqual(
      [
        ['canon_gasifero', row.canon_gasifero],
        ['canon_hidroenergetico', row.canon_hidroenergetico],
        ['canon_minero', row.canon_minero],
        ['foncomun', row.foncomun_rubro07],
        ['regalias_mineras', row.regalias_mineras],
        ['rubro18_total', row.rubro18_recaudado_total],
      ].map(([k, a]) => [k, `${a}.00`, 9]), // corte: setiembre
    );
  });

  it('is idempotent and validates its parameters', async () => {
    const again = await t.post('/api/v1/imports').attach('file', FILE).expect(200);
    expect(again.body.duplicate).toBe(true);
    await request(t.http).get('/api/v1/canon/transfers?groupBy=planet').expect(400);
    await request(t.http).get('/api/v1/canon/transfers?concept=oro').expect(400);
  });
});
