import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (ubigeo: string, product: string, fn: string, division: string, group: string, pim: number, dev: number) =>
  `M,300740,${ubigeo.slice(0, 2)},${ubigeo.slice(2, 4)},${ubigeo.slice(4)},2,${product},OBRA ${product},${fn},F${fn},${division},D${division},${group},G${group},5,RD,18,CANON,2024,0,${pim},0,0,${dev},0`;

describe('ECLAC dimensions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const file = [
      HEADER,
      line('080801', '2000001', '20', '043', '0095', 600, 300), // salud: equal rights
      line('080803', '2000002', '15', '033', '0066', 300, 150), // transporte: income and productivity
      line('080801', '2000003', '10', '010', '0005', 40, 0), // agropecuaria: structural change
      line('080801', '2000004', '25', '052', '0118', 40, 40), // deuda: unclassified by rule
      line('080801', '2000005', '99', '999', '9999', 20, 20), // a función no rule covers
    ].join('\n');
    await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', Buffer.from(file), 'gasto.csv').expect(201);
  });
  afterAll(() => t.close());

  it("divides the PIM among the dimensions with the default rules, and says it in the study's words", async () => {
    // the two municipalities that have budget lines: their inputs are complete (no Consulta Amigable totals to measure them against)
    const res = await request(t.http).get('/api/v1/analytics/dimensions?year=2024&municipality=080801,080803').set('Accept-Language', 'en').expect(200);
    expect(res.body.periods[0].coverage).toMatchObject({ complete: true, municipalityYears: 2, budgetLines: { municipalityYears: 2 }, missing: [] });
    // total PIM 1,000: equal rights 600 (60.0 %), income 300 (30.0 %), structural 40 (4.0 %), unclassified 40 + 20 = 60 (6.0 %)
    expect(res.body.periods[0].rows.map((r: Record<string, unknown>) => [r.dimension, r.pim, r.devengado, r.sharePct, r.executionRatePct])).toEqual([
      ['structural_change', '40.00', '0.00', 4, 0],
      ['income_productivity', '300.00', '150.00', 30, 50],
      ['equal_rights', '600.00', '300.00', 60, 50],
      ['unclassified', '60.00', '60.00', 6, 100],
    ]);
    // of every 10 soles: 6, 3, 0.6 → 1, 0.4 → less than one
    expect(res.body.periods[0].sentence).toBe(
      'Of every 10 soles of PIM, 6 to equal rights, 3 to income and productivity, 1 to unclassified and less than one to structural change.',
    );
    expect(res.body.periods[0]).toMatchObject({ totalPim: '1000.00', withoutRulePim: '20.00', municipalitiesWithData: 2 });
    expect(res.body.inputs).toMatchObject({
      classificationVersion: 1,
      years: [2024],
      snapshot: null,
      periods: [{ label: '2024', fromYear: 2024, toYear: 2024 }],
    });
    expect(res.body.inputs.municipalities).toEqual(['080801', '080803']);
    expect(res.body.inputs.leftOut).toEqual(['S/ 60 of PIM is unclassified, S/ 20 of it with no rule at all.']);
  });

  it('states no split for Espinar as a whole, where six of its eight municipalities have no budget lines, and says which file is missing', async () => {
    const res = await request(t.http).get('/api/v1/analytics/dimensions?year=2024&province=0808').set('Accept-Language', 'en').expect(200);
    const [period] = res.body.periods;
    // the figures of what was imported stay, marked partial
    expect(period).toMatchObject({ totalPim: '1000.00', coverage: { complete: false, municipalityYears: 8, budgetLines: { municipalityYears: 2 } } });
    const missing =
      "No budget lines were imported for 080802, 080804, 080805, 080806, 080807, 080808 in 2024: import MEF's gasto file for that year (2024-Gasto.csv, open data) or the planner's template.";
    expect(period.coverage.missing).toEqual([missing]);
    expect(period.sentence).toBe(`How the PIM divides among the ECLAC dimensions is not stated: its inputs are incomplete. ${missing}`);
  });

  it('applies a new version of the rules, where the most specific rule wins, and keeps the old one', async () => {
    const current = await request(t.http).get('/api/v1/classification/rules').expect(200);
    // version 1 is the study's default by función (DOMAIN.md), one rule for each of the 25 funciones, 01 to 25
    const study: Record<string, string> = {
      structural_change: '08 09 10 11 13 14',
      income_productivity: '03 12 15 16 17 19',
      equal_rights: '05 07 18 20 21 22 23 24',
      unclassified: '01 02 04 06 25',
    };
    const byFunction = Object.entries(study)
      .flatMap(([dimension, codes]) => codes.split(' ').map((code) => ({ level: 'function', code, dimension })))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(byFunction.map((r) => r.code)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(current.body.version).toBe(1);
    expect(current.body.rules).toEqual(byFunction);
    const rules = [...current.body.rules, { level: 'division', code: '033', dimension: 'structural_change' }];
    const put = await t.put('/api/v1/classification/rules').send({ note: 'terrestrial transport as structural change', rules }).expect(200);
    expect(put.body).toMatchObject({ version: 2, note: 'terrestrial transport as structural change' });

    const res = await request(t.http).get('/api/v1/analytics/dimensions?year=2024&province=0808&byFunction=true').set('Accept-Language', 'en').expect(200);
    // función 15's only line is in división 033: structural change now holds 40 + 300 = 340
    expect(res.body.inputs.classificationVersion).toBe(2);
    expect(res.body.periods[0].rows[0]).toMatchObject({ dimension: 'structural_change', pim: '340.00', sharePct: 34 });
    expect(res.body.periods[0].rows[0].functions.map((f: { function: string; pim: string }) => [f.function, f.pim])).toEqual([
      ['10', '40.00'],
      ['15', '300.00'],
    ]);
    expect(res.body.periods[0].rows[1]).toMatchObject({ dimension: 'income_productivity', pim: '0.00', sharePct: 0 });
    const old = await request(t.http).get('/api/v1/analytics/dimensions?year=2024&province=0808&version=1').set('Accept-Language', 'en').expect(200);
    expect(old.body.periods[0].rows[0].pim).toBe('40.00');
  });

  it('refuses bad rules and unknown versions', async () => {
    const bad = await t
      .put('/api/v1/classification/rules')
      .send({ note: 'x', rules: [{ level: 'function', code: '200', dimension: 'equal_rights' }] })
      .expect(400);
    expect(bad.body.code).toBe('INVALID_RULE');
    await t
      .put('/api/v1/classification/rules')
      .send({ note: 'x', rules: [{ level: 'function', code: '20', dimension: 'happiness' }] })
      .expect(400);
    const missing = await request(t.http).get('/api/v1/analytics/dimensions?version=99').set('Accept-Language', 'en').expect(404);
    expect(missing.body.code).toBe('CLASSIFICATION_VERSION_NOT_FOUND');
  });

  it('answers a selection with no budget lines with unknown amounts, not zeros, and says what is missing', async () => {
    const res = await request(t.http).get('/api/v1/analytics/dimensions?year=2019&province=0808').set('Accept-Language', 'en').expect(200);
    const [period] = res.body.periods;
    expect(period).toMatchObject({ totalPim: null, municipalitiesWithData: 0, coverage: { complete: false, budgetLines: { municipalityYears: 0 } } });
    expect(period.rows.map((r: Record<string, unknown>) => [r.dimension, r.pim, r.devengado, r.sharePct])).toEqual([
      ['structural_change', null, null, null],
      ['income_productivity', null, null, null],
      ['equal_rights', null, null, null],
      ['unclassified', null, null, null],
    ]);
    expect(period.sentence).toBe(
      "How the PIM divides among the ECLAC dimensions is not stated: its inputs are incomplete. No budget lines were imported for any of the 8 municipalities of the selection in 2019: import MEF's gasto file for that year (2019-Gasto.csv, open data) or the planner's template.",
    );
  });
});
