import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { populationOf } from './support/reference.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { sayAmount } from './support/say-amount.js';

const CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (district: string, product: string, rubro: string, pim: number, dev: number) =>
  `M,300740,08,08,${district},2,${product},OBRA,15,TRANSPORTE,033,T,0066,V,5,RD,${rubro},R${rubro},2024,0,${pim},0,0,${dev},0`;

/** round(a / b × 100, 1), half away from zero, for positive whole numbers */
const pct = (a: bigint, b: bigint) => Number((a * 2000n + b) / (2n * b)) / 10;

describe('unspent canon', () => {
  let t: TestApp;
  const transfers: Record<string, string>[] = parse(readFileSync(CANON), { columns: true });
  const of2024 = transfers.filter((r) => r.anio === '2024');
  const transferred = (ubigeo: string) => BigInt(of2024.find((r) => r.ubigeo === ubigeo)!.rubro18_recaudado_total);

  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').attach('file', CANON).expect(201);
    const lines = [
      HEADER,
      line('01', '2000001', '18', 100_000_000, 60_000_000),
      line('01', '2000002', '07', 20_000_000, 10_000_000),
      line('03', '2000003', '18', 30_000_000, 27_000_000),
    ];
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(lines.join('\n')), 'gasto-2024.csv')
      .expect(201);
  });
  afterAll(() => t.close());

  it('sets transfers against PIM and devengado on rubro 18, both ways, per municipality', async () => {
    const res = await request(t.http).get('/api/v1/analytics/canon?year=2024&province=0808').set('Accept-Language', 'en').expect(200);
    expect(res.body.periods[0].rows).toHaveLength(8);
    const yauri = res.body.periods[0].rows.find((r: { ubigeo: string }) => r.ubigeo === '080801');
    const t801 = transferred('080801'); // 126,501,751 in the file
    const total = of2024.reduce((s, r) => s + BigInt(r.rubro18_recaudado_total), 0n);
    const population = populationOf('080801', 2024); // MINAM's file: 2023, its year nearest to 2024
    expect(yauri).toMatchObject({
      transferred: `${t801}.00`,
      pim: '100000000.00',
      devengado: '60000000.00',
      unspentOfTransferred: `${t801 - 60_000_000n}.00`,
      unspentOfPim: '40000000.00',
      utilizationPct: pct(60_000_000n, t801),
      executionPct: 60, // 60 of 100 million
      sharePct: pct(t801, total),
      canonShareOfPimPct: 83.3, // 100 of the 120 million of PIM
      yearsWithTransfers: 1,
      yearsWithBudget: 1,
      yearsWithRubro18Lines: 1,
    });
    // transfers per inhabitant: céntimos rounded half up
    const cents = (t801 * 100n * 2n + BigInt(population)) / (2n * BigInt(population));
    expect(yauri.transferredPerCapita).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);

    // no budget lines for Condoroma: its spending is unknown, not zero, and so is what it left unspent
    const condoroma = res.body.periods[0].rows.find((r: { ubigeo: string }) => r.ubigeo === '080802');
    expect(condoroma).toMatchObject({
      pim: null,
      devengado: null,
      unspentOfTransferred: null,
      executionPct: null,
      yearsWithBudget: 0,
      yearsWithRubro18Lines: 0,
      utilizationPct: null,
    });
    // the totals add up what is known, and compare transfers with spending only where both are known for every municipality
    expect(res.body.periods[0].totals).toMatchObject({
      transferred: `${total}.00`,
      pim: '130000000.00',
      devengado: '87000000.00',
      sharePct: 100,
      unspentOfTransferred: null,
      utilizationPct: null,
    });
    // 2 of the 8 municipality-years have lines, all 8 have transfers; no Consulta Amigable totals to measure the lines against
    expect(res.body.periods[0].coverage).toMatchObject({
      complete: false,
      municipalityYears: 8,
      budgetLines: { municipalityYears: 2, pimCoveragePct: null, devengadoCoveragePct: null },
      rubro18Lines: { municipalityYears: 2 },
      canonTransfers: { municipalityYears: 8 },
      consultaAmigable: { municipalityYears: 0 },
      missing: [
        "No budget lines were imported for 080802, 080804, 080805, 080806, 080807, 080808 in 2024: import MEF's gasto file for that year (2024-Gasto.csv, open data) or the planner's template.",
      ],
    });
  });

  it('carries unspent transfers from year to year and puts periods side by side', async () => {
    const res = await request(t.http).get('/api/v1/analytics/canon?province=0808&fromYear=2023&toYear=2024').set('Accept-Language', 'en').expect(200);
    const sumOf = (year: string) => transfers.filter((r) => r.anio === year).reduce((s, r) => s + BigInt(r.rubro18_recaudado_total), 0n);
    const [t23, t24] = [sumOf('2023'), sumOf('2024')];
    // 2023: no budget lines at all, so what was spent is unknown (not zero) and so is the balance from then on;
    // 2024: only 080801 and 080803 have rubro-18 lines: the province's spending that year is unknown too, never their
    // 87,000,000 set against all eight municipalities' transfers (that would call the other six's spending unspent)
    expect(res.body.periods[0].byYear).toEqual([
      { year: 2023, transferred: `${t23}.00`, transferSource: 'transfers', pim: null, devengado: null, unspent: null, carryOver: null, sentence: null },
      { year: 2024, transferred: `${t24}.00`, transferSource: 'transfers', pim: null, devengado: null, unspent: null, carryOver: null, sentence: null },
    ]);
    // the two municipalities with lines, asked for alone: their 2024 is known and said
    const two = await request(t.http).get('/api/v1/analytics/canon?municipality=080801,080803&year=2024').set('Accept-Language', 'en').expect(200);
    const t2 = transferred('080801') + transferred('080803');
    expect(two.body.periods[0].byYear).toEqual([
      {
        year: 2024,
        transferred: `${t2}.00`,
        transferSource: 'transfers',
        pim: '130000000.00', // 100,000,000 + 30,000,000 of rubro 18
        devengado: '87000000.00', // 60,000,000 + 27,000,000
        unspent: `${t2 - 87_000_000n}.00`,
        carryOver: `${t2 - 87_000_000n}.00`,
        sentence: `In 2024, S/ 87,000,000 of canon (rubro 18) was spent (devengado) of the ${sayAmount(t2 * 100n)} transferred that year; ${sayAmount((t2 - 87_000_000n) * 100n)} was left unspent.`,
      },
    ]);
    expect(res.body.inputs.years).toEqual([2023, 2024]);
    // only 080801 and 080803 have budget lines, and only for 2024: said in words, with the file that would supply them
    expect(res.body.inputs.leftOut).toEqual([
      "No budget lines were imported for any of the 8 municipalities of the selection in 2023: import MEF's gasto file for that year (2023-Gasto.csv, open data) or the planner's template.",
      "No budget lines were imported for 080802, 080804, 080805, 080806, 080807, 080808 in 2024: import MEF's gasto file for that year (2024-Gasto.csv, open data) or the planner's template.",
      'No rubro-18 budget lines loaded for 080802, 080804, 080805, 080806, 080807, 080808: their rubro-18 PIM and devengado are unknown, not 0.',
    ]);

    const side = await request(t.http).get('/api/v1/analytics/canon?province=0808&periods=2023,2024').set('Accept-Language', 'en').expect(200);
    expect(side.body.periods.map((p: { totals: { transferred: string } }) => p.totals.transferred)).toEqual([`${t23}.00`, `${t24}.00`]);
    expect(side.body.periods[0].totals).toMatchObject({ devengado: null, utilizationPct: null, unspentOfTransferred: null });
    expect(side.body.periods.map((p: { coverage: { complete: boolean } }) => p.coverage.complete)).toEqual([false, false]);
  });
});
