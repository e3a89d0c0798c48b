import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DEMO, readConsultaCsv } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const CPI = 'data/demo/bcrp_ipc_lima_PN38705PM_2003-2026_snap2026-09-23.json';
const ESPINAR_CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';

/**
 * The index read independently of the service: each year's months summed as integers at 20 decimal places
 * (the file writes at most 16), so that a year's average is sum ÷ months exactly.
 */
const SCALE = 20;
const document = JSON.parse(readFileSync(CPI, 'utf8')) as { config: { series: { name: string }[] }; periods: { name: string; values: string[] }[] };
const byYear = new Map<number, { months: number; sum: bigint }>();
for (const p of document.periods) {
  const year = Number(p.name.slice(4));
  const [whole, fraction = ''] = p.values[0].split('.');
  const y = byYear.get(year) ?? { months: 0, sum: 0n };
  byYear.set(year, { months: y.months + 1, sum: y.sum + BigInt(whole + fraction.padEnd(SCALE, '0')) });
}
/** round(a ÷ b) half away from zero, for a ≥ 0, b > 0. */
const halfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);
/** soles "142970708.00" of `year` in soles of `base`: céntimos × average(base) ÷ average(year), rounded to the céntimo. */
function inSolesOf(base: number, year: number, amount: string): string {
  const b = byYear.get(base)!;
  const y = byYear.get(year)!;
  const cents = halfUp(BigInt(amount.replace('.', '')) * b.sum * BigInt(y.months), y.sum * BigInt(b.months));
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}
/** The average shown with 6 places: sum ÷ 12 at scale 20 → 6 places, half up. */
function averageShown(year: number): string {
  const y = byYear.get(year)!;
  const micro = halfUp(y.sum, BigInt(y.months) * 10n ** BigInt(SCALE - 6));
  return `${micro / 1_000_000n}.${String(micro % 1_000_000n).padStart(6, '0')}`;
}

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
  const counts = async () => (await t.sql<{ imports: number; months: number }>(`SELECT (SELECT count(*)::int FROM import) AS imports, (SELECT count(*)::int FROM price_index_month) AS months`))[0];

  it('refuses a constant-soles read before the index is imported, never guessing', async () => {
    const res = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015&prices=constant&base=2024').expect(422);
    expect(res.body).toMatchObject({ code: 'PRICE_INDEX_MISSING' });
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses malformed JSON, and JSON of no known shape, writing nothing', async () => {
    const before = await counts();
    const cut = await t.post('/api/v1/imports').attach('file', await fileOf('cut.json', readFileSync(CPI, 'utf8').slice(0, 500))).expect(422);
    expect(cut.body.code).toBe('MALFORMED_JSON');
    expect(cut.headers['content-type']).toMatch(/problem\+json/);
    const other = await t.post('/api/v1/imports').attach('file', await fileOf('other.json', JSON.stringify({ series: [1, 2, 3] }))).expect(422);
    expect(other.body.code).toBe('UNRECOGNIZED_JSON');
    // the right shape with one value that is no index: the whole file is refused, the row and series named
    const bad = structuredClone(document);
    bad.periods[1].values[0] = '57,86';
    const rejected = await t.post('/api/v1/imports').field('snapshotDate', '2026-09-23').attach('file', await fileOf('bad-value.json', JSON.stringify(bad))).expect(422);
    expect(rejected.body.code).toBe('IMPORT_REJECTED');
    expect(rejected.body.errors).toEqual([expect.objectContaining({ row: 2, column: document.config.series[0].name, code: 'INVALID_INDEX', value: '57,86' })]);
    expect(await counts()).toEqual(before);
  });

  it("imports BCRPData's JSON as it comes: one value per month, exactly as written", async () => {
    const res = await t.post('/api/v1/imports').attach('file', CPI).expect(201);
    expect(res.body).toMatchObject({ format: 'bcrp-series', fileType: 'json', rowsRead: 284, inserted: 284, snapshotDate: '2026-09-23' });
    expect(res.body.years).toEqual([...byYear.keys()]);
    const stored = await t.sql<{ month: string; value: string }>(`SELECT to_char(month, 'YYYY-MM') AS month, value::text FROM price_index_month ORDER BY month`);
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
      rounding: expect.stringContaining('half away from zero'),
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
    expect(nominal.body.periods.map((p: { publicDevengado: string }) => p.publicDevengado)).toEqual([`${espinar2015.devengado}.00`, `${espinar2024.devengado}.00`]);
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
    const base = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015&prices=constant&base=2026').set('Accept-Language', 'en').expect(422);
    expect(base.body).toMatchObject({ code: 'PRICE_INDEX_MISSING', years: [2026] });
    expect(base.body.message).toMatch(/^There is no price index for 2026/);
    const before = await request(t.http).get('/api/v1/execution?municipality=080801&year=2015&prices=constant&base=2002').expect(422);
    expect(before.body.years).toEqual([2002]);
    // a complete year of the same transfers converts
    const y2025 = await request(t.http).get('/api/v1/canon/transfers?municipality=080801&year=2025&prices=constant&base=2024').expect(200);
    expect(y2025.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2024, 2025]);
  });

  it('refuses figures that add up several years, and a constant read without its base', async () => {
    const several = await request(t.http).get('/api/v1/execution?municipality=080801&fromYear=2015&toYear=2016&prices=constant&base=2024').expect(400);
    expect(several.body.code).toBe('PRICES_NEED_ONE_YEAR');
    const period = await request(t.http).get('/api/v1/analytics/public-private?municipality=080801&periods=2015-2016&prices=constant&base=2024').expect(400);
    expect(period.body.code).toBe('PRICES_NEED_ONE_YEAR');
    // grouped by year, the rows are of one year each but the total adds them up: refused too
    const byYearRes = await request(t.http).get('/api/v1/canon/transfers?municipality=080801&fromYear=2024&toYear=2025&groupBy=year&prices=constant&base=2024').expect(400);
    expect(byYearRes.body.code).toBe('PRICES_NEED_ONE_YEAR');
    // years of the rows themselves (execution history): each snapshot converted by its own year
    const history = await request(t.http).get('/api/v1/execution/history?municipality=080801&prices=constant&base=2024').expect(200);
    expect(history.body.snapshots).toHaveLength(11); // 2015 to 2025, one snapshot each
    for (const s of history.body.snapshots as { year: number; pim: string }[]) {
      const nominal = readConsultaCsv(DEMO.csv2015).find((r) => r.ubigeo === '080801' && r.year === s.year)!;
      expect(s.pim).toBe(inSolesOf(2024, s.year, `${nominal.pim}.00`));
    }
    for (const [query, code] of [['prices=constant', 'INVALID_REQUEST'], ['base=2024', 'INVALID_REQUEST'], ['prices=real&base=2024', 'INVALID_REQUEST']]) {
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
