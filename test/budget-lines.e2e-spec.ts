import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEMO, readConsultaCsv, solesText } from './support/files.js';
import { populationOf } from './support/reference.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,EJECUTORA_NOMBRE,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,' +
  'PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,' +
  'FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MES_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,' +
  'MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const A =
  'M,300740,MUNICIPALIDAD PROVINCIAL DE ESPINAR,8,8,1,2,2250000,MEJORAMIENTO DE VIA URBANA,15,TRANSPORTE,033,TRANSPORTE TERRESTRE,0066,VIAS URBANAS,5,RECURSOS DETERMINADOS,18,CANON Y SOBRECANON';
const B =
  'M,300740,MUNICIPALIDAD PROVINCIAL DE ESPINAR,08,08,01,3,5001217,ATENCION PRIMARIA,20,SALUD,043,SALUD COLECTIVA,0095,CONTROL EPIDEMIOLOGICO,5,RECURSOS DETERMINADOS,07,FONCOMUN';
const C =
  'M,300742,MUNICIPALIDAD DISTRITAL DE COPORAQUE,08,08,03,2,2300000,CANAL DE RIEGO,15,TRANSPORTE,033,TRANSPORTE TERRESTRE,0066,VIAS URBANAS,5,RECURSOS DETERMINADOS,18,CANON Y SOBRECANON';
const NATIONAL = 'E,1685,DIRECCION DE REDES,15,01,42,3,3999999,SIN PRODUCTO,20,SALUD,006,GESTION,0011,RRHH,1,RECURSOS ORDINARIOS,00,RECURSOS ORDINARIOS';
const CUSCO =
  'M,300684,MUNICIPALIDAD PROVINCIAL DEL CUSCO,08,01,01,3,3999999,SIN PRODUCTO,03,PLANEAMIENTO,006,GESTION,0008,ASESORAMIENTO,5,RECURSOS DETERMINADOS,07,FONCOMUN';

const csv = (lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\n')}\n`);

/** The first file: PIM repeated on every month's row, a reversal, two rows at one grain, and rows to leave out. */
const FIRST = csv([
  `${A},2024,1,1000,1000,300,300,100,100`, // row 2
  `${A},2024,2,1000,1200,500,400,200,150`, // row 3: PIM modified in February
  `${A},2024,3,1000,1200,600,600,-50,0`, // row 4: a reversal of 50
  `${B},2024,3,400,300,300,300,100,100`, // row 5
  `${B},2024,3,100,200,200,200,50,50`, // row 6: same line, another especifica
  `${C},2024,3,0,800,0,0,0,0`, // row 7
  `${NATIONAL},2024,3,5,5,5,5,5,5`, // row 8: national government: left out
  `${CUSCO},2024,3,7,7,7,7,7,7`, // row 9: another province: left out by the filter
]);

describe('budget lines from MEF open data', () => {
  let t: TestApp;
  /** The answer to the upload of FIRST, which every test here reads from. */
  let first: request.Response;
  // from MINAM's file, not the service's tables: 2023, the year nearest to 2024 that it has
  const population = { '080801': populationOf('080801', 2024), '080803': populationOf('080803', 2024) };
  beforeAll(async () => {
    t = await createTestApp();
    first = await t.post('/api/v1/imports').field('province', '0808').field('snapshotDate', '2025-03-31').attach('file', FIRST, '2024-Gasto.csv').expect(201);
  });
  afterAll(() => t.close());

  const lines = (importId: number) => t.sql(`SELECT * FROM budget_line WHERE import_id = $1 ORDER BY product_code`, [importId]);

  it('imports the municipal rows of the province, folding months: stocks from the latest month, flows summed', async () => {
    const res = first;
    expect(res.body).toMatchObject({
      format: 'mef-gasto',
      rowsRead: 8,
      rowsSkipped: 2,
      scope: 'province=0808',
      inserted: 3,
      revised: 0,
      unchanged: 0,
      years: [2024],
    });
    const got = await lines(res.body.id);
    expect(got.map((l) => [l.product_code, l.pia, l.pim, l.certificacion, l.compromiso_anual, l.devengado, l.girado, l.through_month])).toEqual([
      // A: PIA/PIM/certificado/compromiso from March; devengado 100 + 200 − 50 = 250; girado 100 + 150 + 0 = 250
      ['2250000', '1000.00', '1200.00', '600.00', '600.00', '250.00', '250.00', 3],
      // C as written
      ['2300000', '0.00', '800.00', '0.00', '0.00', '0.00', '0.00', 3],
      // B: two rows of the same month added up: PIA 400 + 100, PIM 300 + 200, devengado 100 + 50
      ['5001217', '500.00', '500.00', '500.00', '500.00', '150.00', '150.00', 3],
    ]);
  });

  it('keeps the monthly grain: devengado of each month and PIM as it stood, with the cumulative rate', async () => {
    const res = await request(t.http).get('/api/v1/execution/monthly?year=2024&province=0808').expect(200);
    // devengado: January A 100; February A 200; March A −50 + B (100 + 50) + C 0 = 100; nothing after
    // PIM as of each month: January A 1,000; February A 1,200; March A 1,200 + B 500 + C 800 = 2,500, kept after
    // cumulative: 100 / 1,000 = 10 %; 300 / 1,200 = 25 %; 400 / 2,500 = 16 %
    expect(res.body.months.slice(0, 4).map((m: Record<string, unknown>) => [m.month, m.pim, m.devengado, m.cumulativeDevengado, m.cumulativeRatePct])).toEqual([
      [1, '1000.00', '100.00', '100.00', 10],
      [2, '1200.00', '200.00', '300.00', 25],
      [3, '2500.00', '100.00', '400.00', 16],
      [4, '2500.00', '0.00', '400.00', 16],
    ]);
    expect(res.body.months).toHaveLength(12);
    expect(res.body).toMatchObject({ year: 2024, annualPim: '2500.00', linesWithMonths: 3, linesWithoutMonths: 0 });
    await request(t.http).get('/api/v1/execution/monthly?province=0808').expect(400); // the year is required
  });

  it('groups budget lines by función, with population counted once per municipality-year', async () => {
    const res = await request(t.http).get('/api/v1/execution?year=2024&province=0808&groupBy=function').expect(200);
    expect(res.body.meta.level).toBe('detail');
    const both = population['080801'] + population['080803'];
    // función 15: PIM 1,200 + 800 = 2,000, devengado 250 → 12.5 %; función 20: 500 and 150 → 30.0 %
    expect(res.body.rows.map((r: Record<string, unknown>) => [r.key, r.name, r.pim, r.devengado, r.executionRatePct, r.municipalities, r.population])).toEqual([
      ['15', 'TRANSPORTE', '2000.00', '250.00', 12.5, 2, both],
      ['20', 'SALUD', '500.00', '150.00', 30, 1, population['080801']],
    ]);
    expect(res.body.rows[0].pimPerCapita).toBe((Math.round((2000 / both) * 100) / 100).toFixed(2));
    expect(res.body.rows[0].atencionCompromisoMensual).toBeNull();
    // totals: PIM 2,500, devengado 400 → 16.0 %, over both municipalities' population, once each
    expect(res.body.totals).toMatchObject({ pim: '2500.00', devengado: '400.00', executionRatePct: 16, population: both });
  });

  it('filters and groups by rubro and project', async () => {
    const canon = await request(t.http).get('/api/v1/execution?year=2024&province=0808&rubro=18&groupBy=project').expect(200);
    expect(canon.body.rows.map((r: Record<string, unknown>) => [r.key, r.pim, r.devengado])).toEqual([
      ['2250000', '1200.00', '250.00'],
      ['2300000', '800.00', '0.00'],
    ]);
    const byRubro = await request(t.http).get('/api/v1/execution?year=2024&province=0808&groupBy=rubro').expect(200);
    expect(byRubro.body.rows.map((r: Record<string, unknown>) => [r.key, r.pim])).toEqual([
      ['07', '500.00'],
      ['18', '2000.00'],
    ]);
  });

  it('never mixes the two levels: a budget-line grouping of municipality totals is refused', async () => {
    const res = await request(t.http).get('/api/v1/execution?year=2024&groupBy=function&level=municipality').expect(400);
    expect(res.body.code).toBe('DETAIL_LEVEL_REQUIRED');
  });

  it('compares Consulta Amigable totals with the sum of the lines where both exist', async () => {
    // the real export, only Espinar's provincial municipality and Coporaque: its rows for those two, read from the file
    const may = readConsultaCsv(DEMO.csv2024);
    const kept = may.filter((r) => r.ubigeo === '080801' || r.ubigeo === '080803');
    expect(kept.map((r) => `${r.ubigeo}/${r.year}`).sort()).toEqual(['080801/2024', '080801/2025', '080803/2024', '080803/2025']);
    const ca = await t.post('/api/v1/imports').field('municipality', '080801,080803').attach('file', DEMO.csv2024).expect(201);
    expect(ca.body).toMatchObject({ rowsRead: may.length, rowsSkipped: may.length - kept.length, inserted: kept.length });
    const res = await request(t.http).get('/api/v1/execution/control-totals?year=2024&province=0808').expect(200);
    expect(res.body).toMatchObject({ compared: 2, matching: 0 });
    const yauri = res.body.rows[0];
    // 2024 PIM of 080801 in the May export (209,191,830 when this was written); lines: 1,200 + 500 = 1,700
    const summaryPim = kept.find((r) => r.ubigeo === '080801' && r.year === 2024)!.pim;
    expect(yauri).toMatchObject({
      ubigeo: '080801',
      year: 2024,
      lineCount: 2,
      lines: { pim: '1700.00' },
      summary: { pim: solesText(summaryPim) },
      matches: false,
    });
    expect(yauri.difference.pim).toBe(solesText(1700n - summaryPim));
  });

  it('answers the same file with the same filters with the earlier import', async () => {
    const res = await t.post('/api/v1/imports').field('province', '0808').field('snapshotDate', '2026-10-31').attach('file', FIRST, 'copy.csv').expect(200);
    expect(res.body.duplicate).toBe(true);
    expect(res.body.scope).toBe('province=0808');
  });

  it("replaces a municipality-year's lines as a whole with a later snapshot", async () => {
    const second = csv([`${A},2024,3,1000,1300,600,600,250,250`, `${C},2024,3,0,800,0,0,0,0`]); // B dropped, A revised
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-06-30').attach('file', second, '2024-Gasto-junio.csv').expect(201);
    expect(res.body).toMatchObject({ inserted: 0, revised: 1, unchanged: 1 });
    const q = await request(t.http).get('/api/v1/execution?year=2024&province=0808&groupBy=function').expect(200);
    expect(q.body.rows.map((r: Record<string, unknown>) => [r.key, r.pim])).toEqual([['15', '2100.00']]);
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM budget_line WHERE import_id = $1', [first.body.id]);
    expect(count).toBe(3); // the earlier import's three lines stay as history
  });

  it('validates a file in a dry run and writes nothing', async () => {
    const [{ count: before }] = await t.sql('SELECT (SELECT count(*) FROM budget_line) + (SELECT count(*) FROM import) AS count');
    const third = csv([`${C},2024,3,0,900,0,0,0,0`]);
    const res = await t.post('/api/v1/imports').field('dryRun', 'true').field('snapshotDate', '2025-07-31').attach('file', third, 'c.csv').expect(200);
    expect(res.body).toMatchObject({ id: null, dryRun: true, duplicate: false, inserted: 0, revised: 1, unchanged: 0 });
    const [{ count: after }] = await t.sql('SELECT (SELECT count(*) FROM budget_line) + (SELECT count(*) FROM import) AS count');
    expect(after).toBe(before);
  });

  it('says a dry run of a file imported before is a duplicate, as the real upload would be, and names that import', async () => {
    const second = csv([`${A},2024,3,1000,1300,600,600,250,250`, `${C},2024,3,0,800,0,0,0,0`]); // the same bytes as the June snapshot above
    const [{ count: before }] = await t.sql('SELECT (SELECT count(*) FROM budget_line) + (SELECT count(*) FROM import) AS count');
    const [june] = await t.sql<{ id: number }>(`SELECT id FROM import WHERE file_name = '2024-Gasto-junio.csv'`);
    const res = await t.post('/api/v1/imports').field('dryRun', 'true').field('snapshotDate', '2025-06-30').attach('file', second, 'again.csv').expect(200);
    // it answered the June import's own counts as if they were the dry run's (duplicate: false, id: null)
    expect(res.body).toMatchObject({ id: june.id, duplicate: true, dryRun: true, fileName: '2024-Gasto-junio.csv' });
    const [{ count: after }] = await t.sql('SELECT (SELECT count(*) FROM budget_line) + (SELECT count(*) FROM import) AS count');
    expect(after).toBe(before);
  });

  it('refuses a line of an unknown municipality, with its row', async () => {
    const bad = csv([`${C},2024,3,0,1,0,0,0,0`, `${C.replace(',08,08,03,', ',08,08,99,')},2024,3,0,1,0,0,0,0`]);
    const res = await t.post('/api/v1/imports').set('Accept-Language', 'en').field('snapshotDate', '2026-10-31').attach('file', bad, 'bad.csv').expect(422); // messages are Spanish by default
    expect(res.body.errors).toEqual([
      { row: 3, column: 'DISTRITO_EJECUTORA', code: 'UNKNOWN_MUNICIPALITY', message: 'no municipality has ubigeo 080899', value: '080899' },
    ]);
  });

  it('imports the real comparativo sample: municipal rows only, one line per year with any amount', async () => {
    const file = readFileSync('test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv');
    const rows: Record<string, string>[] = parse(file, { columns: true });
    const amounts = ['PIA', 'PIM', 'CERTIFICADO', 'COMPROMETIDO_ANUAL', 'DEVENGADO', 'GIRADO'];
    const municipal = rows.filter((r) => r.NIVEL_GOBIERNO === 'M');
    const expected = municipal.flatMap((r) => [2022, 2023, 2024, 2025].filter((y) => amounts.some((a) => Number(r[`${a}_${y}`]) !== 0)));
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2026-04-04').attach('file', file, 'comparativo.csv').expect(201);
    expect(res.body).toMatchObject({ format: 'mef-gasto', rowsRead: rows.length, rowsSkipped: rows.length - municipal.length });
    const [{ count, pim }] = await t.sql(`SELECT count(*)::int AS count, sum(pim)::text AS pim FROM budget_line WHERE import_id = $1`, [res.body.id]);
    expect(count).toBe(expected.length);
    const pimSum = municipal.reduce((s, r) => s + [2022, 2023, 2024, 2025].reduce((t2, y) => t2 + Number(r[`PIM_${y}`]), 0), 0);
    expect(pim).toBe(`${pimSum}.00`); // whole soles in this sample
  });

  it('says which municipality-years of an older cut-off, sent after a newer one, are kept as history only', async () => {
    // 080801's 2024 has lines of 2025-06-30 (the June snapshot above); these of 2025-01-31 are history there
    const older = csv([`${A},2024,3,900,1000,0,0,0,0`]);
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', older, 'enero.csv').set('Accept-Language', 'en').expect(201);
    expect(res.body.warnings).toEqual([
      'The lines of 1 municipality-year(s) are kept as history only: they already have lines of a later cut-off (up to 2025-06-30), which stay current.',
    ]);
    const q = await request(t.http).get('/api/v1/execution?year=2024&municipality=080801&groupBy=function').expect(200);
    expect(q.body.rows.map((r: Record<string, unknown>) => [r.key, r.pim])).toEqual([['15', '1300.00']]); // the June figure, still current
  });
});

describe.each([
  // every import its own partition: the table COPYed into is indexed and attached
  ['in a partition of their own', 1],
  // the default for files this small: the lines move to the shared partition
  ['in the shared partition', 100_000],
])('budget lines %s: grains repeated in a file are added up, whichever way the fold goes', (_where, ownPartitionLines) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ownPartitionLines });
  });
  afterAll(() => t.close());

  const lineOf = (importId: number, code: string) =>
    t.sql(`SELECT pia, pim, devengado, girado, through_month, devengado_by_month, pim_by_month FROM budget_line WHERE import_id = $1 AND product_code = $2`, [
      importId,
      code,
    ]);
  /** Where the import's lines went: their own attached partition, without the helper columns, or the shared one. */
  const partitionOf = async (importId: number) => {
    const [p] = await t.sql(
      `SELECT c.relispartition AS attached, (SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute WHERE attrelid = c.oid AND attname IN ('grain_hash', 'repeated', 'area', 'source_row') AND NOT attisdropped) AS helpers
       FROM pg_class c WHERE c.relname = $1`,
      [`budget_line_${importId}`],
    );
    const [{ parts }] = await t.sql(`SELECT array_agg(DISTINCT tableoid::regclass::text) AS parts FROM budget_line WHERE import_id = $1`, [importId]);
    return ownPartitionLines === 1 ? { ...p, parts } : { own: p ?? null, parts };
  };
  const expectedPartition = (importId: number) =>
    ownPartitionLines === 1 ? { attached: true, helpers: null, parts: [`budget_line_${importId}`] } : { own: null, parts: ['budget_line_shared'] };
  const slots = (at: Record<number, string>) => Array.from({ length: 12 }, (_, i) => at[i + 1] ?? null);
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  /** A in every month: PIM rises by 100 a month from 1,100; devengado 10 × month; girado 5 a month. C once, in May. Uploaded once, by whichever test needs it first. */
  let twelveMonths: Promise<request.Response> | undefined;
  const twelveMonthFile = () =>
    (twelveMonths ??= t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-01-31')
      .attach(
        'file',
        csv([...months.map((m) => `${A},2024,${m},1000,${1000 + 100 * m},0,0,${10 * m},5`), `${C},2024,5,0,800,0,0,40,0`]),
        '2024-Gasto-Devengado-Mensual.csv',
      )
      .expect(201)
      .then((res) => res));

  it('folds the whole file when most rows repeat a grain: twelve months of one line', async () => {
    const res = await twelveMonthFile();
    expect(res.body).toMatchObject({ rowsRead: 13, inserted: 2 });
    // PIM of December: 1000 + 1200 = 2200; devengado 10 × (1 + … + 12) = 780; girado 12 × 5 = 60
    expect(await lineOf(res.body.id, '2250000')).toEqual([
      {
        pia: '1000.00',
        pim: '2200.00',
        devengado: '780.00',
        girado: '60.00',
        through_month: 12,
        devengado_by_month: months.map((m) => `${10 * m}.00`),
        pim_by_month: months.map((m) => `${1000 + 100 * m}.00`),
      },
    ]);
    // a line of one month's row keeps its month and no arrays: its month's figures are its own
    expect(await lineOf(res.body.id, '2300000')).toEqual([
      { pia: '0.00', pim: '800.00', devengado: '40.00', girado: '0.00', through_month: 5, devengado_by_month: null, pim_by_month: null },
    ]);
    expect(await partitionOf(res.body.id)).toEqual(expectedPartition(res.body.id));
    // read back month by month: May has A's 50 and C's 40, and the PIM of both as it stood (1,500 + 800)
    const monthly = await request(t.http).get('/api/v1/execution/monthly?year=2024&province=0808').expect(200);
    expect([monthly.body.months[4].devengado, monthly.body.months[4].pim, monthly.body.months[3].pim]).toEqual(['90.00', '2300.00', '1400.00']);
  });

  it('folds only the repeated grains when they are few, and leaves every other line as written', async () => {
    await twelveMonthFile(); // the earlier snapshot of A
    // twenty projects of Coporaque in March, once each; Espinar's A in January and in July
    const projects = Array.from({ length: 20 }, (_, i) => 2_300_100 + i);
    const file = csv([
      `${A},2024,1,1000,1100,0,0,70,70`,
      ...projects.map((code, i) => `${C.replace('2300000', String(code))},2024,3,${i},${100 + i},0,0,${i}.5,0`),
      `${A},2024,7,1000,1500,0,0,-20,0`,
    ]);
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-02-28').attach('file', file, '2024-Gasto.csv').expect(201);
    // A was in the twelve-month file before (an earlier snapshot of the same municipality-year): revised
    expect(res.body).toMatchObject({ rowsRead: 22, inserted: 20, revised: 1, unchanged: 0 });
    // A: PIM of July 1,500; devengado 70 − 20 = 50; girado 70; January and July kept apart
    expect(await lineOf(res.body.id, '2250000')).toEqual([
      {
        pia: '1000.00',
        pim: '1500.00',
        devengado: '50.00',
        girado: '70.00',
        through_month: 7,
        devengado_by_month: slots({ 1: '70.00', 7: '-20.00' }),
        pim_by_month: slots({ 1: '1100.00', 7: '1500.00' }),
      },
    ]);
    for (const [i, code] of projects.entries()) {
      expect(await lineOf(res.body.id, String(code))).toEqual([
        { pia: `${i}.00`, pim: `${100 + i}.00`, devengado: `${i}.50`, girado: '0.00', through_month: 3, devengado_by_month: null, pim_by_month: null },
      ]);
    }
    const [{ lines }] = await t.sql(`SELECT count(*)::int AS lines FROM budget_line WHERE import_id = $1`, [res.body.id]);
    expect(lines).toBe(21);
    expect(await partitionOf(res.body.id)).toEqual(expectedPartition(res.body.id));
  });

  it('reads every row of a file read in many chunks, with title rows above the header', async () => {
    // 3,000 projects (about 500 KB, the reader takes 64 KB at a time); PIM of project i is i soles
    const rows = Array.from({ length: 3000 }, (_, i) => `${C.replace('2300000', String(2_400_001 + i))},2023,12,0,${i + 1},0,0,0,0`);
    const file = Buffer.concat([Buffer.from('Consulta de ejecución del gasto\nFecha de corte: 31/12/2023\n'), csv(rows)]);
    const res = await t.post('/api/v1/imports').field('background', 'false').attach('file', file, 'gasto-2023.csv').expect(201);
    expect(res.body).toMatchObject({ rowsRead: 3000, inserted: 3000, snapshotDate: '2023-12-31' });
    // 1 + 2 + … + 3,000 = 3,000 × 3,001 / 2
    const [{ lines, pim, last }] = await t.sql(
      `SELECT count(*)::int AS lines, sum(pim)::text AS pim, max(product_code) AS last FROM budget_line WHERE import_id = $1`,
      [res.body.id],
    );
    expect({ lines, pim, last }).toEqual({ lines: 3000, pim: '4501500.00', last: '2403000' });
  });

  it('reports and skips bad rows far into a large file by their line, and takes the unusual good ones', async () => {
    // 2,500 projects of Coporaque, PIM i + 1 for the i-th; the first 64 KB chunk ends near row 260, so
    // the rows below are read by the MEF lane, which leaves the unusual ones to the general path
    const rows = Array.from({ length: 2500 }, (_, i) => `${C.replace('2300000', String(2_500_000 + i))},2023,12,0,${i + 1},0,0,0,0`);
    rows[1200] = rows[1200].replace('CANAL DE RIEGO', '"CANAL\nDE RIEGO"'); // two lines: the rows after it are one line further down
    rows[1800] = rows[1800].replace(',2023,12,0,1801,', ',2023,12,0,"S/ 1.234,50",'); // a portal's amount: good, read by the general path
    rows[2000] = rows[2000].replace(',08,08,03,', ',99,99,99,'); // no such municipality
    rows[2200] = rows[2200].replace(',2023,12,', ',2023,13,'); // no such month
    const file = csv(rows);
    // row i is on line i + 2 (the header is line 1), from row 1201 on on line i + 3
    const refused = await t
      .post('/api/v1/imports')
      .field('background', 'false')
      .field('snapshotDate', '2026-10-31')
      .attach('file', file, 'gasto-2023-errores.csv')
      .expect(422);
    expect(refused.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [2003, 'UNKNOWN_MUNICIPALITY'],
      [2203, 'INVALID_MONTH'],
    ]);
    const res = await t
      .post('/api/v1/imports')
      .field('background', 'false')
      .field('onError', 'skip')
      .field('snapshotDate', '2026-10-31')
      .attach('file', file, 'gasto-2023-errores.csv')
      .expect(201);
    expect(res.body).toMatchObject({ rowsRead: 2500, rowsRejected: 2, inserted: 2498 });
    // PIM: 1 + … + 2,500 = 3,126,250, less rows 1800, 2000 and 2200 as numbered (1,801 + 2,001 + 2,201), plus 1,234.50
    const [{ lines, pim }] = await t.sql(`SELECT count(*)::int AS lines, sum(pim)::text AS pim FROM budget_line WHERE import_id = $1`, [res.body.id]);
    expect({ lines, pim }).toEqual({ lines: 2498, pim: '3121481.50' });
    // and the same from the file itself, read by csv-parse: every municipal row of 080803 in month 12 or earlier
    const parsed: string[][] = parse(file, { from_line: 2 });
    const fromFile = parsed
      .filter((r) => r[5] === '03' && Number(r[20]) <= 12)
      .reduce((sum, r) => sum + Math.round(Number(r[22].replace('S/ ', '').replace('.', '').replace(',', '.')) * 100), 0);
    expect(pim).toBe((fromFile / 100).toFixed(2));
    const [{ product_name }] = await t.sql(`SELECT product_name FROM budget_line WHERE import_id = $1 AND product_code = '2501200'`, [res.body.id]);
    expect(product_name).toBe('CANAL\nDE RIEGO');
  });

  it('leaves no table behind from a dry run or a rejected file', async () => {
    const partitions = async () => (await t.sql(`SELECT count(*)::int AS n FROM pg_class WHERE relname ~ '^budget_line_[0-9]+'`))[0].n;
    const before = await partitions();
    await t
      .post('/api/v1/imports')
      .field('dryRun', 'true')
      .field('snapshotDate', '2026-10-31')
      .attach('file', csv([`${A},2024,1,1,1,0,0,0,0`]), 'dry.csv')
      .expect(200);
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', csv([`${A},2024,1,1,1,0,0,0,0`, `${A},2024,13,1,1,0,0,0,0`]), 'bad.csv')
      .expect(422);
    expect(await partitions()).toBe(before);
  });
});

describe("budget lines from MEF's monthly-columns layout", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('adds the months up for the year and keeps each month', async () => {
    const months = ['ENERO', 'FEBRERO', 'MARZO', 'ABRIL', 'MAYO', 'JUNIO', 'JULIO', 'AGOSTO', 'SETIEMBRE', 'OCTUBRE', 'NOVIEMBRE', 'DICIEMBRE'];
    const header = HEADER.replace(
      ',MES_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO',
      `,MONTO_PIA,MONTO_PIM,${months.map((m) => `MONTO_DEVENGADO_${m}`).join(',')}`,
    );
    const file = `${header}\n${C},2024,500,900,0,0,100,0,200,0,0,0,0,0,0,50\n`;
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', Buffer.from(file), 'gasto-mensual-2024.csv').expect(201);
    expect(res.body).toMatchObject({ format: 'mef-gasto', inserted: 1 });
    const [line] = await t.sql(`SELECT devengado, devengado_by_month, pim_by_month FROM budget_line`);
    // 100 + 200 + 50 = 350
    expect(line).toEqual({
      devengado: '350.00',
      devengado_by_month: ['0.00', '0.00', '100.00', '0.00', '200.00', '0.00', '0.00', '0.00', '0.00', '0.00', '0.00', '50.00'],
      pim_by_month: null,
    });
    const monthly = await request(t.http).get('/api/v1/execution/monthly?year=2024&municipality=080803').expect(200);
    // no PIM per month in this layout: rates over the annual PIM of 900: 100 → 11.1 %, 300 → 33.3 %, 350 → 38.9 %
    expect([2, 4, 11].map((i) => [monthly.body.months[i].pim, monthly.body.months[i].cumulativeDevengado, monthly.body.months[i].cumulativeRatePct])).toEqual([
      [null, '100.00', 11.1],
      [null, '300.00', 33.3],
      [null, '350.00', 38.9],
    ]);
  });

  it('keeps the stocks of a source line whose months stop early: each source line (META) at its own latest month', async () => {
    // Coporaque 2023, one budget line of two metas: meta 00001 January-April (PIM 1,000, modified to 1,200 in February),
    // meta 00002 January-February only (PIA 200, PIM 250), as a monthly file lists a source line only in months it has rows
    const file = [
      `${HEADER},META`,
      `${C},2023,1,1000,1000,0,0,100,0,00001`,
      `${C},2023,2,1000,1200,0,0,100,0,00001`,
      `${C},2023,3,1000,1200,0,0,100,0,00001`,
      `${C},2023,4,1000,1200,0,0,100,0,00001`,
      `${C},2023,1,200,250,0,0,50,0,00002`,
      `${C},2023,2,200,250,0,0,50,0,00002`,
    ].join('\n');
    await t.post('/api/v1/imports').field('snapshotDate', '2023-05-05').attach('file', Buffer.from(file), '2023-Gasto.csv').expect(201);
    const detail = await request(t.http).get('/api/v1/execution?year=2023&municipality=080803&level=detail').expect(200);
    // PIA 1,000 + 200; PIM 1,200 (meta 1 in April) + 250 (meta 2 in February, its last); devengado 4 × 100 + 2 × 50
    expect(detail.body.totals).toMatchObject({ pia: '1200.00', pim: '1450.00', devengado: '500.00' });
    const monthly = await request(t.http).get('/api/v1/execution/monthly?year=2023&municipality=080803').expect(200);
    // PIM as it stood: January 1,000 + 250; February on 1,200 + 250 (meta 2 keeps its figure after its last row)
    // devengado 150, 150, 100, 100; cumulative at April 500 / 1,450 = 34.48 → 34.5 %
    expect(monthly.body.months.slice(0, 5).map((m: Record<string, unknown>) => [m.month, m.pim, m.devengado, m.cumulativeRatePct])).toEqual([
      [1, '1250.00', '150.00', 12],
      [2, '1450.00', '150.00', 20.7],
      [3, '1450.00', '100.00', 27.6],
      [4, '1450.00', '100.00', 34.5],
      [5, '1450.00', '0.00', 34.5],
    ]);
  });
});
