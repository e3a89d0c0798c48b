import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEMO, readConsultaCsv } from './support/files.js';
import { getWorkbook } from './support/workbook.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { sayAmount } from './support/say-amount.js';

/**
 * No finding from missing data: four municipality-years of Espinar in 2022, each with Consulta Amigable
 * totals and canon transfers (the bundled real files), and budget lines that are complete (080801),
 * complete but without rubro 18 (080802), 1.5 % of the PIM (080803), or absent (080804).
 */
const CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (district: string, product: string, fn: string, rubro: string, pim: bigint, dev: bigint) =>
  `M,${300739 + Number(district)},08,08,${district},2,${product},"OBRA ${product}",${fn},F${fn},0${fn},D,00${fn},G,5,RD,${rubro},R${rubro},2022,${pim},${pim},0,0,${dev},0`;

/** round(a / b × 100, 1), half away from zero, for non-negative whole numbers */
const pct = (a: bigint, b: bigint) => Number((a * 2000n + b) / (2n * b)) / 10;

describe('coverage: findings only from complete inputs', () => {
  let t: TestApp;
  const totals = new Map(
    readConsultaCsv(DEMO.csv2015)
      .filter((r) => r.year === 2022)
      .map((r) => [r.ubigeo, r]),
  );
  const transfers: Record<string, string>[] = parse(readFileSync(CANON), { columns: true });
  const transferred = (ubigeo: string) => BigInt(transfers.find((r) => r.anio === '2022' && r.ubigeo === ubigeo)!.rubro18_recaudado_total);
  const [t1, t2, t3] = ['080801', '080802', '080803'].map((u) => totals.get(u)!);
  // 080803's lines: 1.5 % of its PIM and devengado, in whole soles
  const partial = { pim: (t3.pim * 15n) / 1000n, devengado: (t3.devengado * 15n) / 1000n };

  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
    await t.post('/api/v1/imports').attach('file', CANON).expect(201);
    const file = [
      HEADER,
      // 080801: health on rubro 18 and transport on FONCOMUN, adding up to its totals exactly
      line('01', '2000001', '20', '18', t1.pim - 1_000_000n, t1.devengado - 400_000n),
      line('01', '2000002', '15', '07', 1_000_000n, 400_000n),
      // 080802: all of it, on FONCOMUN only
      line('02', '2000003', '22', '07', t2.pim, t2.devengado),
      line('03', '2000004', '18', '18', partial.pim, partial.devengado),
    ].join('\n');
    await t.post('/api/v1/imports').field('snapshotDate', '2023-01-31').attach('file', Buffer.from(file), 'gasto-2022.csv').expect(201);
  });
  afterAll(() => t.close());

  it('answers a selection with nothing imported with null totals and what would supply them, not 0.00', async () => {
    // budget lines exist for Espinar's 2022 only: its 2024 has none (the Consulta Amigable totals do)
    const lines = await request(t.http).get('/api/v1/execution?year=2024&province=0808&groupBy=function').expect(200);
    expect(lines.body).toMatchObject({ rows: [], totals: null });
    expect(lines.body.meta.missing).toBe(
      'No se importaron líneas de presupuesto para esta selección (2024): importe el archivo de gasto del MEF de ese año (2024-Gasto.csv, datos abiertos) o la plantilla del planificador. Los totales quedan vacíos (null), no en 0.',
    );
    // the same in English
    const english = await request(t.http).get('/api/v1/execution?year=2024&province=0808&groupBy=function').set('Accept-Language', 'en').expect(200);
    expect(english.body.totals).toBeNull();
    expect(english.body.meta.missing).toMatch(/^No budget lines were imported for this selection \(2024\): import MEF's gasto file for that year/);
    // no Consulta Amigable totals for 2026 (the export runs to 2025)
    const totals = await request(t.http).get('/api/v1/execution?year=2026&department=15').expect(200);
    expect(totals.body.totals).toBeNull();
    expect(totals.body.meta.missing).toMatch(/^No se importaron totales de Consulta Amigable para esta selección \(2026\)/);
    // with figures: no note
    const held = await request(t.http).get('/api/v1/execution?year=2022&province=0808&groupBy=function').expect(200);
    expect(held.body.meta.missing).toBeNull();
    expect(held.body.totals.pim).not.toBe('0.00');
  });

  it("says which years' figures were cut before the year ended, and in which input", async () => {
    const csv = await request(t.http).get('/api/v1/reports/audit.csv?province=0808&periods=2024,2025,2026&table=summary').expect(200);
    const partial = (parse(csv.text, { columns: true, bom: true }) as { period: string; finding: string }[]).filter((r) =>
      r.finding.startsWith('Cifras parciales'),
    );
    // the Consulta Amigable export's cut-off is 2025-02-13 (its name): 2024 had ended, 2025 had not; the canon file's
    // 2026 rows run to setiembre (its corte column), and it has no 2025 row cut short
    expect(partial).toEqual([
      {
        period: '2025',
        finding:
          'Cifras parciales de 2025: el año no había terminado en los totales municipales (corte 2025-02-13); los hallazgos de ese año valen a esa fecha, no para el año entero.',
      },
      {
        period: '2026',
        finding:
          'Cifras parciales de 2026: el año no había terminado en las transferencias de canon (hasta setiembre); los hallazgos de ese año valen a esa fecha, no para el año entero.',
      },
    ]);
    expect(transfers.filter((r) => r.anio === '2026').every((r) => r.corte === 'setiembre')).toBe(true);
    // every percentage with one decimal, as MEF's Avance % (a whole share read "86 %")
    const all = (parse(csv.text, { columns: true, bom: true }) as { finding: string }[]).map((r) => r.finding).join('\n');
    expect(all).toMatch(/\d\.\d %/);
    expect(all).not.toMatch(/(^|[^\d.])\d+ %/);
    expect(transfers.filter((r) => r.anio === '2025').every((r) => r.corte === 'diciembre')).toBe(true);
  });

  it('gives no private contributions, not 0.00, where none were imported, and the public devengado of the totals', async () => {
    const res = await request(t.http).get('/api/v1/analytics/public-private?province=0808&periods=2022,2026').expect(200);
    const [y2022, y2026] = res.body.periods;
    // 2022: the eight Espinar municipalities' devengado in the Consulta Amigable export; no contributions file imported
    const espinar = [...totals.values()].filter((r) => r.ubigeo.startsWith('0808'));
    expect(espinar).toHaveLength(8);
    expect(y2022).toMatchObject({ publicDevengado: `${espinar.reduce((s, r) => s + r.devengado, 0n)}.00`, privateAmount: null, ratio: null });
    // 2026: neither
    expect(y2026).toMatchObject({ publicDevengado: null, privateAmount: null, ratio: null });
  });

  it('leaves the project counts and amounts of a period without budget lines empty in the tables, not 0', async () => {
    for (const table of ['planning_gap', 'urban_rural']) {
      const csv = await request(t.http).get(`/api/v1/reports/audit.csv?province=0808&periods=2022,2024&table=${table}`).expect(200);
      const rows = parse(csv.text, { columns: true, bom: true }) as Record<string, string>[];
      const amount = table === 'planning_gap' ? 'amount' : 'pim';
      // 2024: no budget lines were imported for Espinar (only 2022's)
      const none = rows.filter((r) => r.period === '2024');
      expect(none.length).toBeGreaterThan(0);
      for (const r of none) expect([table, r.projects, r[amount]]).toEqual([table, '', '']);
      // 2022: the lines' projects, counted
      const held = rows.filter((r) => r.period === '2022');
      expect(held.some((r) => /^[1-9]\d*$/.test(r.projects))).toBe(true);
    }
  });

  it('states the ECLAC split where the lines add up to the totals', async () => {
    const res = await request(t.http).get('/api/v1/analytics/dimensions?year=2022&municipality=080801,080802').set('Accept-Language', 'en').expect(200);
    const [period] = res.body.periods;
    expect(period.coverage).toMatchObject({
      complete: true,
      municipalityYears: 2,
      budgetLines: { municipalityYears: 2, pimCoveragePct: 100, devengadoCoveragePct: 100 },
      missing: [],
    });
    expect(period.sentence).toMatch(/^Of every 10 soles of PIM, /);
  });

  it('marks 1.5 % of the PIM as partial and says which file would complete it', async () => {
    const res = await request(t.http).get('/api/v1/analytics/dimensions?year=2022&municipality=080803').set('Accept-Language', 'en').expect(200);
    const [period] = res.body.periods;
    const [pimPct, devPct] = [pct(partial.pim, t3.pim), pct(partial.devengado, t3.devengado)];
    const missing = `The budget lines add up to ${pimPct} % of the PIM and ${devPct} % of the devengado that Consulta Amigable reports for the same municipality-years (findings need 95 %): import MEF's complete gasto file for 2022.`;
    expect(period.coverage).toMatchObject({
      complete: false,
      budgetLines: { municipalityYears: 1, pimCoveragePct: pimPct, devengadoCoveragePct: devPct },
      missing: [missing],
    });
    // the figures of what was imported stay, marked partial; the finding is not stated
    expect(period.totalPim).toBe(`${partial.pim}.00`);
    expect(period.sentence).toBe(`How the PIM divides among the ECLAC dimensions is not stated: its inputs are incomplete. ${missing}`);
  });

  it('leaves unspent canon unstated where rubro 18 was not imported, and null rather than zero', async () => {
    const res = await request(t.http).get('/api/v1/analytics/canon?year=2022&municipality=080802').set('Accept-Language', 'en').expect(200);
    const [period] = res.body.periods;
    expect(period.coverage).toMatchObject({
      complete: false,
      budgetLines: { municipalityYears: 1, pimCoveragePct: 100 },
      rubro18Lines: { municipalityYears: 0 },
      canonTransfers: { municipalityYears: 1 },
      missing: ["No budget lines for rubro 18 (canon) were imported for 080802 in 2022: import MEF's gasto file for that year."],
    });
    expect(period.rows[0]).toMatchObject({
      transferred: `${transferred('080802')}.00`,
      pim: null,
      devengado: null,
      unspentOfTransferred: null,
      utilizationPct: null,
    });
  });

  it("does not state a year's unspent canon or the planning verdict from lines that are 1.5 % of the PIM, and states them from complete ones", async () => {
    const [pimPct, devPct] = [pct(partial.pim, t3.pim), pct(partial.devengado, t3.devengado)];
    const missing = `The budget lines add up to ${pimPct} % of the PIM and ${devPct} % of the devengado that Consulta Amigable reports for the same municipality-years (findings need 95 %): import MEF's complete gasto file for 2022.`;
    const canon = await request(t.http).get('/api/v1/analytics/canon?year=2022&municipality=080803').set('Accept-Language', 'en').expect(200);
    const [period] = canon.body.periods;
    expect(period.coverage).toMatchObject({ complete: false, missing: [missing] });
    // the figures of what was imported stay (its rubro-18 lines are the 1.5 %), marked partial by the coverage
    expect(period.byYear[0]).toMatchObject({ year: 2022, transferred: `${transferred('080803')}.00`, devengado: `${partial.devengado}.00` });
    expect(period.byYear[0].sentence).toBe(`The canon transferred and spent in 2022 is not stated: its inputs are incomplete. ${missing}`);
    const gap = await request(t.http).get('/api/v1/analytics/planning-gap?year=2022&municipality=080803').set('Accept-Language', 'en').expect(200);
    expect(gap.body.periods[0].coverage.complete).toBe(false);
    // one project, in the PIA: its figures stand, the study's words are not said
    expect(gap.body.periods[0].inPia).toMatchObject({ projects: 1, projectsSharePct: 100, inWords: null });

    // 080801's lines add up to its totals: both are stated (all of its one rubro-18 project was in the PIA)
    const whole = await request(t.http).get('/api/v1/analytics/canon?year=2022&municipality=080801').set('Accept-Language', 'en').expect(200);
    expect(whole.body.periods[0].coverage.complete).toBe(true);
    // devengado on rubro 18 = totals' devengado - 400,000 (the FONCOMUN line); transferred from the canon file
    const spent = t1.devengado - 400_000n;
    const left = transferred('080801') - spent;
    expect(whole.body.periods[0].byYear[0].sentence).toContain(left >= 0n ? 'left unspent' : 'more than');
    const wholeGap = await request(t.http).get('/api/v1/analytics/planning-gap?year=2022&municipality=080801').set('Accept-Language', 'en').expect(200);
    expect(wholeGap.body.periods[0].inPia.inWords).toBe('all');
  });

  it('writes the audit report with the findings of complete inputs and says what is missing for the rest', async () => {
    // the Summary's findings, without its header
    const read = async (query: string) =>
      (await getWorkbook(t.http, `/api/v1/reports/audit.xlsx?${query}&lang=en`)).sheets
        .get('Summary')!
        .slice(1)
        .map((r) => String(r[1]));
    // 080801 is complete: canon transferred against rubro-18 devengado, in the study's terms
    const complete = await read('municipality=080801&year=2022');
    const dev18 = t1.devengado - 400_000n;
    const sent = transferred('080801');
    expect(complete).toContain(
      `Canon (rubro 18) transferred ${sayAmount(sent * 100n)}; devengado on rubro 18 ${sayAmount(dev18 * 100n)}: the municipalities used ${pct(dev18, sent)} % of the transfers and left ${sayAmount((sent - dev18) * 100n)} unspent.`,
    );
    expect(complete.filter((f) => f.startsWith('Missing:'))).toEqual([]);

    // 080804 has no lines at all: nothing about spending is stated, and the summary says which file is missing
    const none = await read('municipality=080804&year=2022');
    expect(none.filter((f) => /unspent|of every 10 soles|skew index|was in the PIA/i.test(f) && !f.includes('not stated'))).toEqual([]);
    expect(none).toContain(
      "Missing: No budget lines were imported for 080804 in 2022: import MEF's gasto file for that year (2022-Gasto.csv, open data) or the planner's template.",
    );
    expect(none).toContain('Unspent canon: not stated, its inputs are incomplete.');
  });
});
