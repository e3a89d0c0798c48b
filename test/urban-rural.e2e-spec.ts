import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEMO, readConsultaCsv } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** round(a / b, 2) half up, in céntimos, for positive whole soles and people */
const perCapita = (soles: bigint, people: bigint) => {
  const cents = (soles * 100n * 2n + people) / (2n * people);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
};

describe('urban/rural skew at municipality level (real Espinar data)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
  });
  afterAll(() => t.close());

  it("compares Espinar's mostly-rural and mostly-urban municipalities in 2022, per inhabitant", async () => {
    // Independently: each municipality's 2022 urban/rural split (the period's own year: the file has 2019-2023)
    // and its 2022 population, from the shipped MINAM file; its 2022 PIM and devengado from the Consulta Amigable export.
    const population: Record<string, string>[] = parse(readFileSync('data/reference/population.csv'), { columns: true });
    const rows = readConsultaCsv(DEMO.csv2015).filter((r) => r.year === 2022 && r.ubigeo.startsWith('0808'));
    const groups = {
      mostly_rural: { ubigeos: [] as string[], pim: 0n, dev: 0n, people: 0n },
      mostly_urban: { ubigeos: [] as string[], pim: 0n, dev: 0n, people: 0n },
    };
    for (const r of rows) {
      const mine = population.filter((p) => p.ubigeo === r.ubigeo);
      const own = mine.find((p) => p.year === '2022')!;
      const g = Number(own.rural) * 2 > Number(own.total) ? groups.mostly_rural : groups.mostly_urban;
      g.ubigeos.push(r.ubigeo);
      g.pim += r.pim;
      g.dev += r.devengado;
      g.people += BigInt(mine.find((p) => p.year === '2022')!.total);
    }
    expect(groups.mostly_rural.ubigeos.length + groups.mostly_urban.ubigeos.length).toBe(8);

    const res = await request(t.http).get('/api/v1/analytics/urban-rural?year=2022&province=0808').expect(200);
    const [rural, urban, unknown] = res.body.periods[0].municipalityLevel.groups;
    for (const [got, want] of [
      [rural, groups.mostly_rural],
      [urban, groups.mostly_urban],
    ] as const) {
      expect(got.municipalities).toEqual(want.ubigeos.sort());
      expect(got.pim).toBe(`${want.pim}.00`);
      expect(got.devengado).toBe(`${want.dev}.00`);
      expect(got.population).toBe(Number(want.people));
      expect(got.pimPerCapita).toBe(perCapita(want.pim, want.people));
      expect(got.devengadoPerCapita).toBe(perCapita(want.dev, want.people));
    }
    expect(unknown.municipalities).toEqual([]);
    const totalPeople = groups.mostly_rural.people + groups.mostly_urban.people;
    const totalDev = groups.mostly_rural.dev + groups.mostly_urban.dev;
    // shares in tenths of a percent, rounded half up: round(a / b × 1,000)
    const tenths = (a: bigint, b: bigint) => (a * 2000n + b) / (2n * b);
    const [devTenths, peopleTenths] = [tenths(groups.mostly_urban.dev, totalDev), tenths(groups.mostly_urban.people, totalPeople)];
    expect(urban.populationSharePct).toBe(Number(peopleTenths) / 10);
    expect(urban.devengadoSharePct).toBe(Number(devTenths) / 10);
    // the skew index: the mostly-urban share of devengado over its share of people, both as shown (one decimal),
    // to two decimals half up; from the file's figures, not the answer's own shares
    const skewHundredths = (devTenths * 200n + peopleTenths) / (2n * peopleTenths);
    expect(res.body.periods[0].municipalityLevel.skewIndex).toBe(Number(skewHundredths) / 100);
  });
});
