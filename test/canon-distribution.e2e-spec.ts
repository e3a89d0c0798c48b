import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { populationOf } from './support/reference.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const CUSCO = 'data/demo/canon_transferido_rubro18_cusco_entidades_2019-2026.csv';
const HEADER = 'ubigeo,entity_type,entity_name,year,concept,amount_soles,year_cut';
const MDD = ['170101', '170102', '170103', '170104', '170201', '170202', '170203', '170204', '170301', '170302', '170303']; // Madre de Dios

interface Expected {
  version: number;
  expected: string | null;
  producingDistrict: string | null;
  producingProvince: string | null;
  department: string | null;
  difference: string | null;
  differencePct: number | null;
}
interface Row {
  ubigeo: string;
  received: string | null;
  shareOfMunicipalCanonPct: number | null;
  expected: Expected[];
}
interface Tier {
  tier: string;
  amount: string;
  status: string;
  indexSource: string | null;
  municipalities: number;
  withoutIndex: string[];
  unassigned: string;
  received: string | null;
  difference: string | null;
}

const cents = (s: string): bigint => BigInt(s.replace('.', ''));
const soles = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
/** An independent largest-remainder division (floors, then one unit each to the largest remainders, ties to the earlier). */
function divide(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, w) => a + w, 0n);
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, p) => a + p, 0n);
  const order = weights.map((w, i) => [(total * w) % sum, i] as const).sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] > b[0] ? -1 : 1));
  for (const [, i] of order) if (left-- > 0n) parts[i] += 1n;
  return parts;
}

describe('canon by law against canon received', () => {
  let t: TestApp;
  const upload = (name: string, lines: string[], snapshotDate = '2025-03-01') =>
    t
      .post('/api/v1/imports')
      .field('snapshotDate', snapshotDate)
      .attach('file', Buffer.from([HEADER, ...lines].join('\n')), name)
      .expect(201);
  const distribution = async (department: string, year: number) =>
    (await request(t.http).get(`/api/v1/analytics/canon-distribution?department=${department}&year=${year}`).set('Accept-Language', 'en').expect(200)).body;
  const row = (body: { municipalities: Row[] }, ubigeo: string) => body.municipalities.find((m) => m.ubigeo === ubigeo)!;
  const tiers = (body: { versions: { tiers: Tier[] }[] }, version: number) => body.versions[version - 1].tiers;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('divides a hand-worked pot with MEF indices and two producing districts in two provinces, tier by tier, to the céntimo', async () => {
    // pot 2024: 300,000 + 150,000 + 250,000 (municipalities) + 200,000 (regional) + 100,000 (university) = S/ 1,000,000.00;
    // the "minero" row is a concept of Tambopata's total, not more money
    const res = await upload('mdd-2024.csv', [
      '170101,MUNICIPALIDAD,MUNICIPALIDAD PROVINCIAL DE TAMBOPATA,2024,total_rubro18,300000,diciembre',
      '170101,MUNICIPALIDAD,MUNICIPALIDAD PROVINCIAL DE TAMBOPATA,2024,minero,290000,diciembre',
      '170102,MUNICIPALIDAD,MUNICIPALIDAD DISTRITAL DE INAMBARI,2024,total_rubro18,150000,diciembre',
      '170204,MUNICIPALIDAD,MUNICIPALIDAD DISTRITAL DE HUEPETUHE,2024,total_rubro18,250000,diciembre',
      '170101,GOBIERNO_REGIONAL,REGION MADRE DE DIOS-SEDE CENTRAL,2024,total_rubro18,200000,diciembre',
      '170101,UNIVERSIDAD,UNIVERSIDAD NACIONAL AMAZONICA DE MADRE DE DIOS,2024,total_rubro18,100000,diciembre',
    ]);
    expect(res.body).toMatchObject({ format: 'canon-entity-transfers', inserted: 6 });
    // indices: Tambopata 4, Huepetuhe 2, every other municipality 1 (sum 15)
    const indices = MDD.map((u) => `2024,${u},canon_minero,${u === '170101' ? '4' : u === '170204' ? '2' : '1'}`);
    const imported = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(['year,ubigeo,concept,index', ...indices].join('\n')), 'indices.csv')
      .expect(201);
    expect(imported.body).toMatchObject({ format: 'canon-distribution-indices', inserted: 11 });
    await t
      .put('/api/v1/canon-distribution/producing-districts/17/2024')
      .send({ districts: ['170204', '170102'], reason: 'Gold: Inambari and Huepetuhe' })
      .expect(200);

    const body = await distribution('17', 2024);
    expect(body.pot).toEqual({
      total: '1000000.00',
      municipalities: '700000.00',
      regionalGovernment: '200000.00',
      universities: '100000.00',
      throughMonth: 12,
      importIds: [res.body.id],
    });
    expect(body.index).toMatchObject({ officialMunicipalities: 11, withoutIndex: [] });
    // version 1 (10/25/40/20/5): tiers 100,000 / 250,000 / 400,000 / 200,000 / 50,000
    expect(tiers(body, 1).map((x) => [x.tier, x.amount, x.status, x.indexSource, x.municipalities])).toEqual([
      ['producing_district', '100000.00', 'split', 'official', 2],
      ['producing_province', '250000.00', 'split', 'official', 8], // provinces 1701 (4) and 1702 (4)
      ['department', '400000.00', 'split', 'official', 11],
      ['regional_government', '200000.00', 'whole', null, 0],
      ['universities', '50000.00', 'whole', null, 0],
    ]);
    expect(tiers(body, 1)[3]).toMatchObject({ received: '200000.00', difference: '0.00' });
    expect(tiers(body, 1)[4]).toMatchObject({ received: '100000.00', difference: '50000.00' });
    // district (weights 1, 2 of 3): 10,000,000 c / 3 = 3,333,333.33 → 3,333,333 (r 1); × 2 = 6,666,666.67 → 6,666,666 (r 2); the cent left → Huepetuhe
    // province (weights: 170101 4, 1701xx/1702xx 1, 170204 2; sum 12): 25,000,000 / 12 → floors 8,333,333 (r 4), 2,083,333 (r 4), 4,166,666 (r 8);
    //   3 cents left: Huepetuhe (r 8), then 170101 and 170102 (r 4, lowest ubigeos)
    // department (sum 15): 40,000,000 / 15 → floors 10,666,666 (r 10), 2,666,666 (r 10), 5,333,333 (r 5); 7 cents left → the first 7 with r 10: 170101…170203
    // Tambopata: 0 + 83,333.34 + 106,666.67 = 190,000.01; received 300,000 → +109,999.99, 57.9 %
    expect(row(body, '170101').expected[0]).toEqual({
      version: 1,
      expected: '190000.01',
      producingDistrict: '0.00',
      producingProvince: '83333.34',
      department: '106666.67',
      difference: '109999.99',
      differencePct: 57.9,
    });
    // Inambari: 33,333.33 + 20,833.34 + 26,666.67 = 80,833.34; 150,000 − 80,833.34 = 69,166.66 → 85.6 %
    expect(row(body, '170102').expected[0]).toMatchObject({ expected: '80833.34', producingDistrict: '33333.33', difference: '69166.66', differencePct: 85.6 });
    // Huepetuhe: 66,666.67 + 41,666.67 + 53,333.33 = 161,666.67; 250,000 − 161,666.67 = 88,333.33 → 54.6 %
    expect(row(body, '170204').expected[0]).toMatchObject({ expected: '161666.67', difference: '88333.33', differencePct: 54.6 });
    // Tahuamanu: department only, 26,666.66 (no leftover cent); nothing received in the file → null, not 0
    expect(row(body, '170303')).toMatchObject({ received: null, shareOfMunicipalCanonPct: null });
    expect(row(body, '170303').expected[0]).toMatchObject({ expected: '26666.66', producingProvince: '0.00', difference: null });
    // shares of the municipal canon: 300,000 / 700,000 = 42.857… → 42.86 %
    expect(row(body, '170101').shareOfMunicipalCanonPct).toBe(42.86);
    // version 2 (15/20/20/40/5): Tambopata province 20,000,000 / 12 × 4 = 6,666,666.67 → 6,666,667; department 20,000,000 / 15 × 4 = 5,333,333.33 → 5,333,334
    expect(row(body, '170101').expected[1]).toMatchObject({ version: 2, expected: '120000.01' });
    // Inambari: 15,000,000 / 3 = 5,000,000 exactly + 1,666,667 + 1,333,334 = 80,000.01
    expect(row(body, '170102').expected[1]).toMatchObject({ expected: '80000.01' });
    // every municipal part adds up to the municipal tiers: 75 % of the pot under version 1, 55 % under version 2
    for (const [version, municipal] of [
      [1, 75_000_000n],
      [2, 55_000_000n],
    ] as const) {
      expect(body.municipalities.reduce((a: bigint, m: Row) => a + cents(m.expected[version - 1].expected!), 0n)).toBe(municipal);
      expect(body.versions[version - 1]).toMatchObject({ complete: true, unassigned: '0.00' });
    }
  });

  it('leaves an empty tier unassigned and a municipality without population out of the index tiers, saying so', async () => {
    // every reference municipality has a population: Tahuamanu's is removed, as for a district created after the last count
    await t.sql(`DELETE FROM population WHERE ubigeo = '170303'`);
    await t.sql(`DELETE FROM population_nearest WHERE ubigeo = '170303'`);
    await upload('mdd-2025.csv', ['170101,MUNICIPALIDAD,MUNICIPALIDAD PROVINCIAL DE TAMBOPATA,2025,total_rubro18,1000000,diciembre']);
    await t
      .put('/api/v1/canon-distribution/producing-districts/17/2025')
      .send({ districts: ['170303'], reason: 'Tahuamanu only' })
      .expect(200);

    const body = await distribution('17', 2025);
    expect(body.index).toMatchObject({ officialMunicipalities: 0, estimatedMunicipalities: 10, withoutIndex: ['170303'] });
    const [district, province, department] = tiers(body, 1);
    // the only producing district has no index: its 10 % (S/ 100,000.00) goes to no one
    expect(district).toMatchObject({ amount: '100000.00', status: 'empty', withoutIndex: ['170303'], unassigned: '100000.00' });
    expect(body.versions[0]).toMatchObject({ complete: false, unassigned: '100000.00' });
    // province 1703 by population (2023) × poverty (INEI 2018), Tahuamanu left out:
    //   Iñapari 3,472 × 2.149282 % = 74.62307104 poor, Iberia 5,650 × 7.588064 % = 428.725616 poor (sum 503.34868704)
    //   25,000,000 c × 74.62307104 / 503.34868704 = 3,706,330.98 → 3,706,330 (r .98); Iberia 21,293,669.02 → 21,293,669; the cent left → Iñapari
    expect(province).toMatchObject({ status: 'split', indexSource: 'estimate', municipalities: 3, withoutIndex: ['170303'] });
    expect(row(body, '170301').expected[0].producingProvince).toBe('37063.31');
    expect(row(body, '170302').expected[0].producingProvince).toBe('212936.69');
    expect(row(body, '170303').expected[0]).toMatchObject({ expected: null, producingDistrict: null, producingProvince: null, department: null });
    // the department tier went whole to the other ten
    const parts = body.municipalities.filter((m: Row) => m.ubigeo !== '170303').reduce((a: bigint, m: Row) => a + cents(m.expected[0].department!), 0n);
    expect(soles(parts)).toBe(department.amount);
    expect(body.notes.join(' ')).toMatch(/One municipality has no index .*170303/);
  });

  it('says, instead of zeros, that the producing tiers cannot be split when no producing districts were entered', async () => {
    await upload('mdd-2023.csv', ['170204,MUNICIPALIDAD,MUNICIPALIDAD DISTRITAL DE HUEPETUHE,2023,total_rubro18,200,diciembre']);
    const body = await distribution('17', 2023);
    expect(body.producingDistricts).toBeNull();
    expect(tiers(body, 1).map((x) => x.status)).toEqual(['not_split', 'not_split', 'split', 'whole', 'whole']);
    // 10 % + 25 % of S/ 200.00 = S/ 70.00 unassigned
    expect(body.versions[0].unassigned).toBe('70.00');
    expect(row(body, '170204').expected[0]).toMatchObject({ expected: null, producingDistrict: null, producingProvince: null, difference: null });
    expect(row(body, '170204').expected[0].department).not.toBeNull();
    expect(body.notes.join(' ')).toMatch(/Producing districts have not been entered for 17 in 2023/);
  });

  it("answers for all 116 of Cusco's municipalities from the bundled file, the pot and each part adding up", async () => {
    await t.post('/api/v1/imports').field('snapshotDate', '2026-10-01').attach('file', CUSCO).expect(201);
    await t
      .put('/api/v1/canon-distribution/producing-districts/08/2024')
      .send({ districts: ['080801', '080708'], reason: 'Antapaccay (Espinar), Constancia (Livitaca)' })
      .expect(200);
    const body = await distribution('08', 2024);

    const file: Record<string, string>[] = parse(readFileSync(CUSCO), { columns: true });
    const totals = file.filter((r) => r.year === '2024' && r.concept === 'total_rubro18');
    const sum = (type?: string) => totals.filter((r) => !type || r.entity_type === type).reduce((a, r) => a + BigInt(r.amount_soles) * 100n, 0n);
    const reference: Record<string, string>[] = parse(readFileSync('data/reference/municipalities.csv'), { columns: true });
    const cusco = reference.filter((m) => m.department_code === '08').map((m) => m.ubigeo);
    expect(cusco).toHaveLength(116);
    expect(body.municipalities.map((m: Row) => m.ubigeo)).toEqual(cusco);
    expect(body.pot).toMatchObject({
      total: soles(sum()),
      municipalities: soles(sum('MUNICIPALIDAD')),
      regionalGovernment: soles(sum('GOBIERNO_REGIONAL')),
      universities: soles(sum('UNIVERSIDAD')),
    });
    for (const m of body.municipalities as Row[]) {
      const mine = totals.filter((r) => r.entity_type === 'MUNICIPALIDAD' && r.ubigeo === m.ubigeo);
      expect([m.ubigeo, m.received]).toEqual([m.ubigeo, soles(BigInt(mine[0].amount_soles) * 100n)]);
    }

    // the department tier, computed here from the reference files: population (2023, nearest to 2024) × poverty (INEI 2018)
    const poverty = new Map(
      (parse(readFileSync('data/reference/poverty_inei_2018.csv'), { columns: true }) as Record<string, string>[]).map((r) => [r.ubigeo, r.poverty_pct]),
    );
    const hundredMillionths = (pct: string) => BigInt(pct.split('.')[0] + (pct.split('.')[1] ?? '').padEnd(8, '0')); // "9.034625" → 903462500
    // four La Convención districts created after the 2018 map have no rate: the province's population-weighted one stands in
    const own = cusco.filter((u) => poverty.has(u));
    const convencion = own.filter((u) => u.startsWith('0809'));
    const people = convencion.reduce((a, u) => a + BigInt(populationOf(u, 2024)), 0n);
    const poor = convencion.reduce((a, u) => a + BigInt(populationOf(u, 2024)) * hundredMillionths(poverty.get(u)!), 0n);
    const provinceRate = (2n * poor + people) / (2n * people); // half up
    const borrowed = cusco.filter((u) => !poverty.has(u));
    expect(borrowed).toEqual(['080915', '080916', '080917', '080918']);
    const rateText = `${provinceRate / 100_000_000n}.${String(provinceRate % 100_000_000n).padStart(8, '0')}`;
    for (const u of borrowed) expect(row(body, u)).toMatchObject({ povertyFrom: 'province', povertyPct: Number(rateText) });
    expect(row(body, '080801')).toMatchObject({ povertyFrom: 'district', povertyPct: Number(poverty.get('080801')) });
    const weights = cusco.map((u) => BigInt(populationOf(u, 2024)) * (poverty.has(u) ? hundredMillionths(poverty.get(u)!) : provinceRate));
    const pot = sum();
    for (const [version, shares] of [
      [1, [10n, 25n, 40n, 20n, 5n]],
      [2, [15n, 20n, 20n, 40n, 5n]],
    ] as const) {
      const amounts = divide(pot, [...shares]);
      expect(tiers(body, version).map((x) => x.amount)).toEqual(amounts.map(soles));
      const department = divide(amounts[2], weights);
      expect(body.municipalities.map((m: Row) => m.expected[version - 1].department)).toEqual(department.map(soles));
      // producing province: Espinar's and Chumbivilcas's municipalities
      expect(tiers(body, version)[1].municipalities).toBe(cusco.filter((u) => u.startsWith('0808') || u.startsWith('0807')).length);
      // the parts add up to the pot exactly
      const municipal = body.municipalities.reduce((a: bigint, m: Row) => a + cents(m.expected[version - 1].expected!), 0n);
      expect(municipal + amounts[3] + amounts[4]).toBe(pot);
    }
    // Espinar's share of what Cusco's municipalities received
    const espinar = BigInt(totals.find((r) => r.ubigeo === '080801' && r.entity_type === 'MUNICIPALIDAD')!.amount_soles) * 100n;
    const basisPoints = (2n * espinar * 10_000n + sum('MUNICIPALIDAD')) / (2n * sum('MUNICIPALIDAD')); // espinar / all × 10,000, half up
    expect(row(body, '080801').shareOfMunicipalCanonPct).toBe(Number(basisPoints) / 100);
  });

  it("lets a planner import its municipality's transfers, not the regional government's or a university's", async () => {
    const planner = (
      await t
        .post('/api/v1/keys')
        .send({ name: 'Tambopata planning', role: 'planner', municipalities: ['170101'] })
        .expect(201)
    ).body.key;
    const file = (lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'));
    const refused = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', planner)
      .attach(
        'file',
        file([
          '170101,MUNICIPALIDAD,MUNICIPALIDAD PROVINCIAL DE TAMBOPATA,2021,total_rubro18,10,diciembre',
          '170101,GOBIERNO_REGIONAL,REGION MADRE DE DIOS-SEDE CENTRAL,2021,total_rubro18,5,diciembre',
        ]),
        'p.csv',
      )
      .expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: 3, code: 'ENTITY_NOT_ALLOWED' })]);
    expect(await t.sql(`SELECT 1 FROM canon_entity_transfer WHERE department_code = '17' AND year = 2021`)).toEqual([]);
    await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', planner)
      .attach('file', file(['170101,MUNICIPALIDAD,MUNICIPALIDAD PROVINCIAL DE TAMBOPATA,2021,total_rubro18,10,diciembre']), 'p.csv')
      .expect(201);
    expect((await distribution('17', 2021)).pot).toMatchObject({ total: '10.00', regionalGovernment: '0.00' });
  });

  it('takes producing districts only from an admin key, refuses districts outside the department, and audits each change', async () => {
    const url = '/api/v1/canon-distribution/producing-districts/08/2022';
    const body = { districts: ['080801'], reason: 'Tintaya-Antapaccay' };
    expect((await request(t.http).put(url).send(body).expect(401)).body.code).toBe('API_KEY_REQUIRED');
    const auditor = (await t.post('/api/v1/keys').send({ name: 'an auditor', role: 'auditor' }).expect(201)).body.key;
    expect((await request(t.http).put(url).set('X-API-Key', auditor).send(body).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    const outside = await t
      .put(url)
      .send({ districts: ['080801', '170101'], reason: 'wrong department' })
      .expect(400);
    // in the reader's language, Spanish by default
    expect(outside.body).toMatchObject({ code: 'INVALID_PRODUCING_DISTRICT', message: 'No son municipios del departamento 08: 170101.' });
    expect(
      (
        await t
          .put(url)
          .send({ districts: ['080801'] })
          .expect(400)
      ).body.code,
    ).toBe('INVALID_REQUEST'); // no reason
    expect((await t.put('/api/v1/canon-distribution/producing-districts/08/1800').send(body).expect(400)).body.code).toBe('INVALID_REQUEST');
    expect((await t.put('/api/v1/canon-distribution/producing-districts/99/2022').send(body).expect(404)).body).toMatchObject({
      code: 'DEPARTMENT_NOT_FOUND',
      message: 'Ningún municipio tiene el código de departamento 99.',
    });
    expect((await request(t.http).get('/api/v1/canon-distribution/producing-districts/8/2022').expect(400)).body.message).toBe(
      'department debe ser un código de 2 dígitos, como 08.',
    );
    // nothing of the refused writes was kept
    expect((await request(t.http).get(url).expect(404)).body).toMatchObject({
      code: 'PRODUCING_DISTRICTS_NOT_SET',
      message: 'No se registraron distritos productores de 08 en 2022.',
    });
    expect((await request(t.http).get(url).set('Accept-Language', 'en').expect(404)).body.message).toBe(
      'No producing districts have been entered for 08 in 2022.',
    );
    const audit = async () =>
      (await request(t.http).get('/api/v1/audit?type=producing_districts').set('X-API-Key', t.adminKey).expect(200)).body.items.filter(
        (e: { subject: string }) => e.subject === '08/2022',
      );
    expect(await audit()).toEqual([]);

    const first = await t.put(url).send(body).expect(200);
    expect(first.body).toMatchObject({
      department: '08',
      year: 2022,
      districts: [{ ubigeo: '080801', name: 'Espinar', provinceCode: '0808' }],
      reason: 'Tintaya-Antapaccay',
    });
    await t
      .put(url)
      .send({ districts: ['080708', '080801'], reason: 'and Constancia' })
      .expect(200);
    const events = await audit();
    expect(events.map((e: { before: unknown; after: unknown; municipalities: string[] }) => [e.before, e.after, e.municipalities])).toEqual([
      [{ districts: ['080801'], reason: 'Tintaya-Antapaccay' }, { districts: ['080708', '080801'], reason: 'and Constancia' }, ['080708', '080801']],
      [null, { districts: ['080801'], reason: 'Tintaya-Antapaccay' }, ['080801']],
    ]);
    expect((await request(t.http).get(url).expect(200)).body.districts.map((d: { ubigeo: string }) => d.ubigeo)).toEqual(['080708', '080801']);
  });
});
