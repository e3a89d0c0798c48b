import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEMO, readConsultaCsv, solesText } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * GET /coverage (and .csv) and GET /analytics/methods: what the data page (/datos) shows. Espinar's eight
 * municipalities with the 2024-2025 Consulta Amigable export, their canon transfers, and budget lines for one
 * of them covering part of its totals; every expected figure worked out here from those files.
 */
const CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
const ENTITIES = 'data/demo/canon_transferido_rubro18_cusco_entidades_2019-2026.csv';
const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (kind: number, product: string, rubro: string, pim: bigint, dev: bigint) =>
  `M,300739,08,08,01,${kind},${product},"OBRA ${product}",20,F20,020,D,0020,G,5,RD,${rubro},R${rubro},2024,${pim},${pim},0,0,${dev},0`;
/** round(a ÷ b × 100, 1), half away from zero, for non-negative whole numbers */
const pct = (a: bigint, b: bigint) => Number((a * 2000n + b) / (2n * b)) / 10;

type Csv = Record<string, string>[];
const csv = (path: string): Csv => parse(readFileSync(path), { columns: true });
const espinar = csv('data/reference/municipalities.csv').filter((m) => m.province_code === '0808');
const totals = new Map(
  readConsultaCsv(DEMO.csv2024)
    .filter((r) => r.year === 2024)
    .map((r) => [r.ubigeo, r]),
);
const transfers = new Map(
  csv(CANON)
    .filter((r) => r.anio === '2024')
    .map((r) => [r.ubigeo, BigInt(r.rubro18_recaudado_total)]),
);
/** Population 2023, the nearest year to 2024 that population.csv has. */
const population2023 = new Map(
  csv('data/reference/population.csv')
    .filter((r) => r.year === '2023')
    .map((r) => [r.ubigeo, Number(r.total)]),
);

describe('the data page’s API: coverage by municipality-year and the methods', () => {
  let t: TestApp;
  const espinarTotals = totals.get('080801')!;
  // 080801's lines: three quarters of its PIM on rubro 18 (a project), half its devengado, in whole soles
  const lines = { pim: (espinarTotals.pim * 3n) / 4n, devengado: espinarTotals.devengado / 2n };
  let cutOffs: { totals: string; canon: string };

  beforeAll(async () => {
    t = await createTestApp();
    const a = await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201);
    const b = await t.post('/api/v1/imports').attach('file', CANON).expect(201);
    cutOffs = { totals: a.body.snapshotDate, canon: b.body.snapshotDate };
    const file = [HEADER, line(2, '2000001', '18', lines.pim - 1000n, lines.devengado - 400n), line(3, '3000001', '07', 1000n, 400n)].join('\n');
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', Buffer.from(file), 'gasto-2024.csv').expect(201);
  });
  afterAll(() => t.close());

  it('gives every municipality of Espinar in 2024 with its totals, lines, transfers and population, and each source’s cut-off', async () => {
    expect(cutOffs.totals).toBe('2025-05-18'); // the export's name says it
    const res = await request(t.http).get('/api/v1/coverage?province=0808&year=2024').expect(200);
    expect(res.body).toMatchObject({ total: espinar.length, limit: 100, offset: 0, thresholdPct: 95 });
    expect(res.body.items.map((r: { ubigeo: string }) => r.ubigeo)).toEqual(espinar.map((m) => m.ubigeo));
    for (const row of res.body.items) {
      const u = row.ubigeo as string;
      expect(row.population).toBe(population2023.get(u));
      expect(row.populationYear).toBe(2023);
      expect(row.consultaAmigable).toEqual({ pim: solesText(totals.get(u)!.pim), devengado: solesText(totals.get(u)!.devengado), cutOff: '2025-05-18' });
      expect(row.canonTransfers).toEqual({ transferred: solesText(transfers.get(u)!), cutOff: cutOffs.canon, source: 'transfers' });
      expect(row.functionLines).toBeNull();
      if (u !== '080801') expect(row.budgetLines).toBeNull();
    }
    expect(res.body.items[0].budgetLines).toEqual({
      lines: 2,
      pim: solesText(lines.pim),
      devengado: solesText(lines.devengado),
      pimCoveragePct: pct(lines.pim, espinarTotals.pim), // 75.0 but for the rounding down to whole soles
      devengadoCoveragePct: pct(lines.devengado, espinarTotals.devengado),
      rubro18Lines: 1,
      projectLines: 1,
      cutOff: '2025-01-31',
    });
    expect(res.body.items[0].budgetLines.pimCoveragePct).toBe(75);
    expect(res.body.sources).toEqual([
      { source: 'consulta_amigable', municipalityYears: 8, firstCutOff: '2025-05-18', lastCutOff: '2025-05-18' },
      { source: 'budget_lines', municipalityYears: 1, firstCutOff: '2025-01-31', lastCutOff: '2025-01-31' },
      { source: 'function_lines', municipalityYears: 0, firstCutOff: null, lastCutOff: null },
      { source: 'canon_transfers', municipalityYears: 8, firstCutOff: cutOffs.canon, lastCutOff: cutOffs.canon },
    ]);
  });

  it('pages through every year with data, newest first, and says nothing is held where nothing was imported', async () => {
    // the export has 2024 and 2025, the transfers 2019-2026: eight years of eight municipalities
    const all = await request(t.http).get('/api/v1/coverage?province=0808&limit=10&offset=60').expect(200);
    expect([all.body.total, all.body.items.length]).toEqual([64, 4]);
    // the last page: 2019, the last four municipalities, with transfers and nothing else
    expect(all.body.items.map((r: { year: number; ubigeo: string }) => `${r.year}/${r.ubigeo}`)).toEqual(espinar.slice(4).map((m) => `2019/${m.ubigeo}`));
    expect(all.body.items.every((r: { consultaAmigable: unknown; canonTransfers: unknown }) => r.consultaAmigable === null && r.canonTransfers !== null)).toBe(
      true,
    );
    const past = await request(t.http).get('/api/v1/coverage?province=0808&year=2024&offset=100').expect(200);
    expect([past.body.total, past.body.items]).toEqual([8, []]);
  });

  it('downloads the same rows as CSV', async () => {
    const res = await request(t.http).get('/api/v1/coverage.csv?province=0808&year=2024').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows: Csv = parse(res.text.replace(/^\uFEFF/, ''), { columns: true });
    expect(rows.map((r) => r.ubigeo)).toEqual(espinar.map((m) => m.ubigeo));
    expect(rows[0]).toMatchObject({
      year: '2024',
      consulta_amigable_pim: solesText(espinarTotals.pim),
      budget_lines_pim: solesText(lines.pim),
      pim_coverage_pct: '75',
      rubro18_lines: '1',
      canon_transferred: solesText(transfers.get('080801')!),
      canon_transfers_source: 'transfers',
    });
    expect(rows[1]).toMatchObject({ budget_lines: '', budget_lines_pim: '', pim_coverage_pct: '' });
  });

  it("reads canon received as the map and the peers do: a municipality's own transfers, else its row in the department's entities file", async () => {
    const entities = await t.post('/api/v1/imports').attach('file', ENTITIES).expect(201);
    // the province of Cusco (0801): none of its municipalities has transfers of its own, every one a row in the entities file
    const own = csv(ENTITIES).filter((r) => r.entity_type === 'MUNICIPALIDAD' && r.concept === 'total_rubro18' && r.year === '2024');
    const cusco = csv('data/reference/municipalities.csv').filter((m) => m.province_code === '0801');
    const res = await request(t.http).get('/api/v1/coverage?province=0801&year=2024').expect(200);
    expect(res.body.items.map((r: { ubigeo: string; canonTransfers: unknown }) => [r.ubigeo, r.canonTransfers])).toEqual(
      cusco.map((m) => [
        m.ubigeo,
        { transferred: solesText(BigInt(own.find((r) => r.ubigeo === m.ubigeo)!.amount_soles)), cutOff: entities.body.snapshotDate, source: 'entities' },
      ]),
    );
    // Espinar keeps its own transfers, though the entities file has rows for it too
    const espinar = await request(t.http).get('/api/v1/coverage?municipality=080801&year=2024').expect(200);
    expect(espinar.body.items[0].canonTransfers).toEqual({ transferred: solesText(transfers.get('080801')!), cutOff: cutOffs.canon, source: 'transfers' });
  });

  it('refuses a bad query with a problem', async () => {
    for (const query of ['year=20x4', 'limit=0', 'department=8', 'year=2024&fromYear=2020', 'sort=name']) {
      const res = await request(t.http).get(`/api/v1/coverage?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('INVALID_REQUEST');
    }
  });

  it('words the formulas as the audit report’s Methodology sheet does, in Spanish and in English', async () => {
    const es = (await request(t.http).get('/api/v1/analytics/methods').expect(200)).body;
    expect(es.thresholdPct).toBe(95);
    expect(es.items[0]).toEqual({
      key: 'executionRate',
      name: 'tasa de ejecución',
      method: 'devengado ÷ PIM × 100, un decimal, redondeado alejándose de cero',
    });
    expect(es.items.map((m: { key: string }) => m.key)).toEqual([
      'executionRate',
      'share',
      'eclac',
      'tenSoles',
      'canonUtilization',
      'canonExecution',
      'carryOver',
      'planningGap',
      'costGrowth',
      'projectArea',
      'skewIndex',
      'publicPrivate',
      'peers',
      'coverage',
    ]);
    // the project area's share parameter is filled in (LOCATION_SHARE, 0.9)
    expect(es.items.find((m: { key: string }) => m.key === 'projectArea').method).toContain('al menos 90 % de su gente');
    expect(es.items.find((m: { key: string }) => m.key === 'coverage').method).toContain('al menos 95 % del PIM');
    const en = (await request(t.http).get('/api/v1/analytics/methods').set('Accept-Language', 'en').expect(200)).body;
    expect(en.items.find((m: { key: string }) => m.key === 'skewIndex')).toEqual({
      key: 'skewIndex',
      name: 'skew index',
      method: 'urban share of devengado (projects with a known area) ÷ urban share of population',
    });
  });
});
