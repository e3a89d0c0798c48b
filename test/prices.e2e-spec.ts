import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { averageShown, centsOf, CPI, cpiByYear, cpiDocument, inSolesOf, ratePct, text } from './support/cpi.js';
import { DEMO, readConsultaCsv } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ESPINAR_CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
const BY_FUNCTION = 'data/demo/gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv';

const document = cpiDocument;
const byYear = cpiByYear;
/** Whole soles of `year` in céntimos of 2024. */
const in2024 = (year: number, soles: bigint) => centsOf(2024, year, soles * 100n);

describe('constant soles (BCRP Lima CPI, PN38705PM)', () => {
  let t: TestApp;
  let scratch: string;
  const espinar2015 = readConsultaCsv(DEMO.csv2015).find((r) => r.ubigeo === '080801' && r.year === 2015)!;
  const espinar2024 = readConsultaCsv(DEMO.csv2015).find((r) => r.ubigeo === '080801' && r.year === 2024)!;

  beforeAll(async () => {
    t = await createTestApp();
    scratch = await mkdtemp(join(tmpdir(), 'prices-'));
    await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
    await t.post('/api/v1/imports').attach('file', ESPINAR_CANON).expect(201);
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
    await t.close();
  });

  /** A file of the test's own, in its scratch folder. */
  const fileOf = async (name: string, content: string) => {
    const path = join(scratch, name);
    await writeFile(path, content);
    return path;
  };
  const counts = async () =>
    (
      await t.sql<{ imports: number; months: number }>(
        `SELECT (SELECT count(*)::int FROM import) AS imports, (SELECT count(*)::int FROM price_index_month) AS months`,
      )
    )[0];

  it('refuses a constant-soles read before the index is imported, never guessing', async () => {
    const res = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015&prices=constant&base=2024').expect(422);
    expect(res.body).toMatchObject({ code: 'PRICE_INDEX_MISSING' });
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses malformed JSON, and JSON of no known shape, writing nothing', async () => {
    const before = await counts();
    const cut = await t
      .post('/api/v1/imports')
      .attach('file', await fileOf('cut.json', readFileSync(CPI, 'utf8').slice(0, 500)))
      .expect(422);
    expect(cut.body.code).toBe('MALFORMED_JSON');
    expect(cut.headers['content-type']).toMatch(/problem\+json/);
    const other = await t
      .post('/api/v1/imports')
      .attach('file', await fileOf('other.json', JSON.stringify({ series: [1, 2, 3] })))
      .expect(422);
    expect(other.body.code).toBe('UNRECOGNIZED_JSON');
    // the right shape with one value that is no index: the whole file is refused, the row and series named
    const bad = structuredClone(document);
    bad.periods[1].values[0] = '57,86';
    const rejected = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-09-23')
      .attach('file', await fileOf('bad-value.json', JSON.stringify(bad)))
      .expect(422);
    expect(rejected.body.code).toBe('IMPORT_REJECTED');
    expect(rejected.body.errors).toEqual([expect.objectContaining({ row: 2, column: document.config.series[0].name, code: 'INVALID_INDEX', value: '57,86' })]);
    expect(await counts()).toEqual(before);
  });

  it("imports BCRPData's JSON as it comes: one value per month, exactly as written", async () => {
    const res = await t.post('/api/v1/imports').attach('file', CPI).expect(201);
    expect(res.body).toMatchObject({ format: 'bcrp-series', fileType: 'json', rowsRead: 284, inserted: 284, snapshotDate: '2026-09-23' });
    expect(res.body.years).toEqual([...byYear.keys()]);
    const stored = await t.sql<{ month: string; value: string }>(
      `SELECT to_char(month, 'YYYY-MM') AS month, value::text FROM price_index_month ORDER BY month`,
    );
    expect(stored).toHaveLength(document.periods.length);
    expect(stored[0]).toEqual({ month: '2003-01', value: document.periods[0].values[0] }); // "57.5986117200474", every digit
    expect(stored.at(-1)).toEqual({ month: '2026-08', value: document.periods.at(-1)!.values[0] });
    // the same file again changes nothing
    await t.post('/api/v1/imports').attach('file', CPI).expect(200);
  });

  it('gives a 2015 amount in 2024 soles: times average(2024) ÷ average(2015), rates unchanged', async () => {
    const nominal = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015').expect(200);
    const res = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015&prices=constant&base=2024').expect(200);
    const row = res.body.rows[0];
    expect(row.pim).toBe(inSolesOf(2024, 2015, `${espinar2015.pim}.00`));
    expect(row.devengado).toBe(inSolesOf(2024, 2015, `${espinar2015.devengado}.00`));
    expect(res.body.totals.pia).toBe(inSolesOf(2024, 2015, `${espinar2015.pia}.00`));
    // prices rose about a third from 2015 to 2024 (averages 80 and 110 or so): a sanity bound, not the figure
    expect(Number(row.pim) / Number(espinar2015.pim)).toBeGreaterThan(1.3);
    expect(Number(row.pim) / Number(espinar2015.pim)).toBeLessThan(1.45);
    // rates, counts and populations as in nominal soles
    expect(row.executionRatePct).toBe(nominal.body.rows[0].executionRatePct);
    expect(row.executionRatePct).toBe(Number(espinar2015.avance));
    expect(row.municipalities).toBe(nominal.body.rows[0].municipalities);
    expect(row.population).toBe(nominal.body.rows[0].population);
    expect(res.body.prices).toEqual({
      basis: 'constant',
      base: 2024,
      series: { code: 'PN38705PM', name: document.config.series[0].name, source: expect.stringContaining('BCRP'), importIds: [expect.any(Number)] },
      years: [2015, 2024].map((year) => ({ year, average: averageShown(year), factor: expect.stringMatching(/^\d+\.\d{6}$/) })),
      sums: 'converted-after',
      rounding: expect.stringContaining('half away from zero'),
      ratios: expect.stringContaining('nominal'),
      leftNominal: [],
    });
    // a 2024 amount in 2024 soles is itself
    const same = await request(t.http).get('/api/v1/execution?municipality=080801&year=2024&prices=constant&base=2024').expect(200);
    expect(same.body.rows[0].pim).toBe(`${espinar2024.pim}.00`);
    expect(same.body.prices.years).toEqual([{ year: 2024, average: averageShown(2024), factor: '1.000000' }]);
  });

  it('converts the analyses period by period, shares and rates unchanged', async () => {
    const url = '/api/v1/analytics/public-private?municipality=080801&periods=2015,2024';
    const nominal = await request(t.http).get(url).expect(200);
    const res = await request(t.http).get(`${url}&prices=constant&base=2024`).expect(200);
    expect(res.body.periods.map((p: { publicDevengado: string }) => p.publicDevengado)).toEqual([
      inSolesOf(2024, 2015, `${espinar2015.devengado}.00`),
      `${espinar2024.devengado}.00`,
    ]);
    expect(nominal.body.periods.map((p: { publicDevengado: string }) => p.publicDevengado)).toEqual([
      `${espinar2015.devengado}.00`,
      `${espinar2024.devengado}.00`,
    ]);
    expect(res.body.periods.map((p: { coverage: unknown }) => p.coverage)).toEqual(nominal.body.periods.map((p: { coverage: unknown }) => p.coverage));
    expect(res.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2015, 2024]);
    // the CSV of the analysis is in the same soles
    const csv = await request(t.http).get(`/api/v1/analytics/public-private.csv?municipality=080801&periods=2015,2024&prices=constant&base=2024`).expect(200);
    expect(csv.text).toContain(inSolesOf(2024, 2015, `${espinar2015.devengado}.00`));
  });

  it('ranks in constant soles of one year: same order, converted amounts', async () => {
    const url = '/api/v1/execution/ranking?province=0808&year=2015&by=pim';
    const nominal = await request(t.http).get(url).expect(200);
    const res = await request(t.http).get(`${url}&prices=constant&base=2024`).expect(200);
    expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(nominal.body.rows.map((r: { key: string }) => r.key));
    expect(res.body.rows.map((r: { pim: string }) => r.pim)).toEqual(nominal.body.rows.map((r: { pim: string }) => inSolesOf(2024, 2015, r.pim)));
  });

  it('refuses a year without a full index (2026 has 8 months) and a base without one, with a stable code', async () => {
    const figures = await request(t.http).get('/api/v1/canon/transfers?municipality=080801&year=2026&prices=constant&base=2024').expect(422);
    expect(figures.body).toMatchObject({ code: 'PRICE_INDEX_MISSING', years: [2026] });
    expect(figures.body.message).toContain('2026');
    const base = await request(t.http)
      .get('/api/v1/execution?municipality=080801&year=2015&prices=constant&base=2026')
      .set('Accept-Language', 'en')
      .expect(422);
    expect(base.body).toMatchObject({ code: 'PRICE_INDEX_MISSING', years: [2026] });
    expect(base.body.message).toMatch(/^There is no price index for 2026/);
    const before = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015&prices=constant&base=2002').expect(422);
    expect(before.body.years).toEqual([2002]);
    // a complete year of the same transfers converts
    const y2025 = await request(t.http).get('/api/v1/canon/transfers?municipality=080801&year=2025&prices=constant&base=2024').expect(200);
    expect(y2025.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2024, 2025]);
  });

  it('gives a 2015-2024 range by year in 2024 soles: each year with its own factor, the total the sum of the converted years', async () => {
    const url = '/api/v1/execution?municipality=080801&fromYear=2015&toYear=2024&groupBy=year';
    const nominal = await request(t.http).get(url).expect(200);
    const res = await request(t.http).get(`${url}&prices=constant&base=2024`).expect(200);
    const file = readConsultaCsv(DEMO.csv2015)
      .filter((r) => r.ubigeo === '080801' && r.year >= 2015 && r.year <= 2024)
      .sort((a, b) => a.year - b.year);
    expect(file.map((r) => r.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(file.map((r) => String(r.year)));
    for (const [i, r] of file.entries()) {
      const [pim, dev] = [in2024(r.year, r.pim), in2024(r.year, r.devengado)];
      expect(res.body.rows[i]).toMatchObject({
        pim: text(pim),
        devengado: text(dev),
        pia: text(in2024(r.year, r.pia)),
        unspent: text(pim - dev),
        executionRatePct: ratePct(dev, pim),
      });
    }
    // the total: the sum of the ten converted years (2015's soles weigh more than 2024's, one for one)
    const pim = file.reduce((s, r) => s + in2024(r.year, r.pim), 0n);
    const dev = file.reduce((s, r) => s + in2024(r.year, r.devengado), 0n);
    expect(res.body.totals).toMatchObject({ pim: text(pim), devengado: text(dev), unspent: text(pim - dev), executionRatePct: ratePct(dev, pim) });
    expect(res.body.totals.pim).not.toBe(nominal.body.totals.pim);
    // the rate of the total is recomputed from the converted amounts: the nominal one weighs the years differently
    expect(nominal.body.totals.executionRatePct).toBe(
      ratePct(
        file.reduce((s, r) => s + r.devengado, 0n),
        file.reduce((s, r) => s + r.pim, 0n),
      ),
    );
    expect(res.body.prices).toMatchObject({
      basis: 'constant',
      base: 2024,
      sums: 'each-year-converted',
      rounding: expect.stringContaining('before anything is added up'),
      leftNominal: [],
    });
    expect(res.body.prices.ratios).toMatch(/computed from the converted amounts/);
    expect(res.body.prices.years).toEqual(file.map((r) => ({ year: r.year, average: averageShown(r.year), factor: expect.stringMatching(/^\d+\.\d{6}$/) })));
    // and nominal, the same read is as before: the file's sums, no prices block
    expect(nominal.body).not.toHaveProperty('prices');
    expect(nominal.body.totals.pim).toBe(text(file.reduce((s, r) => s + r.pim, 0n) * 100n));
    expect((await request(t.http).get(`${url}&prices=nominal`).expect(200)).body).toEqual(nominal.body);
  });

  it('converts each municipality-year before grouping a range by municipality, and canon transfers by year', async () => {
    const res = await request(t.http)
      .get('/api/v1/execution?province=0808&fromYear=2019&toYear=2021&groupBy=municipality&prices=constant&base=2024')
      .expect(200);
    const file = readConsultaCsv(DEMO.csv2015).filter((r) => r.ubigeo.startsWith('0808') && r.year >= 2019 && r.year <= 2021);
    const ubigeos = [...new Set(file.map((r) => r.ubigeo))].sort();
    expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(ubigeos);
    const pimOf = (rows: typeof file) => rows.reduce((s, r) => s + in2024(r.year, r.pim), 0n);
    expect(res.body.rows.map((r: { pim: string }) => r.pim)).toEqual(ubigeos.map((u) => text(pimOf(file.filter((r) => r.ubigeo === u)))));
    expect(res.body.totals.pim).toBe(text(pimOf(file)));

    const transfers = await request(t.http)
      .get('/api/v1/canon/transfers?municipality=080801&fromYear=2019&toYear=2025&groupBy=year&prices=constant&base=2024')
      .expect(200);
    const canon = readFileSync(ESPINAR_CANON, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[0] === '080801' && Number(c[3]) <= 2025);
    const converted = canon.map((c) => in2024(Number(c[3]), BigInt(c[5])));
    expect(transfers.body.rows.map((r: { key: string; amount: string }) => [r.key, r.amount])).toEqual(canon.map((c, i) => [c[3], text(converted[i])]));
    expect(transfers.body.total).toBe(text(converted.reduce((s, c) => s + c, 0n)));
    expect(transfers.body.rows.map((r: { sharePct: number }) => r.sharePct)).toEqual(
      converted.map((c) =>
        ratePct(
          c,
          converted.reduce((s, x) => s + x, 0n),
        ),
      ),
    );
  });

  it('adds up a period of several years of the analyses year by year in constant soles: canon and ECLAC dimensions', async () => {
    await t.post('/api/v1/imports').attach('file', BY_FUNCTION).expect(201);
    // the función file read independently: one line per row, whole soles (a name may be quoted, with commas)
    const lines = readFileSync(BY_FUNCTION, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')))
      .map((c) => ({ ubigeo: c[0], year: Number(c[3]), devengado: BigInt(c[5]), pim: BigInt(c[6]) }))
      .filter((l) => l.ubigeo === '080801' && (l.year === 2024 || l.year === 2025));
    expect(new Set(lines.map((l) => l.year))).toEqual(new Set([2024, 2025]));
    const transfers = readFileSync(ESPINAR_CANON, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[0] === '080801' && (c[3] === '2024' || c[3] === '2025'))
      .map((c) => in2024(Number(c[3]), BigInt(c[5])));

    // dimensions of canon devengado: every line converted with its year's factor, then added up
    const dims = await request(t.http).get('/api/v1/analytics/dimensions?municipality=080801&periods=2024-2025&prices=constant&base=2024').expect(200);
    const devengado = lines.reduce((s, l) => s + in2024(l.year, l.devengado), 0n);
    expect(dims.body.periods[0].totalDevengado).toBe(text(devengado));
    expect(dims.body.periods[0].totalPim).toBe(text(lines.reduce((s, l) => s + in2024(l.year, l.pim), 0n)));
    const rows = dims.body.periods[0].rows as { devengado: string; devengadoSharePct: number }[];
    expect(rows.reduce((s, r) => s + BigInt(r.devengado.replace('.', '')), 0n)).toBe(devengado);
    // shares from the converted amounts
    for (const r of rows) expect(r.devengadoSharePct).toBe(ratePct(BigInt(r.devengado.replace('.', '')), devengado));
    expect(dims.body.prices).toMatchObject({ sums: 'each-year-converted' });
    expect(dims.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2024, 2025]);

    // unspent canon: each municipality-year's transfers and rubro-18 devengado converted, then added up
    const canon = await request(t.http).get('/api/v1/analytics/canon?municipality=080801&periods=2024-2025&prices=constant&base=2024').expect(200);
    const devOf = (year: number) => in2024(year, lines.filter((l) => l.year === year).reduce((s, l) => s + l.devengado, 0n) * 1n);
    const transferred = transfers.reduce((s, c) => s + c, 0n);
    const spent = devOf(2024) + devOf(2025);
    expect(canon.body.periods[0].totals).toMatchObject({ transferred: text(transferred), devengado: text(spent), utilizationPct: ratePct(spent, transferred) });
    expect(canon.body.periods[0].byYear.map((y: { devengado: string }) => y.devengado)).toEqual([text(devOf(2024)), text(devOf(2025))]);
    // nominal: the file's sums
    const nominal = await request(t.http).get('/api/v1/analytics/canon?municipality=080801&periods=2024-2025').expect(200);
    expect(nominal.body.periods[0].totals.devengado).toBe(text(lines.reduce((s, l) => s + l.devengado, 0n) * 100n));
    expect(nominal.body).not.toHaveProperty('prices');

    // a period reaching 2026, which the index lacks, is refused
    const y2026 = await request(t.http).get('/api/v1/analytics/dimensions?municipality=080801&periods=2025-2026&prices=constant&base=2024').expect(422);
    expect(y2026.body).toMatchObject({ code: 'PRICE_INDEX_MISSING', years: [2026] });
  });

  it('refuses a range with a year the index lacks (2026), naming it, and what still adds up years it cannot convert', async () => {
    const range = await request(t.http)
      .get('/api/v1/canon/transfers?municipality=080801&fromYear=2024&toYear=2026&groupBy=year&prices=constant&base=2024')
      .expect(422);
    expect(range.body).toMatchObject({ code: 'PRICE_INDEX_MISSING', years: [2026] });
    // the same range without data of 2026 converts: only years read need an index
    await request(t.http).get('/api/v1/execution?municipality=080801&fromYear=2024&toYear=2026&prices=constant&base=2024').expect(200);
    // the urban/rural analysis over a period reaching 2026 (Consulta Amigable has no 2026): converts; with base 2026, refused
    await request(t.http).get('/api/v1/analytics/urban-rural?municipality=080801&periods=2025-2026&prices=constant&base=2024').expect(200);
    const base2026 = await request(t.http).get('/api/v1/analytics/urban-rural?municipality=080801&periods=2015-2016&prices=constant&base=2026').expect(422);
    expect(base2026.body).toMatchObject({ code: 'PRICE_INDEX_MISSING', years: [2026] });
    // years of the rows themselves (execution history): each snapshot converted by its own year
    const history = await request(t.http).get('/api/v1/execution/history?municipality=080801&prices=constant&base=2024').expect(200);
    expect(history.body.snapshots).toHaveLength(11); // 2015 to 2025, one snapshot each
    for (const s of history.body.snapshots as { year: number; pim: string }[]) {
      const nominal = readConsultaCsv(DEMO.csv2015).find((r) => r.ubigeo === '080801' && r.year === s.year)!;
      expect(s.pim).toBe(inSolesOf(2024, s.year, `${nominal.pim}.00`));
    }
    for (const [query, code] of [
      ['prices=constant', 'INVALID_REQUEST'],
      ['base=2024', 'INVALID_REQUEST'],
      ['prices=real&base=2024', 'INVALID_REQUEST'],
    ]) {
      const res = await request(t.http).get(`/api/v1/execution?municipality=080801&year=2015&${query}`).expect(400);
      expect(res.body.code).toBe(code);
    }
  });

  it('leaves the nominal default unchanged', async () => {
    const plain = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015').expect(200);
    const nominal = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015&prices=nominal').expect(200);
    expect(nominal.body).toEqual(plain.body);
    expect(plain.body).not.toHaveProperty('prices');
    expect(plain.body.rows[0].pim).toBe(`${espinar2015.pim}.00`);
  });
});
