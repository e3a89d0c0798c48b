import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DEMO, type FileRow, readConsultaCsv, solesText } from './support/files.js';
import { populationOf } from './support/reference.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The two real Consulta Amigable exports, end to end: xlsx and csv, snapshots and revisions,
 * idempotent re-upload. Every expected figure is recomputed here from the CSV files themselves.
 */
describe('importing the real Consulta Amigable exports', () => {
  let t: TestApp;
  const feb = readConsultaCsv(DEMO.csv2015); // 2015-2025, cut 2025-02-13
  const may = readConsultaCsv(DEMO.csv2024); // 2024-2025, cut 2025-05-18
  const sum = (rows: FileRow[], f: 'pia' | 'pim' | 'devengado' | 'girado') => rows.reduce((a, r) => a + r[f], 0n);

  /** The February workbook, which every test reads: uploaded before them all. */
  let february: request.Response;
  /** The May CSV, a revision of 2024-2025: uploaded once, by whichever test needs it first. */
  let mayUpload: Promise<request.Response> | undefined;
  const mayImport = () =>
    (mayUpload ??= t
      .post('/api/v1/imports')
      .attach('file', DEMO.csv2024)
      .expect(201)
      .then((res) => res));

  beforeAll(async () => {
    t = await createTestApp();
    february = await t.post('/api/v1/imports').attach('file', DEMO.xlsx2015).expect(201);
  });
  afterAll(() => t.close());

  it('imports the 2015-2025 workbook completely (streaming xlsx reader)', async () => {
    const res = february;
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      format: 'consulta-amigable',
      fileType: 'xlsx',
      snapshotDate: '2025-02-13', // from the file name
      snapshotSource: 'file',
      rowsRead: feb.length,
      inserted: feb.length,
      revised: 0,
      unchanged: 0,
      years: [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025],
      errors: [],
      duplicate: false,
    });
    // hashed while it arrived: the SHA-256 of the bytes sent
    expect(res.body.sha256).toBe(createHash('sha256').update(readFileSync(DEMO.xlsx2015)).digest('hex'));
    // 160109 (Putumayo before its province was created) is in the 2015 data but not in INEI 2025.
    expect(res.body.warnings.join(' ')).toContain('160109');
  });

  it('matches the CSV export of the same data, municipality by municipality and year by year', async () => {
    const byKey = new Map(feb.map((r) => [`${r.ubigeo}/${r.year}`, r]));
    let compared = 0;
    for (let year = 2015; year <= 2025; year++) {
      const res = await request(t.http).get(`/api/v1/execution?year=${year}&groupBy=municipality&limit=2000`).expect(200);
      for (const row of res.body.rows) {
        const fileRow = byKey.get(`${row.key}/${year}`)!;
        expect([row.key, row.pia, row.pim, row.devengado, row.girado]).toEqual([
          fileRow.ubigeo,
          solesText(fileRow.pia),
          solesText(fileRow.pim),
          solesText(fileRow.devengado),
          solesText(fileRow.girado),
        ]);
        compared++;
      }
    }
    expect(compared).toBe(feb.length);
  });

  it("gives Espinar province's 2022 totals as in DOMAIN.md (PIM 450.6 M, devengado 336.0 M, 74.6 %)", async () => {
    const espinar2022 = feb.filter((r) => r.year === 2022 && r.ubigeo.startsWith('0808'));
    expect(espinar2022).toHaveLength(8);
    // sums of the eight rows of the file: 450,564,829 and 335,981,965 → 74.57 % → 74.6
    expect(sum(espinar2022, 'pim')).toBe(450564829n);
    expect(sum(espinar2022, 'devengado')).toBe(335981965n);
    const res = await request(t.http).get('/api/v1/execution?year=2022&department=08&province=0808&groupBy=province').expect(200);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({
      key: '0808',
      name: 'Espinar',
      pim: '450564829.00',
      devengado: '335981965.00',
      executionRatePct: 74.6,
      unspent: '114582864.00', // 450,564,829 − 335,981,965
      municipalities: 8,
    });
    expect(res.body.totals.pim).toBe('450564829.00');
    expect(res.body.meta).toMatchObject({ groupBy: 'province', years: [2022], snapshotDates: ['2025-02-13'] });
  });

  it("computes Avance % from devengado and PIM, half away from zero: the file's own for (almost) every row, not copied from it", async () => {
    const res = await request(t.http).get('/api/v1/execution?year=2023&limit=2000').expect(200);
    const avance = new Map(feb.filter((r) => r.year === 2023).map((r) => [r.ubigeo, Number(r.avance)]));
    expect(res.body.rows.length).toBe(avance.size);
    const diffs = res.body.rows.map((r: { key: string; executionRatePct: number }) => Math.round(Math.abs(r.executionRatePct - avance.get(r.key)!) * 10));
    // MEF rounds from exact amounts the export does not show: a few rows differ by one tenth, never more.
    expect(Math.max(...diffs)).toBeLessThanOrEqual(1);
    expect(diffs.filter((d: number) => d === 0).length / diffs.length).toBeGreaterThan(0.99);

    // One of those rows: San Juan de Iscos (120906) in 2015, devengado 554,658 / PIM 689,448 = 0.804490… → 80.4 %
    // (689,448 × 0.8045 = 554,660.9 is above it), where the file says 80.5. Copying the file's column would give 80.5.
    const iscos = feb.find((r) => r.year === 2015 && r.ubigeo === '120906')!;
    expect([iscos.devengado, iscos.pim, iscos.avance]).toEqual([554658n, 689448n, '80.5']);
    const one = await request(t.http).get('/api/v1/execution?year=2015&municipality=120906').expect(200);
    expect(one.body.rows).toEqual([expect.objectContaining({ key: '120906', pim: '689448.00', devengado: '554658.00', executionRatePct: 80.4 })]);

    // A tie, which no row of the real files is: devengado 1,245 / PIM 2,000 = 62.25 % exactly → 62.3 half away from zero
    // (half to even, truncation and the file's own column all give 62.2). In a database of its own, to leave this one's as it is.
    const own = await createTestApp();
    try {
      const header = readFileSync(DEMO.csv2015, 'utf8').split(/\r?\n/)[0];
      const tie = `2024,08: CUSCO,0808: ESPINAR,080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR,"1,000","2,000","1,245","1,245","1,245","1,245","1,245",62.2`;
      await own
        .post('/api/v1/imports')
        .field('snapshotDate', '2025-02-13')
        .attach('file', Buffer.from(`${header}\n${tie}\n`), 'tie.csv')
        .expect(201);
      const tied = await request(own.http).get('/api/v1/execution?year=2024&municipality=080801').expect(200);
      expect(tied.body.rows).toEqual([expect.objectContaining({ key: '080801', pim: '2000.00', devengado: '1245.00', executionRatePct: 62.3 })]);
    } finally {
      await own.close();
    }
  });

  it('computes per-capita figures from the population of the same year', async () => {
    // Espinar provincial municipality 2022: PIM 259,305,826 / 40,173 inhabitants (MINAM 2022) = 6,454.73
    const people = populationOf('080801', 2022); // from the population file, not the service's tables
    const res = await request(t.http).get('/api/v1/execution?year=2022&municipality=080801').expect(200);
    const pim = feb.find((r) => r.year === 2022 && r.ubigeo === '080801')!.pim;
    const expected = (pim * 100n + BigInt(people) / 2n) / BigInt(people); // céntimos, rounded half up
    expect(res.body.rows[0].population).toBe(people);
    expect(res.body.rows[0].pimPerCapita).toBe(`${expected / 100n}.${String(expected % 100n).padStart(2, '0')}`);
  });

  it('takes the later 2024-2025 export (csv) as a revision, keeping the earlier snapshot as history', async () => {
    const before = new Map(feb.filter((r) => r.year >= 2024).map((r) => [`${r.ubigeo}/${r.year}`, r]));
    // A row is unchanged only if all seven amounts agree; the independent reading here has four of them,
    // so count the rows where those four differ: they must all be among the revised.
    const differing = may.filter((r) => {
      const b = before.get(`${r.ubigeo}/${r.year}`)!;
      return b.pia !== r.pia || b.pim !== r.pim || b.devengado !== r.devengado || b.girado !== r.girado;
    }).length;

    const res = await mayImport();
    expect(res.body).toMatchObject({ fileType: 'csv', snapshotDate: '2025-05-18', rowsRead: may.length, inserted: 0 });
    expect(res.body.revised + res.body.unchanged).toBe(may.length);
    expect(res.body.revised).toBeGreaterThanOrEqual(differing);
    expect(differing).toBeGreaterThan(1000); // 2025 was three months younger in February

    // Queries now show the May figures: Espinar province 2024 (DOMAIN.md: 379.6 M, 326.6 M, 86.0 %)
    const espinar2024 = may.filter((r) => r.year === 2024 && r.ubigeo.startsWith('0808'));
    const q = await request(t.http).get('/api/v1/execution?year=2024&province=0808&groupBy=province').expect(200);
    expect(q.body.rows[0]).toMatchObject({
      pim: solesText(sum(espinar2024, 'pim')),
      devengado: solesText(sum(espinar2024, 'devengado')),
      executionRatePct: 86,
    });
    expect(q.body.meta.snapshotDates).toEqual(['2025-05-18']);

    // …while 2022 still comes from the February file, the only one that has it.
    const q2022 = await request(t.http).get('/api/v1/execution?year=2022&province=0808&groupBy=province').expect(200);
    expect(q2022.body.meta.snapshotDates).toEqual(['2025-02-13']);
  });

  it('shows how a municipality-year was revised from one snapshot to the next', async () => {
    await mayImport();
    const a = feb.find((r) => r.ubigeo === '080801' && r.year === 2024)!;
    const b = may.find((r) => r.ubigeo === '080801' && r.year === 2024)!;
    const res = await request(t.http).get('/api/v1/execution/history?municipality=080801&year=2024').expect(200);
    expect(res.body.snapshots.map((s: { snapshotDate: string; current: boolean }) => [s.snapshotDate, s.current])).toEqual([
      ['2025-02-13', false],
      ['2025-05-18', true],
    ]);
    expect(res.body.snapshots[0].devengado).toBe(solesText(a.devengado));
    expect(res.body.snapshots[1].devengado).toBe(solesText(b.devengado));
    expect(res.body.snapshots[0].changes).toEqual({});
    // devengado went from 176,455,219 to 176,440,055: −15,164
    expect(res.body.snapshots[1].changes.devengado).toBe(solesText(b.devengado - a.devengado));
  });

  it('answers a re-upload of the same file with the earlier import and changes nothing', async () => {
    const earlier = await mayImport();
    const [{ count: snapshotsBefore }] = await t.sql('SELECT count(*)::int AS count FROM execution_snapshot');
    const before = await request(t.http).get('/api/v1/imports').expect(200);
    const again = await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.id).toBe(earlier.body.id);
    const [{ count: snapshotsAfter }] = await t.sql('SELECT count(*)::int AS count FROM execution_snapshot');
    expect(snapshotsAfter).toBe(snapshotsBefore);
    const after = await request(t.http).get('/api/v1/imports').expect(200);
    expect(after.body.total).toBe(before.body.total); // no import recorded for it
    expect(after.body.items.map((i: { id: number }) => i.id)).toEqual(before.body.items.map((i: { id: number }) => i.id));
  });

  it('imports the same data as xlsx with a later cut-off as unchanged rows, under an explicit snapshot date', async () => {
    await mayImport();
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-05-20').attach('file', DEMO.xlsx2024).expect(201);
    expect(res.body).toMatchObject({ snapshotDate: '2025-05-20', snapshotSource: 'request', inserted: 0, revised: 0, unchanged: may.length });
    const one = await request(t.http).get(`/api/v1/imports/${res.body.id}`).expect(200);
    expect(one.body).toMatchObject({
      id: res.body.id,
      fileName: 'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.xlsx',
      sha256: res.body.sha256,
    });
  });

  it('learns MEF executing-unit codes from the imports', async () => {
    const res = await request(t.http).get('/api/v1/municipalities/080803').expect(200);
    expect(res.body).toMatchObject({ ubigeo: '080803', name: 'Coporaque', secEjec: 300742, mefName: 'MUNICIPALIDAD DISTRITAL DE COPORAQUE' });
  });

  it('ranks the municipalities of a department by execution rate', async () => {
    await mayImport();
    const cusco2024 = may.filter((r) => r.year === 2024 && r.ubigeo.startsWith('08') && r.pim > 0n);
    const res = await request(t.http).get('/api/v1/execution/ranking?year=2024&department=08&by=executionRatePct&limit=2000').expect(200);
    expect(res.body.total).toBe(cusco2024.length);
    const rates = res.body.rows.map((r: { executionRatePct: number }) => r.executionRatePct);
    expect(rates).toEqual([...rates].sort((x, y) => y - x));
    // the top one, recomputed from the file: highest devengado / PIM
    const best = cusco2024.reduce((a, r) => (r.devengado * a.pim > a.devengado * r.pim ? r : a));
    expect(res.body.rows[0].key).toBe(best.ubigeo);
    expect(res.body.rows[0].rank).toBe(1);
  });
});
