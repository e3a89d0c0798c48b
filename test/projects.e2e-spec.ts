import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

const CSV = 'test/fixtures/invierte_banco_inversiones_consulta_sample50rows_amazonas.csv';
const XLSX = 'test/fixtures/invierte_banco_inversiones_consulta_sample50rows_amazonas.xlsx';

describe('investment projects (Invierte.pe registry and budget lines)', () => {
  let t: TestApp;
  const rows: Record<string, string>[] = parse(readFileSync(CSV), { columns: true });
  const first = rows[0]; // CUI 2480997.0, Monto viable 6.1049142994E8, Costo actualizado 6.562544369E8, Ubigeo 10401.0
  // the registry lists a project once per district it spans: 50 rows, fewer projects
  const cuis = new Set(rows.map((r) => r['Código único de inversión']));

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('imports the real registry export as CSV, reading spreadsheet artefacts exactly', async () => {
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-01-15').attach('file', CSV).expect(201);
    expect(res.body).toMatchObject({ format: 'invierte', rowsRead: rows.length, inserted: cuis.size, revised: 0 });
    const p = await request(t.http).get('/api/v1/projects/2480997').expect(200);
    // "6.1049142994E8" → 610,491,429.94; "6.562544369E8" → 656,254,436.90; "10401.0" → 010401 (Nieva); serial 43873 → 2020-02-12
    expect(first['Código único de inversión']).toBe('2480997.0');
    const districts = rows.filter((r) => r['Código único de inversión'] === '2480997.0').map((r) => r.Ubigeo.replace('.0', '').padStart(6, '0'));
    expect(p.body.locations).toEqual([...new Set(districts)].sort());
    expect(p.body).toMatchObject({
      cui: '2480997',
      viableAmount: '610491429.94',
      updatedCost: '656254436.90',
      locationUbigeo: '010401',
      locationName: 'Nieva',
      status: first['Estado de la inversión'],
      viableOn: '2020-02-12',
      area: 'unknown',
      areaSource: null,
    });
  });

  it('reads the same export as xlsx to the same figures: a later snapshot with nothing changed', async () => {
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-06-30').attach('file', XLSX).expect(201);
    expect(res.body).toMatchObject({ format: 'invierte', inserted: 0, revised: 0, unchanged: cuis.size });
  });

  it('keeps the cost of every snapshot, so cost growth can be read', async () => {
    const text = readFileSync(CSV, 'utf8').replace('6.562544369E8', '7.1E8');
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-09-30').attach('file', Buffer.from(text), 'registro-setiembre.csv').expect(201);
    expect(res.body).toMatchObject({ inserted: 0, revised: 1, unchanged: cuis.size - 1 });
    const p = await request(t.http).get('/api/v1/projects/2480997').expect(200);
    expect(p.body.costHistory.map((c: { snapshotDate: string; updatedCost: string }) => [c.snapshotDate, c.updatedCost])).toEqual([
      ['2025-01-15', '656254436.90'],
      ['2025-06-30', '656254436.90'],
      ['2025-09-30', '710000000.00'],
    ]);
    expect(p.body.updatedCost).toBe('710000000.00');
  });

  it('lists a cost once when another file of the same date says the same (the export saved again, other bytes)', async () => {
    const again = readFileSync(CSV, 'utf8').replace(/\r?\n/g, '\r\n'); // the January export, with Windows line ends
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-01-15').attach('file', Buffer.from(again), 'registro-enero-copia.csv').expect(201);
    expect(res.body).toMatchObject({ inserted: 0, revised: 0, unchanged: cuis.size });
    const p = await request(t.http).get('/api/v1/projects/2480997').expect(200);
    // it added a second, identical 2025-01-15 entry to every project's history
    expect(p.body.costHistory.map((c: { snapshotDate: string; updatedCost: string }) => [c.snapshotDate, c.updatedCost])).toEqual([
      ['2025-01-15', '656254436.90'],
      ['2025-06-30', '656254436.90'],
      ['2025-09-30', '710000000.00'],
    ]);
  });

  it('takes the January export again after a wrong one of its date, and lists the three costs of that date in their order', async () => {
    const wrong = readFileSync(CSV, 'utf8').replace('6.562544369E8', '6.6E8');
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-15').attach('file', Buffer.from(wrong), 'registro-enero-errado.csv').expect(201);
    // the very first bytes again: imported (not answered with the first import), since the wrong file replaced its figures
    const again = await t.post('/api/v1/imports').field('snapshotDate', '2025-01-15').attach('file', CSV).expect(201);
    expect(again.body).toMatchObject({ duplicate: false, revised: 1 });
    const p = await request(t.http).get('/api/v1/projects/2480997').expect(200);
    const january = p.body.costHistory.filter((c: { snapshotDate: string }) => c.snapshotDate === '2025-01-15');
    expect(january.map((c: { updatedCost: string }) => c.updatedCost)).toEqual(['656254436.90', '660000000.00', '656254436.90']);
    expect(january.at(-1).importId).toBe(again.body.id);
  });

  it("shows a project's budget lines by year and snapshot, and lists the municipality's projects", async () => {
    const header =
      'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
    const line = (year: number, pim: number, dev: number) =>
      `M,300030,01,04,01,2,2480997,CARRETERA NIEVA,15,TRANSPORTE,033,TERRESTRE,0066,VIAS,5,RD,18,CANON,${year},0,${pim},0,0,${dev},0`;
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from([header, line(2023, 800, 200), line(2024, 1000, 500)].join('\n')), 'gasto.csv')
      .expect(201);
    const p = await request(t.http).get('/api/v1/projects/2480997').expect(200);
    expect(p.body.budget.map((b: { year: number; pim: string; devengado: string; current: boolean }) => [b.year, b.pim, b.devengado, b.current])).toEqual([
      [2023, '800.00', '200.00', true],
      [2024, '1000.00', '500.00', true],
    ]);
    // current budget over both years: PIM 1,800, devengado 700 → 38.9 %
    expect(p.body).toMatchObject({ pim: '1800.00', devengado: '700.00', executionRatePct: 38.9, budgetedBy: ['010401'] });

    const list = await request(t.http).get('/api/v1/projects?municipality=010401&year=2024').expect(200);
    expect(list.body.items.map((i: { cui: string; pim: string; executionRatePct: number }) => [i.cui, i.pim, i.executionRatePct])).toEqual([
      ['2480997', '1000.00', 50],
    ]);
    const registry = await request(t.http).get('/api/v1/projects?municipality=010401').expect(200);
    const inNieva = rows.filter((r) => r.Ubigeo === '10401.0').map((r) => r['Código único de inversión'].replace('.0', ''));
    expect(registry.body.items.map((i: { cui: string }) => i.cui).sort()).toEqual([...new Set(inNieva)].sort());
    const search = await request(t.http).get('/api/v1/projects?q=carretera%20nieva').expect(200);
    expect(search.body.items.map((i: { cui: string }) => i.cui)).toContain('2480997');
    // a search with no match, or a page past the end of one, is an empty page: with the years of the lines, and the
    // matches counted (both answered 500: the years were read with the search words' parameters too)
    const none = await request(t.http).get('/api/v1/projects?q=zzzz').expect(200);
    expect(none.body).toMatchObject({ items: [], total: 0, years: [2023, 2024] });
    const past = await request(t.http).get('/api/v1/projects?q=carretera%20nieva&year=2024&offset=5').expect(200);
    expect(past.body).toMatchObject({ items: [], total: 1, years: [2024] });
    const pastAll = await request(t.http).get('/api/v1/projects?municipality=010401&offset=100000').expect(200);
    expect(pastAll.body).toMatchObject({ items: [], total: registry.body.total });
  });

  it('answers 404 for an unknown CUI', async () => {
    const res = await request(t.http).get('/api/v1/projects/9999999').expect(404);
    expect(res.body.code).toBe('PROJECT_NOT_FOUND');
  });
});
