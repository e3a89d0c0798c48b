import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DEMO, readConsultaCsv } from './support/files.js';
import { getWorkbook } from './support/workbook.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (district: string, kind: number, code: string, name: string, fn: string, pia: number, pim: number, dev: number) =>
  `M,300740,08,08,${district},${kind},${code},"${name}",${fn},F${fn},0${fn},D,0${fn}0,G,5,RD,18,CANON,2022,${pia},${pim},0,0,${dev},0`;

/**
 * Espinar 2022, by hand. Areas: Espinar district (080801) is 82 % urban and Pallpata (080805) 60 %
 * rural, so neither decides; Coporaque (080803) is 93 % rural (MINAM 2023), so its projects are rural.
 *   P1 plaza de armas, 080801, f21 equal rights   PIA 1000  PIM 1200 dev 1200  urban (keyword)
 *   P2 canal de riego, 080801, f10 structural      PIA  800  PIM  800 dev    0  rural (keyword), planned never executed
 *   P3 school, 080803, f22 equal rights            PIA    0  PIM  500 dev  250  rural (location), added
 *   P4 estadio municipal, 080805, f21              PIA  600  PIM    0 dev    0  urban (keyword), dropped, never executed
 *   P5 "=1+2 AGUA POTABLE", 080805, f18            PIA    0  PIM  300 dev   30  unknown, added
 *   P6 electrificación rural, 080803, f12 income   PIA  400  PIM  400 dev   20  rural (location), under 10 %
 *   A1 activity, 080801, f03 income                PIA  999  PIM  999 dev  999  (not a project)
 */
const BUDGET = [
  HEADER,
  line('01', 2, '2000001', 'MEJORAMIENTO DE LA PLAZA DE ARMAS DE YAURI', '21', 1000, 1200, 1200),
  line('01', 2, '2000002', 'CONSTRUCCION DEL CANAL DE RIEGO EN LA COMUNIDAD CAMPESINA HUAYHUAHUASI', '10', 800, 800, 0),
  line('03', 2, '2000003', 'MEJORAMIENTO DEL SERVICIO EDUCATIVO IE 56123', '22', 0, 500, 250),
  line('05', 2, '2000004', 'CREACION DEL ESTADIO MUNICIPAL', '21', 600, 0, 0),
  line('05', 2, '2000005', '=1+2 AGUA POTABLE', '18', 0, 300, 30),
  line('03', 2, '2000006', 'AMPLIACION DE LA ELECTRIFICACION', '12', 400, 400, 20),
  line('01', 3, '3000001', 'GESTION ADMINISTRATIVA', '03', 999, 999, 999),
].join('\n');

const INVIERTE_HEADER =
  'Código único de inversión,Nombre de la inversión,Monto viable,Estado de la inversión,Sector,Entidad,Ejecutora,Fecha de registro,Fecha de viabilidad,Costo actualizado,Descripción de la alternativa,Beneficiarios,Departamento,Provincia,Distrito,Ubigeo';
const registry = (rows: [string, string, number, number, string][]) =>
  [
    INVIERTE_HEADER,
    ...rows.map(
      ([cui, name, viable, updated, ubigeo]) => `${cui}.0,${name},${viable}.0,ACTIVO,S,E,X,44000.0,44100.0,${updated}.0,D,100.0,CUSCO,ESPINAR,D,${ubigeo}.0`,
    ),
  ].join('\n');

const PRIVATE = [
  'Año,Ubigeo,Financiador,Sector,Monto,Descripción',
  '2022,080801,Convenio Marco,Educación,100000.50,Aulas',
  '2022,080803,Convenio Marco,Agricultura,50000.00,Riego',
  '2022,080803,Fundación Tintaya,Educación,25000.00,Becas',
  '2021,080801,Convenio Marco,Salud,999.00,Otro año',
].join('\n');

const upload = (t: TestApp, body: string, name: string, fields: Record<string, string> = {}) => {
  let req = t.post('/api/v1/imports');
  // a file must state its cut-off: these name none, so the request gives it
  for (const [k, v] of Object.entries({ snapshotDate: '2026-10-31', ...fields })) req = req.field(k, v);
  return req.attach('file', Buffer.from(body), name);
};

describe('the Espinar analyses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await upload(t, BUDGET, 'gasto-2022.csv', { snapshotDate: '2022-12-31' }).expect(201);
    await upload(
      t,
      registry([
        ['2000001', 'MEJORAMIENTO DE LA PLAZA DE ARMAS DE YAURI', 1000000, 1500000, '80801'],
        ['2000004', 'CREACION DEL ESTADIO MUNICIPAL', 600, 600, '80805'],
      ]),
      'invierte-1.csv',
      {
        snapshotDate: '2022-01-01',
      },
    ).expect(201);
    await upload(t, registry([['2000001', 'MEJORAMIENTO DE LA PLAZA DE ARMAS DE YAURI', 1000000, 2000000, '80801']]), 'invierte-2.csv', {
      snapshotDate: '2023-06-01',
    }).expect(201);
    await upload(t, PRIVATE, 'aportes.csv').expect(201);
    await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
  });
  afterAll(() => t.close());

  it('measures the PIA → PIM planning gap, the largest PIA projects and cost growth', async () => {
    const res = await request(t.http).get('/api/v1/analytics/planning-gap?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    const p = res.body.periods[0];
    // with PIM: P1 P2 P3 P5 P6 = 1200 + 800 + 500 + 300 + 400 = 3200; in the PIA: P1 P2 P6 = 2400
    expect(p.withPim).toEqual({ projects: 5, amount: '3200.00' });
    // 3 of 5 = 60 %; 2400 / 3200 = 75 %. The study's words ("one of every two": 5 / 3 = 1.67) are not said: these seven
    // lines are a few thousand soles of the province's 2022 PIM in Consulta Amigable, so the period's coverage is partial
    expect(p.coverage.complete).toBe(false);
    expect(p.inPia).toEqual({ projects: 3, amount: '2400.00', projectsSharePct: 60, amountSharePct: 75, inWords: null });
    expect(p.added).toEqual({ projects: 2, amount: '800.00' }); // P3 500 + P5 300
    expect(p.dropped).toEqual({ projects: 1, amount: '600.00' }); // P4's PIA
    expect(p.withPia).toEqual({ projects: 4, amount: '2800.00' }); // 1000 + 800 + 600 + 400
    expect(p.topPia.projects.map((x: { cui: string }) => x.cui)).toEqual(['2000001', '2000002', '2000004', '2000006']);
    // never executed: P2, P4; under 10 %: P6 (20 of 400 = 5 %)
    expect([p.topPia.neverExecuted, p.topPia.under10Pct]).toEqual([2, 1]);
    // each project's own flags: P1 executed all of its 1,200; P2 and P4 nothing; P6 20 of 400
    expect(p.topPia.projects.map((x: { cui: string; flags: string[] }) => [x.cui, x.flags])).toEqual([
      ['2000001', []],
      ['2000002', ['never_executed']],
      ['2000004', ['never_executed']],
      ['2000006', ['under_10_pct']],
    ]);
    // P1: first viable 1,000,000 → latest updated 2,000,000 = +100 %; P4: 600 → 600
    expect(p.costGrowth).toMatchObject({ projectsWithCost: 2, grew: 1, doubled: 1, firstTotal: '1000600.00', latestTotal: '2000600.00', growthPct: 99.9 });
    expect(p.costGrowth.projects[0]).toMatchObject({ cui: '2000001', firstCost: '1000000.00', latestCost: '2000000.00', growthPct: 100, snapshots: 2 });
    expect(res.body.inputs).toMatchObject({ years: [2022], snapshot: null, classificationVersion: null });
    expect(res.body.inputs.importIds).toHaveLength(3); // the budget and both registry snapshots

    const top3 = await request(t.http).get('/api/v1/analytics/planning-gap?province=0808&year=2022&top=3').set('Accept-Language', 'en').expect(200);
    expect([top3.body.periods[0].topPia.neverExecuted, top3.body.periods[0].topPia.under10Pct]).toEqual([2, 0]);
  });

  it('puts several periods side by side and refuses periods mixed with year', async () => {
    const res = await request(t.http).get('/api/v1/analytics/planning-gap?province=0808&periods=2021,2022-2023').set('Accept-Language', 'en').expect(200);
    expect(res.body.inputs.periods).toEqual([
      { label: '2021', fromYear: 2021, toYear: 2021 },
      { label: '2022-2023', fromYear: 2022, toYear: 2023 },
    ]);
    expect(res.body.periods.map((p: { withPim: { projects: number } }) => p.withPim.projects)).toEqual([0, 5]);
    const bad = await request(t.http).get('/api/v1/analytics/planning-gap?periods=2022&year=2022').set('Accept-Language', 'en').expect(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
    await request(t.http).get('/api/v1/analytics/canon?periods=2024-2022').set('Accept-Language', 'en').expect(400);
    await request(t.http).get('/api/v1/analytics/canon?snapshot=2024-13-01').set('Accept-Language', 'en').expect(400);
  });

  it('classifies projects urban or rural with provenance and measures the skew against population', async () => {
    const res = await request(t.http).get('/api/v1/analytics/urban-rural?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    const [urban, rural, unknown] = res.body.periods[0].projectLevel.areas;
    expect(urban).toMatchObject({
      projects: 2,
      pim: '1200.00',
      devengado: '1200.00',
      plannedNeverExecuted: 1,
      bySource: { explicit: 0, location: 0, keyword: 2 },
    });
    expect(rural).toMatchObject({
      projects: 3,
      pim: '1700.00',
      devengado: '270.00',
      plannedNeverExecuted: 1,
      bySource: { explicit: 0, location: 2, keyword: 1 },
    });
    expect(unknown).toMatchObject({ projects: 1, pim: '300.00', devengado: '30.00' });
    // shares of 3200 PIM and 1500 devengado; rural 270 / 1700 = 15.9 %
    expect([urban.pimSharePct, rural.pimSharePct, unknown.pimSharePct]).toEqual([37.5, 53.1, 9.4]);
    expect([urban.devengadoSharePct, rural.devengadoSharePct, unknown.devengadoSharePct]).toEqual([80, 18, 2]);
    expect([urban.executionRatePct, rural.executionRatePct, unknown.executionRatePct]).toEqual([100, 15.9, 10]);

    // population of the province from the bundled MINAM file, the split of the period's own year (2022)
    const people = readFileSync('data/reference/population.csv', 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[0]?.startsWith('0808') && c[1] === '2022');
    const urbanPeople = people.reduce((s, c) => s + Number(c[3]), 0);
    const ruralPeople = people.reduce((s, c) => s + Number(c[4]), 0);
    expect([urbanPeople, ruralPeople]).toEqual([36836, 25304]);
    // 36,836 / 62,140 = 59.3 %
    expect([urban.populationSharePct, rural.populationSharePct, unknown.populationSharePct]).toEqual([59.3, 40.7, null]);
    // urban share of known devengado 1200 / 1470 = 81.6 %; ÷ 59.3 = 1.38
    expect(res.body.periods[0].projectLevel.skewIndex).toBe(1.38);
    // and the answer says which year's split it read
    expect(res.body.periods[0].projectLevel.method).toContain('split of 2022: 2022, the period');
    expect(res.body.periods[0].projectLevel.ruralPlannedNeverExecuted.map((p: { cui: string; areaSource: string }) => [p.cui, p.areaSource])).toEqual([
      ['2000002', 'keyword'],
    ]);
    expect(res.body.inputs.leftOut).toContain('One project with PIM S/ 300 has an unknown area and is left out of the skew index.');
    // the municipality level reads the Consulta Amigable totals, also there
    expect(res.body.periods[0].municipalityLevel.groups.map((g: { group: string }) => g.group)).toEqual(['mostly_rural', 'mostly_urban', 'unknown']);
  });

  it('lets a person set a project area or dimension, with a reason, and the analyses follow', async () => {
    const set = await t.put('/api/v1/projects/2000005/area').send({ area: 'rural', reason: 'Water for the Pallpata annexes (site visit)' }).expect(200);
    expect(set.body).toMatchObject({ cui: '2000005', area: 'rural', areaSource: 'explicit', areaReason: 'Water for the Pallpata annexes (site visit)' });
    let res = await request(t.http).get('/api/v1/analytics/urban-rural?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    expect(res.body.periods[0].projectLevel.areas[1]).toMatchObject({ projects: 4, pim: '2000.00', bySource: { explicit: 1, location: 2, keyword: 1 } });
    await t.put('/api/v1/projects/2000005/area').send({ area: 'unknown', reason: 'Not sure after all' }).expect(200);
    res = await request(t.http).get('/api/v1/analytics/urban-rural?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    expect(res.body.periods[0].projectLevel.areas[2].projects).toBe(1);

    await t.put('/api/v1/projects/9999999/area').send({ area: 'rural', reason: 'no such project' }).expect(404);
    await t.put('/api/v1/projects/2000005/area').send({ area: 'suburban', reason: 'bad value' }).expect(400);
    await t.put('/api/v1/projects/2000005/dimension').send({ dimension: 'equal_rights' }).expect(400); // reason required

    // P2 (canal de riego, función 10: structural change) moved to income and productivity
    await t.put('/api/v1/projects/2000002/dimension').send({ dimension: 'income_productivity', reason: 'Irrigation raises farm incomes' }).expect(200);
    const dims = await request(t.http).get('/api/v1/analytics/dimensions?municipality=080801&year=2022').set('Accept-Language', 'en').expect(200);
    // 080801: P1 1200 equal rights, A1 999 + P2 800 income and productivity, structural 0
    expect(dims.body.periods[0].rows.map((r: { pim: string }) => r.pim)).toEqual(['0.00', '1799.00', '1200.00', '0.00']);
    expect(dims.body.periods[0].overriddenPim).toBe('800.00');
    await t.put('/api/v1/projects/2000002/dimension').send({ dimension: 'rules', reason: 'Back to the rules' }).expect(200);
    const back = await request(t.http).get('/api/v1/analytics/dimensions?municipality=080801&year=2022').set('Accept-Language', 'en').expect(200);
    expect(back.body.periods[0].rows.map((r: { pim: string }) => r.pim)).toEqual(['800.00', '999.00', '1200.00', '0.00']);
  });

  it('compares public spending with private contributions', async () => {
    const res = await request(t.http).get('/api/v1/analytics/public-private?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    const p = res.body.periods[0];
    // public: devengado of Espinar's municipalities in 2022 from the Consulta Amigable file
    const publicSoles = readConsultaCsv(DEMO.csv2015)
      .filter((r) => r.year === 2022 && r.ubigeo.startsWith('0808'))
      .reduce((s, r) => s + r.devengado, 0n);
    expect(p.publicDevengado).toBe(`${publicSoles}.00`);
    expect(p.privateAmount).toBe('175000.50'); // 100000.50 + 50000 + 25000; 2021 left out
    const ratioHundredths = (publicSoles * 100n * 100n * 2n + 17500050n) / (2n * 17500050n); // public ÷ private, 2 decimals
    expect(p.ratio).toBe(Number(ratioHundredths) / 100);
    expect(p.bySector).toEqual([
      { key: 'Educación', label: 'Educación', amount: '125000.50', sharePct: 71.4 },
      { key: 'Agricultura', label: 'Agricultura', amount: '50000.00', sharePct: 28.6 },
    ]);
    expect(p.byDistrict.map((d: { key: string; sharePct: number }) => [d.key, d.sharePct])).toEqual([
      ['080801', 57.1],
      ['080803', 42.9],
    ]);
    expect(p.byFunder.map((d: { key: string; amount: string }) => [d.key, d.amount])).toEqual([
      ['Convenio Marco', '150000.50'],
      ['Fundación Tintaya', '25000.00'],
    ]);
  });

  it('sets development-plan priorities and lists where the budget ranks them differently', async () => {
    const put = await t
      .put('/api/v1/municipalities/080801/plan-priorities')
      .send({
        plan: 'PDC Espinar 2021-2030',
        priorities: [
          { level: 'dimension', code: 'income_productivity' },
          { level: 'dimension', code: 'equal_rights' },
          { level: 'dimension', code: 'structural_change' },
        ],
      })
      .expect(200);
    expect(put.body.priorities.map((p: { rank: number; code: string }) => [p.rank, p.code])).toEqual([
      [1, 'income_productivity'],
      [2, 'equal_rights'],
      [3, 'structural_change'],
    ]);
    const res = await request(t.http).get('/api/v1/analytics/plan-alignment?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    const [m] = res.body.periods[0].municipalities;
    // 080801's PIM: equal rights 1200 (1st), income 999 (2nd), structural 800 (3rd) of 2999
    expect(
      m.priorities.map((p: { rank: number; budgetRank: number; pim: string; sharePct: number; aligned: boolean }) => [
        p.rank,
        p.budgetRank,
        p.pim,
        p.sharePct,
        p.aligned,
      ]),
    ).toEqual([
      [1, 2, '999.00', 33.3, false],
      [2, 1, '1200.00', 40, false],
      [3, 3, '800.00', 26.7, true],
    ]);
    expect(m.mismatches).toHaveLength(2);

    await t
      .put('/api/v1/municipalities/080801/plan-priorities')
      .send({ plan: 'x', priorities: [{ level: 'dimension', code: '20' }] })
      .expect(400);
    await t
      .put('/api/v1/municipalities/080801/plan-priorities')
      .send({
        plan: 'x',
        priorities: [
          { level: 'function', code: '20' },
          { level: 'function', code: '20' },
        ],
      })
      .expect(400);
    await t
      .put('/api/v1/municipalities/999999/plan-priorities')
      .send({ plan: 'x', priorities: [{ level: 'function', code: '20' }] })
      .expect(404);
  });

  it('serves each analysis as CSV, by Accept header or .csv path, with formula-like text defused', async () => {
    const byAccept = await request(t.http)
      .get('/api/v1/analytics/urban-rural?province=0808&year=2022')
      .set('Accept-Language', 'en')
      .set('Accept', 'text/csv')
      .expect(200);
    expect(byAccept.headers['content-type']).toMatch(/text\/csv/);
    const byPath = await request(t.http).get('/api/v1/analytics/urban-rural.csv?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    expect(byPath.text).toBe(byAccept.text);
    const lines = byPath.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'period,area,projects,pim,devengado,share_of_pim_pct,share_of_devengado_pct,execution_rate_pct,planned_never_executed,share_of_population_pct,skew_index',
    );
    expect(lines[1]).toBe('2022,urban,2,1200.00,1200.00,37.5,80,100,1,59.3,1.38');
    const projects = await request(t.http).get('/api/v1/reports/audit.csv?province=0808&year=2022&table=projects').set('Accept-Language', 'en').expect(200);
    expect(projects.text).toContain(",'=1+2 AGUA POTABLE,");
    await request(t.http).get('/api/v1/analytics/nothing.csv').set('Accept-Language', 'en').expect(404);
    await request(t.http).get('/api/v1/analytics/canon.csv?year=abc').set('Accept-Language', 'en').expect(400);
  });

  it('writes the audit report as a workbook whose numbers match the API', async () => {
    const { contentType, sheets } = await getWorkbook(t.http, '/api/v1/reports/audit.xlsx?province=0808&year=2022&lang=en');
    expect(contentType).toMatch(/spreadsheetml/);
    expect([...sheets.keys()]).toEqual([
      'Summary',
      'ECLAC dimensions',
      'Unspent canon',
      'Canon by year and carry-over',
      'Planning gap PIA → PIM',
      'Largest PIA projects',
      'Cost growth',
      'Urban-rural projects',
      'Urban-rural municipalities',
      'Rural planned never executed',
      'Public vs private',
      'Plan alignment',
      'Projects',
      'Flagged works',
      'Methodology',
    ]);
    const summary = sheets.get('Summary')!.map((r) => r[1]);
    // budget lines for 3 of Espinar's 8 municipalities, adding up to a sliver of what Consulta Amigable reports: no finding is drawn from them
    expect(summary).toContain('Planning gap (PIA → PIM): not stated, its inputs are incomplete.');
    expect(summary).toContain('ECLAC dimensions of the PIM: not stated, its inputs are incomplete.');
    expect(summary).toContain('Urban and rural skew: not stated, its inputs are incomplete.');
    expect(summary).toContain('Unspent canon: not stated, its inputs are incomplete.');
    expect(summary.filter((f) => /projects with PIM was in the PIA|largest PIA projects|of every 10 soles|skew index/.test(String(f)))).toEqual([]);
    expect(summary).toContain(
      "Missing: No budget lines were imported for 080802, 080804, 080806, 080807, 080808 in 2022: import MEF's gasto file for that year (2022-Gasto.csv, open data) or the planner's template.",
    );
    // lines of 080801, 080803, 080805 (PIM 2,999 + 900 + 300; devengado 2,199 + 270 + 30) against their Consulta Amigable totals of 2022
    const totals = readConsultaCsv(DEMO.csv2015).filter((r) => r.year === 2022 && ['080801', '080803', '080805'].includes(r.ubigeo));
    const share = (part: bigint, total: bigint) => Number((part * 2000n + total) / (2n * total)) / 10;
    const pimPct = share(
      4199n,
      totals.reduce((s, r) => s + r.pim, 0n),
    );
    const devPct = share(
      2499n,
      totals.reduce((s, r) => s + r.devengado, 0n),
    );
    expect(summary).toContain(
      `Missing: The budget lines add up to ${pimPct} % of the PIM and ${devPct} % of the devengado that Consulta Amigable reports for the same municipality-years (findings need 95 %): import MEF's complete gasto file for 2022.`,
    );
    expect(summary).toContain(
      'Missing: No canon transfers (rubro 18) were imported for any of the 8 municipalities of the selection in 2022: import the MEF transfers file (rubro 18 by municipality).',
    );

    const api = (await request(t.http).get('/api/v1/analytics/planning-gap?province=0808&year=2022').set('Accept-Language', 'en').expect(200)).body.periods[0];
    const gap = sheets.get('Planning gap PIA → PIM')!;
    expect(gap[2].slice(1, 6)).toEqual([
      'of those, in the PIA (amount: PIM)',
      api.inPia.projects,
      Number(api.inPia.amount),
      api.inPia.projectsSharePct,
      api.inPia.amountSharePct,
    ]);
    const projects = sheets.get('Projects')!;
    const p5 = projects.find((r) => r[1] === '2000005')!;
    expect(p5[2]).toBe('=1+2 AGUA POTABLE'); // text, not a formula
    const p2 = projects.find((r) => r[1] === '2000002')!;
    expect(p2[13]).toBe('not executed, rural never executed');
    const methodology = new Map(sheets.get('Methodology')!.map((r) => [r[0], r[1]]));
    expect(methodology.get('classification version')).toBe(1);
    expect(methodology.get('periods')).toBe('2022');
  });

  it('reads the data as it was on a snapshot date', async () => {
    // a later cut of 2022: P6 executed 400 of its 400
    const later = BUDGET.replace(
      'AMPLIACION DE LA ELECTRIFICACION",12,F12,012,D,0120,G,5,RD,18,CANON,2022,400,400,0,0,20,0',
      'AMPLIACION DE LA ELECTRIFICACION",12,F12,012,D,0120,G,5,RD,18,CANON,2022,400,400,0,0,400,0',
    );
    expect(later).not.toBe(BUDGET);
    await upload(t, later, 'gasto-2022-b.csv', { snapshotDate: '2023-03-01' }).expect(201);
    const latest = await request(t.http).get('/api/v1/analytics/planning-gap?province=0808&year=2022').set('Accept-Language', 'en').expect(200);
    expect(latest.body.periods[0].topPia.under10Pct).toBe(0);
    const asOf = await request(t.http)
      .get('/api/v1/analytics/planning-gap?province=0808&year=2022&snapshot=2023-01-15')
      .set('Accept-Language', 'en')
      .expect(200);
    expect(asOf.body.periods[0].topPia.under10Pct).toBe(1);
    expect(asOf.body.inputs.snapshot).toBe('2023-01-15');
    expect(asOf.body.inputs.importIds).not.toEqual(latest.body.inputs.importIds);
    const before = await request(t.http)
      .get('/api/v1/analytics/planning-gap?province=0808&year=2022&snapshot=2020-01-01')
      .set('Accept-Language', 'en')
      .expect(200);
    expect(before.body.periods[0].withPim.projects).toBe(0);
  });
});
