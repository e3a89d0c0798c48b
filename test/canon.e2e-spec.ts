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

  /** A percentage with one decimal, rounded half away from zero, as PostgreSQL's round() gives it (positive amounts). */
  const pct = (part: bigint, whole: bigint) => Number((part * 1000n + whole / 2n) / whole) / 10;
  const sumOf = (selected: Record<string, string>[], column: string) => selected.reduce((n, r) => n + BigInt(r[column] || '0'), 0n);

  it('adds up each concept as a part of rubro 18, with FONCOMUN (rubro 07) apart: the total is rubro 18 once, not twice', async () => {
    const y2024 = rows.filter((r) => r.anio === '2024');
    const rubro18 = sumOf(y2024, 'rubro18_recaudado_total'); // every 2024 row reports every concept
    expect(y2024.every((r) => concepts.every((c) => r[c] !== ''))).toBe(true);
    const res = await request(t.http).get('/api/v1/canon/transfers?province=0808&year=2024&groupBy=concept').expect(200);
    expect(res.body.total).toBe(`${rubro18}.00`);
    const expected: [string, string, number | null][] = [
      ['canon_gasifero', 'canon_gasifero'],
      ['canon_hidroenergetico', 'canon_hidroenergetico'],
      ['canon_minero', 'canon_minero'],
      ['foncomun', 'foncomun_rubro07'],
      ['regalias_mineras', 'regalias_mineras'],
      ['rubro18_total', 'rubro18_recaudado_total'],
    ].map(([key, column]) => [key, `${sumOf(y2024, column)}.00`, key === 'foncomun' ? null : pct(sumOf(y2024, column), rubro18)]);
    expect(res.body.rows.map((r: { key: string; amount: string; sharePct: number | null }) => [r.key, r.amount, r.sharePct])).toEqual(expected);
    expect(res.body.rows.at(-1).sharePct).toBe(100);
    expect(res.body.coverage).toEqual({ municipalityYears: 8, withFigure: 8, fromTransfers: 8, fromEntities: 0, without: [], complete: true });
  });

  it('says which municipality-years a concept is missing from: Espinar reports concepts from 2024 on only', async () => {
    const res = await request(t.http).get('/api/v1/canon/transfers?province=0808&fromYear=2019&toYear=2024&concept=canon_minero').expect(200);
    const reported = rows.filter((r) => Number(r.anio) >= 2019 && Number(r.anio) <= 2024 && r.canon_minero !== '');
    expect(reported.map((r) => r.anio)).toEqual(Array(8).fill('2024'));
    expect(res.body.total).toBe(`${sumOf(reported, 'canon_minero')}.00`);
    // 8 municipalities × 6 years; the 40 without a figure listed by ubigeo then year, the first 20
    expect(res.body.coverage).toMatchObject({ municipalityYears: 48, withFigure: 8, fromTransfers: 8, fromEntities: 0, complete: false });
    expect(res.body.coverage.without.slice(0, 6)).toEqual(['080801/2019', '080801/2020', '080801/2021', '080801/2022', '080801/2023', '080802/2019']);
    expect(res.body.coverage.without).toHaveLength(20);
  });

  it("reads a municipality without transfers of its own from its department's entities file, as /canon/places does", async () => {
    const entities: Record<string, string>[] = parse(readFileSync('data/demo/canon_transferido_rubro18_cusco_entidades_2019-2026.csv'), { columns: true });
    await t.post('/api/v1/imports').attach('file', 'data/demo/canon_transferido_rubro18_cusco_entidades_2019-2026.csv').expect(201);
    const cusco = entities.filter(
      (r) => r.entity_type === 'MUNICIPALIDAD' && r.ubigeo.startsWith('0801') && r.year === '2024' && r.concept === 'total_rubro18',
    );
    expect(cusco).toHaveLength(8); // the province's 8 districts
    const res = await request(t.http).get('/api/v1/canon/transfers?province=0801&year=2024').expect(200);
    expect(res.body.total).toBe(`${sumOf(cusco, 'amount_soles')}.00`); // 250,215,483 (was "0.00": the entities were not read)
    expect(res.body.coverage).toEqual({ municipalityYears: 8, withFigure: 8, fromTransfers: 0, fromEntities: 8, without: [], complete: true });
    const places = await request(t.http).get('/api/v1/canon/places?department=08&year=2024&groupBy=province').expect(200);
    const byProvince = await request(t.http).get('/api/v1/canon/transfers?department=08&year=2024&groupBy=province').expect(200);
    // every province of Cusco, each the same figure as the map's
    expect(byProvince.body.rows.map((r: { key: string; amount: string }) => [r.key, r.amount])).toEqual(
      places.body.rows.map((r: { key: string; transferred: string }) => [r.key, r.transferred]),
    );
    expect(byProvince.body.rows).toHaveLength(13);
    // Espinar from its own file, the other 108 municipalities of the department from the entities
    expect(byProvince.body.coverage).toMatchObject({ withFigure: 116, fromTransfers: 8, fromEntities: 108, complete: true });
  });

  it('states no total, not 0.00, where nothing was imported', async () => {
    const res = await request(t.http).get('/api/v1/canon/transfers?department=15&year=2024').expect(200);
    expect(res.body).toMatchObject({ rows: [], total: null, years: [], importIds: [] });
    // Lima's 171 municipalities, one year each, none with a figure
    expect(res.body.coverage).toMatchObject({ municipalityYears: 171, withFigure: 0, fromTransfers: 0, fromEntities: 0, complete: false });
    expect(res.body.coverage.without[0]).toBe('150101/2024');
  });

  it("says a year's canon analysis is partial when its transfers run only to setiembre", async () => {
    const y2026 = rows.filter((r) => r.anio === '2026');
    expect(y2026.every((r) => r.corte === 'setiembre')).toBe(true); // the file's own cut
    const res = await request(t.http).get('/api/v1/analytics/canon?province=0808&periods=2025,2026').expect(200);
    const notes = JSON.stringify(res.body);
    expect(notes).toContain(
      'Las transferencias de 2026 llegan solo hasta setiembre: lo transferido, su uso y el canon sin gastar de ese año son parciales, no del año entero.',
    );
    expect(notes).not.toContain('Las transferencias de 2025'); // diciembre: a whole year
    // the period's coverage says so: 2026 is partial (not complete), 2025 is whole
    const [p2025, p2026] = res.body.periods;
    expect(p2026.coverage).toMatchObject({ complete: false, canonTransfers: { municipalityYears: 8, partialYears: [{ year: 2026, throughMonth: 9 }] } });
    expect(p2026.coverage.missing.join(' ')).toContain('Las transferencias de 2026 llegan solo hasta setiembre');
    expect(p2025.coverage.canonTransfers).toEqual({ municipalityYears: 8, partialYears: [] });
    expect(p2025.coverage.missing.join(' ')).not.toContain('llegan solo hasta');
    const english = await request(t.http).get('/api/v1/analytics/canon?province=0808&year=2026').set('Accept-Language', 'en').expect(200);
    expect(JSON.stringify(english.body)).toContain('The transfers of 2026 run only through September');
  });

  it('is idempotent and validates its parameters', async () => {
    const again = await t.post('/api/v1/imports').attach('file', FILE).expect(200);
    expect(again.body.duplicate).toBe(true);
    await request(t.http).get('/api/v1/canon/transfers?groupBy=planet').expect(400);
    await request(t.http).get('/api/v1/canon/transfers?concept=oro').expect(400);
  });
});
