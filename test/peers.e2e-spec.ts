import request from 'supertest';
import { DEMO } from './support/files.js';
import {
  areaCanonPerHead,
  areaDevengadoPerHead,
  areaPeersOf,
  areaPopulation,
  areaRateTenths,
  canonReceivedOf,
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
  within,
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

  it('gives no canon for a province none of whose municipalities has transfers yet, naming them, on both endpoints', async () => {
    const cusco = canonReceivedOf('0801', YEAR, false);
    expect(cusco).toMatchObject({ transferred: null, canonSource: null, withTransfers: 0, withoutTransfers: within('0801') });
    const peers = await request(t.http).get(`/api/v1/analytics/peers?province=0801&year=${YEAR}`).expect(200);
    expect(peers.body.canon).toEqual(cusco);
    const places = await request(t.http).get(`/api/v1/canon/places?year=${YEAR}&groupBy=province&department=08`).expect(200);
    const rows = new Map(places.body.rows.map((r: { key: string }) => [r.key, r]));
    expect(rows.get('0801')).toEqual(expect.objectContaining(cusco));
    expect(rows.get('0808')).toEqual(expect.objectContaining(canonReceivedOf('0808', YEAR, false)));
    expect(canonReceivedOf('0808', YEAR, false).canonSource).toBe('transfers');
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

  it('states the same canon as GET /canon/places for a place and year, and says which file it came from', async () => {
    // by now both files are in. Expected figures straight from the two CSV files (support/peers-reference.ts):
    // Espinar (0808) and its municipalities from their own transfers; Cusco (0801), a province the Espinar file
    // does not cover, from the entities file alone; the department from both (8 own, 108 from the entities file)
    const level = { 6: 'municipality', 4: 'province', 2: 'department' } as const;
    const cases: [string, number][] = [
      ['0808', 2024],
      ['080801', 2024],
      ['0801', 2024],
      ['080101', 2024],
      ['0808', 2019],
      ['0801', 2019],
      ['08', 2024],
      // La Convención in 2019: four of its districts (created since) have no row in the entities file that year
      ['0809', 2019],
    ];
    for (const [code, year] of cases) {
      const expectedCanon = canonReceivedOf(code, year);
      const which = level[code.length as 6 | 4 | 2];
      const peers = await request(t.http).get(`/api/v1/analytics/peers?${which}=${code}&year=${year}`).expect(200);
      const filter = code.length === 6 ? `province=${code.slice(0, 4)}` : code.length === 4 ? 'department=08' : '';
      const places = await request(t.http).get(`/api/v1/canon/places?year=${year}&groupBy=${which}&${filter}`).expect(200);
      const row = places.body.rows.find((r: { key: string }) => r.key === code);
      expect([code, year, peers.body.canon]).toEqual([code, year, expectedCanon]);
      expect([code, year, row]).toEqual([code, year, expect.objectContaining(expectedCanon)]);
      // and the same per inhabitant, or none on both sides
      expect([code, year, peers.body.canonPerCapita.value]).toEqual([code, year, row.transferredPerCapita]);
    }
    // the figures the cases stand on, by hand from the files
    expect(canonReceivedOf('0808', 2024)).toMatchObject({ transferred: '194672173.00', canonSource: 'transfers', fromTransfers: 8 });
    expect(canonReceivedOf('0801', 2024)).toMatchObject({ canonSource: 'entities', fromTransfers: 0, fromEntities: 8 });
    expect(canonReceivedOf('08', 2024)).toMatchObject({ canonSource: 'mixed', fromTransfers: 8, fromEntities: 108 });
    expect(canonReceivedOf('0809', 2019)).toMatchObject({ transferred: null, canonSource: null, withoutTransfers: ['080915', '080916', '080917', '080918'] });
    // a peer says where its figure came from too
    const res = await request(t.http).get(`/api/v1/analytics/peers?province=0808&year=2024`).expect(200);
    expect(res.body.peers.map((p: { ubigeo: string; canonSource: string | null }) => [p.ubigeo, p.canonSource])).toEqual(
      res.body.peers.map((p: { ubigeo: string }) => [p.ubigeo, canonReceivedOf(p.ubigeo, 2024).canonSource]),
    );
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

  it('stands a province among the provinces of its department, each the sum of its municipalities', async () => {
    // Espinar (0808): its eight municipalities' 2023 populations added up; peers are Cusco's provinces of half to double that
    const province = '0808';
    const band = areaPeersOf(province);
    const people = Number(areaPopulation(province));
    // 62,182 inhabitants in 2023 (population.csv, its eight municipalities): peers have 31,091 to 124,364; eight provinces of Cusco do
    expect([within(province).length, people, band.length]).toEqual([8, 62182, 8]);
    expect(band.every((p) => p.startsWith('08') && p.length === 4)).toBe(true);
    const res = await request(t.http).get(`/api/v1/analytics/peers?province=${province}&year=${YEAR}`).expect(200);
    expect(res.body).toMatchObject({
      ubigeo: province,
      level: 'province',
      name: 'Espinar',
      departmentCode: '08',
      population: people,
      populationYear: 2023,
      minPopulation: Math.ceil(people / 2),
      maxPopulation: people * 2,
    });
    expect(res.body.rule).toBe(
      `Pares: las provincias de Cusco con entre la mitad y el doble de habitantes que Espinar (${people} en 2023), es decir de ${Math.ceil(people / 2)} a ${people * 2} habitantes; de cada provincia, las cifras de sus municipalidades sumadas.`,
    );
    expect(res.body.peers.map((p: { ubigeo: string; kind: string }) => [p.ubigeo, p.kind])).toEqual(band.map((p) => [p, 'province']));
    expect(res.body.executionRatePct).toEqual(expected(province, band, areaRateTenths, tenths));
    expect(res.body.devengadoPerCapita).toEqual(expected(province, band, areaDevengadoPerHead, soles));
    // by now both transfer files are in: every municipality of Cusco has its 2024 canon, so every province has a sum
    const canon = areaCanonPerHead((u) => espinarCanon.get(u) ?? cuscoCanon.get(u));
    expect(res.body.canonPerCapita).toEqual(expected(province, band, canon, soles));
    expect(res.body.canonPerCapita.leftOut).toEqual([]);
    expect(res.body.peers[0].population).toBe(Number(areaPopulation(band[0])));
  });

  it('stands a department among the departments, leaving out of the canon measure those without transfers for all their municipalities', async () => {
    const department = '08';
    const band = areaPeersOf(department);
    const people = Number(areaPopulation(department));
    // 1,389,737 inhabitants in 2023 (its 116 municipalities): peers have 694,869 to 2,779,474; thirteen departments do (not Lima)
    expect([people, band.length, band.includes('15')]).toEqual([1389737, 13, false]);
    const res = await request(t.http).get(`/api/v1/analytics/peers?department=${department}&year=${YEAR}&lang=en`).expect(200);
    expect(res.body).toMatchObject({ ubigeo: department, level: 'department', name: 'Cusco', population: people, minPopulation: Math.ceil(people / 2) });
    expect(res.body.rule).toMatch(/^Peers: the departments with between half and double the inhabitants of Cusco/);
    expect(res.body.peers.map((p: { ubigeo: string }) => p.ubigeo)).toEqual(band);
    expect(res.body.executionRatePct).toEqual(expected(department, band, areaRateTenths, tenths));
    expect(res.body.devengadoPerCapita).toEqual(expected(department, band, areaDevengadoPerHead, soles));
    // the bundled transfers are Cusco's alone: Cusco has a value, every other department is left out, none is a zero
    const canon = areaCanonPerHead((u) => espinarCanon.get(u) ?? cuscoCanon.get(u));
    expect(canon(department)).not.toBeNull();
    expect(res.body.canonPerCapita).toEqual({ value: soles(canon(department)), median: null, rank: 1, of: 1, peers: 0, leftOut: band });
    expect(res.body.peers.every((p: { canonPerCapita: string | null }) => p.canonPerCapita === null)).toBe(true);
    expect(res.body.notes).toEqual([
      `${band.length} peers without canon transfers (rubro 18) for all of their municipalities in 2024 are left out of the canon per inhabitant: ${band.join(', ')}.`,
    ]);
  });

  it('answers 404 for an unknown province or department, and 400 unless exactly one place is given', async () => {
    const missing = await request(t.http).get(`/api/v1/analytics/peers?province=0899&year=${YEAR}`).expect(404);
    expect(missing.body).toMatchObject({
      code: 'PLACE_NOT_FOUND',
      message: 'Ninguna provincia (4 dígitos) ni departamento (2) de la geografía de referencia tiene el código 0899.',
    });
    await request(t.http).get(`/api/v1/analytics/peers?department=99&year=${YEAR}`).expect(404);
    for (const query of ['year=2024', 'province=0808&department=08&year=2024', 'municipality=080801&province=0808&year=2024']) {
      const bad = await request(t.http).get(`/api/v1/analytics/peers?${query}`).expect(400);
      expect(bad.body).toMatchObject({ code: 'INVALID_REQUEST', message: 'Indique un solo lugar: municipality, province o department.' });
    }
    for (const query of ['province=080&year=2024', 'department=8&year=2024', 'province=08&year=2024']) {
      expect((await request(t.http).get(`/api/v1/analytics/peers?${query}`).expect(400)).body.code).toBe('INVALID_REQUEST');
    }
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
