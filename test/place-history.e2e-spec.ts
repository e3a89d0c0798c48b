import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DEMO, type FileRow, readConsultaCsv, solesText } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * How a province's or department's figures were revised between cut-offs (GET /execution/history with
 * province= or department=): at each cut-off date, the sum of each municipality's latest snapshot of the
 * year on or before it. Expected figures are summed here from the bundled CSV files, and from a third
 * cut-off written by the test for one municipality only.
 */
describe("a province's and a department's figures at each cut-off", () => {
  let t: TestApp;
  const feb = readConsultaCsv(DEMO.csv2015); // 2015-2025, cut 2025-02-13
  const may = readConsultaCsv(DEMO.csv2024); // 2024-2025, cut 2025-05-18
  const of = (rows: FileRow[], prefix: string, year: number) => rows.filter((r) => r.year === year && r.ubigeo.startsWith(prefix));
  const sum = (rows: FileRow[], f: 'pia' | 'pim' | 'devengado') => rows.reduce((a, r) => a + r[f], 0n);

  // A third cut-off, 2025-08-01, for Espinar (080801) alone: its May line of 2025 with PIM and devengado raised
  // (the stages before devengado stay above it: 2025 was young in May).
  const [header, ...lines] = readFileSync(DEMO.csv2024, 'utf8').split(/\r?\n/);
  const espinarMay2025 = may.find((r) => r.ubigeo === '080801' && r.year === 2025)!;
  const august = { pim: espinarMay2025.pim + 1_000_000n, devengado: espinarMay2025.devengado + 2_500_000n };
  const thousands = (n: bigint) => `"${n.toLocaleString('en-US')}"`;
  const augustLine = (() => {
    const line = lines[espinarMay2025.line - 2]; // FileRow.line counts the header as line 1
    const cells = line.match(/("[^"]*"|[^,]+)/g)!;
    cells[5] = thousands(august.pim);
    cells[9] = thousands(august.devengado);
    cells[11] = ((Number(august.devengado) * 100) / Number(august.pim)).toFixed(1); // Avance %, which the import checks
    return cells.join(',');
  })();

  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
    await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201);
    await t
      .post('/api/v1/imports')
      .attach('file', Buffer.from(`${header}\n${augustLine}\n`), 'consulta_amigable_espinar_2025_snap2025-08-01.csv')
      .expect(201);
  });
  afterAll(() => t.close());

  it("sums a province's municipalities as each stood at every cut-off, the one revised alone counted with the others' latest", async () => {
    const res = await request(t.http).get('/api/v1/execution/history?province=0808&year=2025').expect(200);
    const febRows = of(feb, '0808', 2025);
    const mayRows = of(may, '0808', 2025);
    expect([febRows.length, mayRows.length]).toEqual([8, 8]);
    // on 2025-08-01 only 080801 has a new snapshot: the other seven still stand as in May
    const augustPim = sum(mayRows, 'pim') - espinarMay2025.pim + august.pim;
    const augustDevengado = sum(mayRows, 'devengado') - espinarMay2025.devengado + august.devengado;
    expect(res.body).toMatchObject({ level: 'province', code: '0808', name: 'Espinar', municipalities: 8 });
    expect(res.body.municipality).toBeUndefined();
    type Snapshot = { snapshotDate: string; pim: string; devengado: string; municipalities: number; current: boolean; changes: Record<string, string> };
    expect(res.body.snapshots.map((s: Snapshot) => [s.snapshotDate, s.pim, s.devengado, s.municipalities, s.current])).toEqual([
      ['2025-02-13', solesText(sum(febRows, 'pim')), solesText(sum(febRows, 'devengado')), 8, false],
      ['2025-05-18', solesText(sum(mayRows, 'pim')), solesText(sum(mayRows, 'devengado')), 8, false],
      ['2025-08-01', solesText(augustPim), solesText(augustDevengado), 8, true],
    ]);
    // what changed at the last cut-off is Espinar's own revision, to the sol
    expect(res.body.snapshots[2].changes).toEqual({ pim: '1000000.00', devengado: '2500000.00' });
    expect(res.body.snapshots[0].changes).toEqual({});
  });

  it("gives a department's years, each of its cut-offs once, oldest first", async () => {
    const res = await request(t.http).get('/api/v1/execution/history?department=08').expect(200);
    expect(res.body).toMatchObject({ level: 'department', code: '08', name: 'Cusco' });
    const cusco2024Feb = of(feb, '08', 2024);
    const cusco2024May = of(may, '08', 2024);
    const y2024 = res.body.snapshots.filter((s: { year: number }) => s.year === 2024);
    expect(
      y2024.map((s: { snapshotDate: string; pia: string; pim: string; municipalities: number }) => [s.snapshotDate, s.pia, s.pim, s.municipalities]),
    ).toEqual([
      ['2025-02-13', solesText(sum(cusco2024Feb, 'pia')), solesText(sum(cusco2024Feb, 'pim')), cusco2024Feb.length],
      ['2025-05-18', solesText(sum(cusco2024May, 'pia')), solesText(sum(cusco2024May, 'pim')), cusco2024May.length],
    ]);
    // 2015-2023 have one cut-off each (February's file), 2024 two, 2025 three (the test's August one)
    const cuts = new Map<number, number>();
    for (const s of res.body.snapshots as { year: number }[]) cuts.set(s.year, (cuts.get(s.year) ?? 0) + 1);
    expect([...cuts]).toEqual([
      [2015, 1],
      [2016, 1],
      [2017, 1],
      [2018, 1],
      [2019, 1],
      [2020, 1],
      [2021, 1],
      [2022, 1],
      [2023, 1],
      [2024, 2],
      [2025, 3],
    ]);
  });

  it("keeps a municipality's own snapshots, now saying its level", async () => {
    const res = await request(t.http).get('/api/v1/execution/history?municipality=080801&year=2025').expect(200);
    expect(res.body).toMatchObject({ level: 'municipality', code: '080801', municipality: '080801', municipalities: 1 });
    expect(res.body.snapshots.map((s: { snapshotDate: string; pim: string }) => [s.snapshotDate, s.pim])).toEqual([
      ['2025-02-13', solesText(feb.find((r) => r.ubigeo === '080801' && r.year === 2025)!.pim)],
      ['2025-05-18', solesText(espinarMay2025.pim)],
      ['2025-08-01', solesText(august.pim)],
    ]);
  });

  it('asks for exactly one place, and a place that exists', async () => {
    const two = await request(t.http).get('/api/v1/execution/history?province=0808&department=08').expect(400);
    expect(two.body).toMatchObject({ code: 'INVALID_REQUEST', message: 'Indique un solo lugar: municipality, province o department.' });
    await request(t.http).get('/api/v1/execution/history').expect(400);
    const nowhere = await request(t.http).get('/api/v1/execution/history?province=0899').expect(404);
    expect(nowhere.body.code).toBe('PLACE_NOT_FOUND');
  });
});
