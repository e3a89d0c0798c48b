import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { centsOf, CPI, cents, halfUp, ratePct, text } from './support/cpi.js';
import { DEMO, readConsultaCsv } from './support/files.js';
import { type GastoLine, gastoCsv } from './support/mef-gasto-file.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { getWorkbook } from './support/workbook.js';
import { sayAmount } from './support/say-amount.js';

/**
 * Constant soles over several years in the analyses that read projects (urban/rural, planning gap), a
 * project's budget by year, and the audit report: each year's amounts converted with its own factor
 * before they are added up, every expected figure worked here from the lines below and the BCRP file.
 */

/** A project (kind 2) line of 080801 on rubro 18: PIA, PIM, devengado in soles with céntimos. */
const project = (year: number, code: string, name: string, pia: string, pim: string, devengado: string): GastoLine => ({
  year,
  kind: 2,
  code,
  name,
  functionCode: '15',
  functionName: 'TRANSPORTE',
  divisionCode: '033',
  divisionName: 'TRANSPORTE TERRESTRE',
  groupCode: '0066',
  groupName: 'VÍAS URBANAS',
  fuenteCode: '5',
  fuenteName: 'RECURSOS DETERMINADOS',
  rubroCode: '18',
  rubroName: 'CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES',
  amounts: [pia, pim, pim, devengado, devengado, devengado],
});

/** The projects: A and D urban, B and C rural (set by a person below). */
const LINES = [
  project(2022, '2000001', 'MEJORAMIENTO DE LA PLAZA A', '1000000.00', '1200000.55', '1199999.99'),
  project(2022, '2000002', 'CANAL DE RIEGO B', '800000.10', '800000.10', '0.00'),
  project(2022, '2000003', 'INSTITUCION EDUCATIVA C', '0.00', '500000.00', '250000.25'),
  project(2023, '2000001', 'MEJORAMIENTO DE LA PLAZA A', '0.00', '900000.45', '450000.01'),
  project(2023, '2000002', 'CANAL DE RIEGO B', '700000.00', '0.00', '0.00'),
  project(2023, '2000004', 'PISTAS Y VEREDAS D', '600000.00', '650000.77', '600000.33'),
];
const AREAS: Record<string, 'urban' | 'rural'> = { '2000001': 'urban', '2000002': 'rural', '2000003': 'rural', '2000004': 'urban' };
const YEARS = [2022, 2023];
const PERIOD = 'municipality=080801&periods=2022-2023';
const CONSTANT = 'prices=constant&base=2024';

/** A line's amount (pia, pim, devengado) in céntimos of 2024. */
type Field = 'pia' | 'pim' | 'devengado';
const field = (l: GastoLine, f: Field) => l.amounts[f === 'pia' ? 0 : f === 'pim' ? 1 : 4];
const in2024 = (l: GastoLine, f: Field) => centsOf(2024, l.year, cents(field(l, f)));
const sum = (lines: GastoLine[], f: Field) => lines.reduce((s, l) => s + in2024(l, f), 0n);
const positive = (l: GastoLine, f: Field) => cents(field(l, f)) > 0n;

const INVIERTE_HEADER =
  'Código único de inversión,Nombre de la inversión,Monto viable,Estado de la inversión,Sector,Entidad,Ejecutora,Fecha de registro,Fecha de viabilidad,Costo actualizado,Descripción de la alternativa,Beneficiarios,Departamento,Provincia,Distrito,Ubigeo';

describe('constant soles in the project analyses, a project, and the audit report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (const year of YEARS) {
      const file = gastoCsv(LINES.filter((l) => l.year === year));
      await t
        .post('/api/v1/imports')
        .field('snapshotDate', `${year + 1}-01-31`)
        .attach('file', file, `gasto-${year}.csv`)
        .expect(201);
    }
    // project A's cost: viable 5,000,000, updated 7,000,000 (estimates of no one year: stay nominal)
    const registry = `${INVIERTE_HEADER}\n2000001.0,MEJORAMIENTO DE LA PLAZA A,5000000.0,ACTIVO,S,E,X,44000.0,44100.0,7000000.0,D,100.0,CUSCO,ESPINAR,ESPINAR,80801.0`;
    await t.post('/api/v1/imports').field('snapshotDate', '2023-06-01').attach('file', Buffer.from(registry), 'invierte.csv').expect(201);
    for (const [cui, area] of Object.entries(AREAS)) {
      await t.put(`/api/v1/projects/${cui}/area`).send({ area, reason: 'visita de campo' }).expect(200);
    }
    await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
    await t.post('/api/v1/imports').attach('file', CPI).expect(201);
  });
  afterAll(() => t.close());

  it('adds up urban and rural projects of 2022-2023 year by year in 2024 soles, shares and skew from the converted amounts', async () => {
    const res = await request(t.http).get(`/api/v1/analytics/urban-rural?${PERIOD}&${CONSTANT}`).expect(200);
    const level = res.body.periods[0].projectLevel;
    const of = (area: string) => LINES.filter((l) => AREAS[l.code] === area);
    const [urban, rural] = level.areas;
    expect(urban).toMatchObject({ area: 'urban', projects: 2, pim: text(sum(of('urban'), 'pim')), devengado: text(sum(of('urban'), 'devengado')) });
    expect(rural).toMatchObject({ area: 'rural', projects: 2, pim: text(sum(of('rural'), 'pim')), devengado: text(sum(of('rural'), 'devengado')) });
    const allDev = sum(LINES, 'devengado');
    expect(urban.devengadoSharePct).toBe(ratePct(sum(of('urban'), 'devengado'), allDev));
    expect(rural.pimSharePct).toBe(ratePct(sum(of('rural'), 'pim'), sum(LINES, 'pim')));
    // the skew: the urban share of devengado over the urban share of people (080801's split of 2023, the period's last year)
    const population: Record<string, string>[] = parse(readFileSync('data/reference/population.csv'), { columns: true });
    const split = population.find((p) => p.ubigeo === '080801' && p.year === '2023')!;
    const devTenths = halfUp(sum(of('urban'), 'devengado') * 1000n, allDev);
    const peopleTenths = halfUp(BigInt(split.urban) * 1000n, BigInt(split.urban) + BigInt(split.rural));
    expect(level.skewIndex).toBe(Number(halfUp(devTenths * 100n, peopleTenths)) / 100);
    // B: planned (PIA in both years), never executed; its PIA the sum of its two converted years
    const b = LINES.filter((l) => l.code === '2000002');
    expect(level.ruralPlannedNeverExecuted).toEqual([expect.objectContaining({ cui: '2000002', pia: text(sum(b, 'pia')), devengado: '0.00' })]);

    // municipality level: 080801's Consulta Amigable totals of 2022 and 2023, each converted, per person-year
    const totals = readConsultaCsv(DEMO.csv2015).filter((r) => r.ubigeo === '080801' && YEARS.includes(r.year));
    expect(totals).toHaveLength(2);
    const pim = totals.reduce((s, r) => s + centsOf(2024, r.year, r.pim * 100n), 0n);
    const dev = totals.reduce((s, r) => s + centsOf(2024, r.year, r.devengado * 100n), 0n);
    const personYears = YEARS.reduce((s, y) => s + BigInt(population.find((p) => p.ubigeo === '080801' && p.year === String(y))!.total), 0n);
    const group = res.body.periods[0].municipalityLevel.groups.find((g: { municipalities: string[] }) => g.municipalities.includes('080801'));
    expect(group).toMatchObject({ group: 'mostly_urban', pim: text(pim), devengado: text(dev), devengadoPerCapita: text(halfUp(dev, personYears)) });
    expect(res.body.prices).toMatchObject({ basis: 'constant', base: 2024, sums: 'each-year-converted' });
    expect(res.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2022, 2023, 2024]);

    // nominal, the same read: the lines' own sums
    const nominal = await request(t.http).get(`/api/v1/analytics/urban-rural?${PERIOD}`).expect(200);
    expect(nominal.body.periods[0].projectLevel.areas[0].pim).toBe(text(of('urban').reduce((s, l) => s + cents(field(l, 'pim')), 0n)));
    expect(nominal.body).not.toHaveProperty('prices');
  });

  it('counts the planning gap of 2022-2023 over project-years in 2024 soles, the largest PIA by converted amount', async () => {
    const res = await request(t.http).get(`/api/v1/analytics/planning-gap?${PERIOD}&${CONSTANT}`).expect(200);
    const p = res.body.periods[0];
    // each line is one project-year here
    const withPim = LINES.filter((l) => positive(l, 'pim'));
    const inPia = withPim.filter((l) => positive(l, 'pia'));
    const added = withPim.filter((l) => !positive(l, 'pia'));
    const dropped = LINES.filter((l) => positive(l, 'pia') && !positive(l, 'pim'));
    const withPia = LINES.filter((l) => positive(l, 'pia'));
    expect(p.withPim).toEqual({ projects: 5, amount: text(sum(withPim, 'pim')) });
    expect(p.inPia).toMatchObject({ projects: 3, amount: text(sum(inPia, 'pim')), amountSharePct: ratePct(sum(inPia, 'pim'), sum(withPim, 'pim')) });
    expect(p.added).toEqual({ projects: added.length, amount: text(sum(added, 'pim')) });
    expect(p.dropped).toEqual({ projects: 1, amount: text(sum(dropped, 'pia')) });
    expect(p.withPia).toEqual({ projects: 4, amount: text(sum(withPia, 'pia')) });
    const top = [...withPia].sort((x, y) => (in2024(y, 'pia') > in2024(x, 'pia') ? 1 : -1));
    expect(p.topPia.projects.map((r: { cui: string; year: number; pia: string }) => [r.cui, r.year, r.pia])).toEqual(
      top.map((l) => [l.code, l.year, text(in2024(l, 'pia'))]),
    );
    // cost estimates stay nominal, and say so
    expect(p.costGrowth).toMatchObject({ firstTotal: '5000000.00', latestTotal: '7000000.00' });
    expect(res.body.prices.leftNominal).toEqual(expect.arrayContaining(['firstCost', 'latestCost', 'firstTotal', 'latestTotal']));
    // the CSV in the same soles
    const csv = await request(t.http).get(`/api/v1/analytics/planning-gap.csv?${PERIOD}&${CONSTANT}`).expect(200);
    expect(csv.text).toContain(text(sum(withPim, 'pim')));
  });

  it("gives a project's budget by year in 2024 soles, its costs nominal", async () => {
    const res = await request(t.http).get(`/api/v1/projects/2000001?${CONSTANT}`).expect(200);
    const a = LINES.filter((l) => l.code === '2000001');
    expect(res.body.budget.map((b: { year: number; pia: string; pim: string; devengado: string }) => [b.year, b.pia, b.pim, b.devengado])).toEqual(
      a.map((l) => [l.year, text(in2024(l, 'pia')), text(in2024(l, 'pim')), text(in2024(l, 'devengado'))]),
    );
    expect(res.body).toMatchObject({
      pim: text(sum(a, 'pim')),
      devengado: text(sum(a, 'devengado')),
      executionRatePct: ratePct(sum(a, 'devengado'), sum(a, 'pim')),
      updatedCost: '7000000.00',
      viableAmount: '5000000.00',
    });
    expect(res.body.prices.leftNominal).toEqual(expect.arrayContaining(['updatedCost', 'viableAmount']));
    expect(res.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2022, 2023, 2024]);

    // the list: all years added up, each converted; or one year
    const list = await request(t.http).get(`/api/v1/projects?municipality=080801&${CONSTANT}`).expect(200);
    const item = list.body.items.find((i: { cui: string }) => i.cui === '2000001');
    expect(item).toMatchObject({ pim: text(sum(a, 'pim')), devengado: text(sum(a, 'devengado')), updatedCost: '7000000.00' });
    expect(list.body.years).toEqual(YEARS);
    const one = await request(t.http).get(`/api/v1/projects?municipality=080801&year=2023&${CONSTANT}`).expect(200);
    expect(one.body.items.find((i: { cui: string }) => i.cui === '2000001').pim).toBe(text(in2024(a[1], 'pim')));

    // refused: no index for the base; a project unknown is still not found; nominal unchanged
    expect((await request(t.http).get('/api/v1/projects/2000001?prices=constant&base=2026').expect(422)).body).toMatchObject({
      code: 'PRICE_INDEX_MISSING',
      years: [2026],
    });
    expect((await request(t.http).get(`/api/v1/projects/9999999?${CONSTANT}`).expect(404)).body.code).toBe('PROJECT_NOT_FOUND');
    expect((await request(t.http).get('/api/v1/projects/2000001?base=2024').expect(400)).body.code).toBe('INVALID_REQUEST');
    const nominal = await request(t.http).get('/api/v1/projects/2000001').expect(200);
    expect(nominal.body.pim).toBe(text(a.reduce((s, l) => s + cents(field(l, 'pim')), 0n)));
    expect(nominal.body).not.toHaveProperty('prices');
  });

  it('writes the audit report in 2024 soles: every sheet converted, the base year and index stated', async () => {
    const { sheets } = await getWorkbook(t.http, `/api/v1/reports/audit.xlsx?${PERIOD}&${CONSTANT}&lang=en`);
    // the projects sheet: A's PIM, its 2022 and 2023 lines each converted, then added up
    const a = LINES.filter((l) => l.code === '2000001');
    const row = sheets.get('Projects')!.find((r) => r[1] === '2000001')!;
    expect(row.slice(6, 9)).toEqual([Number(text(sum(a, 'pia'))), Number(text(sum(a, 'pim'))), Number(text(sum(a, 'devengado')))]);
    expect(row.slice(10, 12)).toEqual([5000000, 7000000]); // costs nominal
    const methodology = new Map(sheets.get('Methodology')!.map((r) => [r[0], r[1]]));
    expect(methodology.get('base year')).toBe(2024);
    expect(methodology.get('prices')).toMatch(/^constant soles of 2024/);
    expect(methodology.get('price index')).toMatch(/^PN38705PM: /);
    expect(methodology.get('price index source')).toMatch(/BCRP/);
    const summary = sheets.get('Summary')!.map((r) => r[1] as string);
    expect(summary[1]).toMatch(/^Amounts in constant soles of 2024: .*PN38705PM.*BCRP/);
    // the summary's budget finding quotes the converted Consulta Amigable totals
    const totals = readConsultaCsv(DEMO.csv2015).filter((r) => r.ubigeo === '080801' && YEARS.includes(r.year));
    const pim = totals.reduce((s, r) => s + centsOf(2024, r.year, r.pim * 100n), 0n);
    expect(summary.join('\n')).toContain(`PIM ${sayAmount(pim)}`);
    // the sheet titles stay
    expect([...sheets.keys()]).toEqual([...(await getWorkbook(t.http, `/api/v1/reports/audit.xlsx?${PERIOD}&lang=en`)).sheets.keys()]);

    // one table as CSV in the same soles; the nominal methodology says nominal
    const csv = await request(t.http).get(`/api/v1/reports/audit.csv?${PERIOD}&${CONSTANT}&table=projects`).expect(200);
    expect(csv.text).toContain(text(sum(a, 'pim')));
    const nominal = await request(t.http).get(`/api/v1/reports/audit.csv?${PERIOD}&table=methodology`).expect(200);
    expect(nominal.text).toContain('soles corrientes: cada monto en soles de su propio año');
    const nominalEn = await request(t.http).get(`/api/v1/reports/audit.csv?${PERIOD}&table=methodology&lang=en`).expect(200);
    expect(nominalEn.text).toContain('nominal soles: each amount in soles of its own year');
    // the same constant-soles rows in Spanish, the reader's language by default
    const es = new Map((await getWorkbook(t.http, `/api/v1/reports/audit.xlsx?${PERIOD}&${CONSTANT}`)).sheets.get('Metodología')!.map((r) => [r[0], r[1]]));
    expect(es.get('año base')).toBe(2024);
    expect(es.get('precios')).toMatch(/^soles constantes de 2024: /);
    expect(es.get('fuente del índice')).toMatch(/BCRP.*; importaciones \d+/);
    expect(es.get('factores por año')).toMatch(/^2022: promedio [\d.]+, factor [\d.]+; 2023: promedio/);
    expect(es.get('quedan en soles corrientes')).toContain('devengado acumulado en los años');
    expect([...es.keys()].filter((k) => typeof k === 'string' && /price|base year|left nominal/.test(k))).toEqual([]);
    // refused as the analyses are: a base without a full index, a base without prices=constant
    expect((await request(t.http).get(`/api/v1/reports/audit.csv?${PERIOD}&prices=constant&base=2026`).expect(422)).body.code).toBe('PRICE_INDEX_MISSING');
    expect((await request(t.http).get(`/api/v1/reports/audit.csv?${PERIOD}&base=2024`).expect(400)).body.code).toBe('INVALID_REQUEST');
  });

  it("converts the canon distribution, a year's figures, with that year's factor", async () => {
    await t.post('/api/v1/imports').attach('file', 'data/demo/canon_transferido_rubro18_cusco_entidades_2019-2026.csv').expect(201);
    const url = '/api/v1/analytics/canon-distribution?department=08&year=2023';
    const nominal = await request(t.http).get(url).expect(200);
    const res = await request(t.http).get(`${url}&${CONSTANT}`).expect(200);
    expect(cents(nominal.body.pot.total)).toBeGreaterThan(0n);
    expect(res.body.pot.total).toBe(text(centsOf(2024, 2023, cents(nominal.body.pot.total))));
    expect(res.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2023, 2024]);
  });
});
