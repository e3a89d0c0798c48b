import request from 'supertest';
import { DEMO } from './support/files.js';
import {
  CUSCO_CANON,
  cuscoCanon,
  devengadoPerHead,
  ESPINAR_CANON,
  espinarCanon,
  expected,
  peersOf,
  perHead,
  population,
  rateTenths,
  soles,
  tenths,
  YEAR,
} from './support/peers-reference.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * GET /analytics/peers against the bundled real files, every expected figure worked out from the files themselves
 * (support/peers-reference.ts): the INEI/MINAM reference, the Consulta Amigable export of 2024-2025 and the two
 * MEF rubro-18 transfer files.
 */
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
  const peers = peersOf(place);

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
    expect(res.body.devengadoPerCapita).toEqual(expected(place, peers, devengadoPerHead, soles));
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
    const band = peersOf(u);
    const res = await request(t.http).get(`/api/v1/analytics/peers?municipality=${u}&year=${YEAR}`).expect(200);
    expect(res.body.peers.length).toBe(band.length);
    expect(res.body.executionRatePct).toEqual(expected(u, band, rateTenths, tenths));
    expect(res.body.devengadoPerCapita).toEqual(expected(u, band, devengadoPerHead, soles));
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
