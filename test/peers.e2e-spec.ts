import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEMO, readConsultaCsv } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * GET /analytics/peers against the bundled real files, every expected figure worked out here from the files
 * themselves: the INEI/MINAM reference (municipalities, population), the Consulta Amigable export of 2024-2025
 * and the two MEF rubro-18 transfer files.
 */
const ESPINAR_CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
const CUSCO_CANON = 'data/demo/canon_transferido_rubro18_cusco_entidades_2019-2026.csv';
const YEAR = 2024;

type Csv = Record<string, string>[];
const csv = (path: string): Csv => parse(readFileSync(path), { columns: true });
const cusco = csv('data/reference/municipalities.csv').filter((m) => m.department_code === '08');
/** Each municipality's population of the year nearest 2024 (the file stops in 2023). */
const population = new Map<string, { year: number; total: number }>();
for (const r of csv('data/reference/population.csv')) {
  const held = population.get(r.ubigeo);
  if (!held || Math.abs(Number(r.year) - YEAR) < Math.abs(held.year - YEAR)) population.set(r.ubigeo, { year: Number(r.year), total: Number(r.total) });
}
const totals = new Map(
  readConsultaCsv(DEMO.csv2024)
    .filter((r) => r.year === YEAR)
    .map((r) => [r.ubigeo, r]),
);
const espinarCanon = new Map(
  csv(ESPINAR_CANON)
    .filter((r) => r.anio === String(YEAR))
    .map((r) => [r.ubigeo, BigInt(r.rubro18_recaudado_total)]),
);
const cuscoCanon = new Map(
  csv(CUSCO_CANON)
    .filter((r) => r.entity_type === 'MUNICIPALIDAD' && r.concept === 'total_rubro18' && r.year === String(YEAR))
    .map((r) => [r.ubigeo, BigInt(r.amount_soles)]),
);

/** round(a ÷ b, 0) half up, for non-negative whole numbers */
const div = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);
/** devengado ÷ PIM × 100 in tenths of a percent; soles ÷ inhabitants in céntimos */
const rateTenths = (u: string) => {
  const r = totals.get(u);
  return r && r.pim > 0n ? div(r.devengado * 1000n, r.pim) : null;
};
const perHead = (amount: bigint | undefined, u: string) => (amount === undefined ? null : div(amount * 100n, BigInt(population.get(u)!.total)));
const median = (values: bigint[]) => {
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? null : s.length % 2 ? s[m] : div(s[m - 1] + s[m], 2n);
};
const soles = (cents: bigint | null) => (cents === null ? null : `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
const tenths = (v: bigint | null) => (v === null ? null : Number(v) / 10);

/** The standing of `u` on `measure` among `peers`, worked out as the page's rule says. */
function expected<T>(u: string, peers: string[], measure: (u: string) => bigint | null, show: (v: bigint | null) => T) {
  const known = peers.filter((p) => measure(p) !== null);
  const values = known.map((p) => measure(p) as bigint);
  const own = measure(u);
  return {
    value: show(own),
    median: show(median(values)),
    rank: own === null ? null : 1 + values.filter((v) => v > own).length,
    of: values.length + (own === null ? 0 : 1),
    peers: values.length,
    leftOut: peers.filter((p) => measure(p) === null),
  };
}

describe('GET /analytics/peers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201);
    await t.post('/api/v1/imports').attach('file', ESPINAR_CANON).expect(201);
  });
  afterAll(() => t.close());

  // Espinar (080801): 40,781 inhabitants in 2023 (population.csv), so peers have 20,391 (⌈40,781 ÷ 2⌉) to 81,562
  const place = '080801';
  const own = population.get(place)!;
  const peers = cusco.map((m) => m.ubigeo).filter((u) => u !== place && population.get(u)!.total * 2 >= own.total && population.get(u)!.total <= own.total * 2);

  it('chooses the municipalities of Cusco with half to double Espinar’s population, and says the rule', async () => {
    expect([own, peers.length]).toEqual([{ year: 2023, total: 40781 }, 9]);
    const res = await request(t.http).get(`/api/v1/analytics/peers?municipality=${place}&year=${YEAR}`).expect(200);
    expect(res.body).toMatchObject({
      ubigeo: place,
      departmentCode: '08',
      year: YEAR,
      population: 40781,
      populationYear: 2023,
      minPopulation: 20391,
      maxPopulation: 81562,
    });
    expect(res.body.rule).toBe(
      'Pares: las municipalidades de Cusco con entre la mitad y el doble de habitantes que Espinar (40781 en 2023), es decir de 20391 a 81562 habitantes.',
    );
    expect(res.body.peers.map((p: { ubigeo: string }) => p.ubigeo)).toEqual(peers);
    expect(res.body.withoutPopulation).toEqual([]);
    // every peer has 2024 totals in the export
    expect(res.body.executionRatePct).toEqual(expected(place, peers, rateTenths, tenths));
    expect(res.body.executionRatePct.leftOut).toEqual([]);
    expect(res.body.devengadoPerCapita).toEqual(expected(place, peers, (u) => perHead(totals.get(u)?.devengado, u), soles));
  });

  it('leaves a peer without canon transfers out of the canon measure, says who, and never counts it as zero', async () => {
    // only Espinar's province has transfers so far: none of the nine peers (none is in province 0808)
    const res = await request(t.http).get(`/api/v1/analytics/peers?municipality=${place}&year=${YEAR}&lang=en`).expect(200);
    expect(peers.some((p) => espinarCanon.has(p))).toBe(false);
    expect(res.body.canonPerCapita).toEqual({
      value: soles(perHead(espinarCanon.get(place), place)),
      median: null,
      rank: 1,
      of: 1,
      peers: 0,
      leftOut: peers,
    });
    expect(res.body.peers.every((p: { canonPerCapita: string | null }) => p.canonPerCapita === null)).toBe(true);
    expect(res.body.notes).toEqual([`9 peers without canon transfers (rubro 18) for 2024 are left out of the canon per inhabitant: ${peers.join(', ')}.`]);
  });

  it('reads a municipality’s canon among the department’s entities where it has no transfers of its own', async () => {
    await t.post('/api/v1/imports').attach('file', CUSCO_CANON).expect(201);
    const canon = (u: string) => perHead(espinarCanon.get(u) ?? cuscoCanon.get(u), u);
    const res = await request(t.http).get(`/api/v1/analytics/peers?municipality=${place}&year=${YEAR}`).expect(200);
    expect(res.body.canonPerCapita).toEqual(expected(place, peers, canon, soles));
    expect(res.body.canonPerCapita.peers).toBe(9);
    expect(res.body.notes).toEqual([]);
    const first = res.body.peers[0];
    expect(first).toMatchObject({ ubigeo: peers[0], population: population.get(peers[0])!.total, canonPerCapita: soles(canon(peers[0])) });
  });

  it('ranks a small district among the many of its size', async () => {
    // Condoroma (080802), a district of Espinar
    const u = '080802';
    const p = population.get(u)!.total;
    const band = cusco.map((m) => m.ubigeo).filter((v) => v !== u && population.get(v)!.total * 2 >= p && population.get(v)!.total <= p * 2);
    const res = await request(t.http).get(`/api/v1/analytics/peers?municipality=${u}&year=${YEAR}`).expect(200);
    expect(res.body.peers.length).toBe(band.length);
    expect(res.body.executionRatePct).toEqual(expected(u, band, rateTenths, tenths));
    expect(res.body.devengadoPerCapita).toEqual(expected(u, band, (v) => perHead(totals.get(v)?.devengado, v), soles));
  });

  it('answers 404 for an unknown municipality and 400 for a bad query, in Spanish by default', async () => {
    const missing = await request(t.http).get(`/api/v1/analytics/peers?municipality=089999&year=${YEAR}`).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ code: 'MUNICIPALITY_NOT_FOUND', message: 'Ningún municipio tiene el ubigeo 089999.' });
    for (const query of ['municipality=0808&year=2024', 'municipality=080801', 'municipality=080801&year=1990', 'municipality=080801&year=2024&extra=1']) {
      const bad = await request(t.http).get(`/api/v1/analytics/peers?${query}`).expect(400);
      expect(bad.body.code).toBe('INVALID_REQUEST');
    }
  });
});
