import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DemoDataService } from '../src/demo-data/demo-data.service.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { sayAmount } from './support/say-amount.js';

const FILE = 'data/demo/gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv';
const TRANSFERS = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
type Line = { ubigeo: string; year: string; funcion: string; monto_devengado: string; monto_pim: string };
const lines: Line[] = parse(readFileSync(FILE), { columns: true });
const transfers: Record<string, string>[] = parse(readFileSync(TRANSFERS), { columns: true });

/** The default ECLAC rules (migration 1763792400000) by función name, as MEF names the funciones. */
const DIMENSION_OF: Record<string, string> = {
  COMERCIO: 'structural change',
  TURISMO: 'structural change',
  AGROPECUARIA: 'structural change',
  PESCA: 'structural change',
  MINERIA: 'structural change',
  INDUSTRIA: 'structural change',
  'PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA': 'income and productivity',
  ENERGIA: 'income and productivity',
  TRANSPORTE: 'income and productivity',
  COMUNICACIONES: 'income and productivity',
  AMBIENTE: 'income and productivity',
  'VIVIENDA Y DESARROLLO URBANO': 'income and productivity',
  'ORDEN PUBLICO Y SEGURIDAD': 'equal rights',
  TRABAJO: 'equal rights',
  SANEAMIENTO: 'equal rights',
  SALUD: 'equal rights',
  'CULTURA Y DEPORTE': 'equal rights',
  EDUCACION: 'equal rights',
  'PROTECCION SOCIAL': 'equal rights',
  'PREVISION SOCIAL': 'equal rights',
};

const soles = (n: bigint) => `${n}.00`; // the file's amounts are whole soles
const sumOf = (rows: Line[], field: 'monto_devengado' | 'monto_pim') => rows.reduce((s, r) => s + BigInt(r[field]), 0n);
const ofYear = (year: string) => lines.filter((r) => r.year === year);
const transferredIn = (year: string) => transfers.filter((r) => r.anio === year).reduce((s, r) => s + BigInt(r.rubro18_recaudado_total), 0n);
/** round(part / total × 100, 1) and round(part × 10 / total), half up, for positive whole numbers */
const pct = (part: bigint, total: bigint) => Number((part * 2000n + total) / (2n * total)) / 10;
const tenths = (part: bigint, total: bigint) => (part * 20n + total) / (2n * total);

/** The file with its rows changed by `edit` (the header kept), as the bytes of a CSV. */
const edited = (edit: (rows: string[]) => string[]) => {
  const [header, ...rows] = readFileSync(FILE, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  return Buffer.from(`${[header, ...edit(rows)].join('\r\n')}\r\n`);
};

describe('the budget-by-función layout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores the Espinar file at función grain, rubro 18 from its name, and its totals per municipality-year are the file’s', async () => {
    const res = await t.post('/api/v1/imports').attach('file', FILE).expect(201);
    expect(res.body).toMatchObject({
      format: 'budget-by-function',
      rowsRead: lines.length,
      inserted: lines.length,
      revised: 0,
      unchanged: 0,
      years: [2024, 2025, 2026],
    });
    // in Spanish unless English is asked for (stored in English, worded when read)
    expect(res.body.warnings).toContain(
      'El rubro (18) de las filas sin columna de rubro se leyó de los títulos o del nombre del archivo; indique rubro= al subirlo si no es ese.',
    );
    const english = await request(t.http).get(`/api/v1/imports/${res.body.id}`).set('Accept-Language', 'en').expect(200);
    expect(english.body.warnings).toContain(
      "The rubro (18) of rows without a rubro column was read from the file's title rows or name; give rubro= with the upload if it is not that.",
    );

    const stored = await t.sql<{ ubigeo: string; year: number; pim: string; devengado: string; lines: number; scope: string }>(
      `SELECT ubigeo, year, sum(pim)::text AS pim, sum(devengado)::text AS devengado, count(*)::int AS lines, string_agg(DISTINCT rubro_code || '/' || rubro_source, ',') AS scope
       FROM budget_function_line GROUP BY ubigeo, year ORDER BY ubigeo, year`,
    );
    const keys = [...new Set(lines.map((r) => `${r.ubigeo}/${r.year}`))].sort();
    expect(stored.map((s) => `${s.ubigeo}/${s.year}`)).toEqual(keys);
    for (const s of stored) {
      const own = lines.filter((r) => r.ubigeo === s.ubigeo && r.year === String(s.year));
      expect([s.ubigeo, s.year, s.pim, s.devengado, s.lines, s.scope]).toEqual([
        s.ubigeo,
        s.year,
        soles(sumOf(own, 'monto_pim')),
        soles(sumOf(own, 'monto_devengado')),
        own.length,
        '18/file',
      ]);
    }
    // and through the API: the unspent-canon analysis reads them per municipality where no budget lines exist
    for (const year of ['2024', '2025', '2026']) {
      const canon = await request(t.http).get(`/api/v1/analytics/canon?province=0808&year=${year}`).expect(200);
      for (const row of canon.body.periods[0].rows as { ubigeo: string; pim: string; devengado: string }[]) {
        const own = ofYear(year).filter((r) => r.ubigeo === row.ubigeo);
        expect([year, row.ubigeo, row.pim, row.devengado]).toEqual([year, row.ubigeo, soles(sumOf(own, 'monto_pim')), soles(sumOf(own, 'monto_devengado'))]);
      }
    }
  });

  it('refuses a función no MEF classifier has, with its row and column, and writes nothing', async () => {
    const before = await t.sql('SELECT (SELECT count(*) FROM budget_function_line)::int AS lines, (SELECT count(*) FROM import)::int AS imports');
    // the second data row (row 3 of the file, AGROPECUARIA) with the pre-2009 name "EDUCACION Y CULTURA"
    const file = edited((rows) => rows.slice(0, 3).map((r, i) => (i === 1 ? r.replace(',AGROPECUARIA,', ',EDUCACION Y CULTURA,') : r)));
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-12-01')
      .attach('file', file, 'gasto_canon_por_funcion_2.csv')
      .set('Accept-Language', 'en')
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'IMPORT_REJECTED', errorCount: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'funcion', code: 'UNKNOWN_FUNCTION', value: 'EDUCACION Y CULTURA' })]);
    expect(res.body.errors[0].message).toContain('"EDUCACION Y CULTURA"');
    expect(await t.sql('SELECT (SELECT count(*) FROM budget_function_line)::int AS lines, (SELECT count(*) FROM import)::int AS imports')).toEqual(before);
  });

  it('refuses a file that states no rubro, and takes the one the request gives', async () => {
    const file = edited((rows) => rows.filter((r) => r.startsWith('080802,')));
    const refused = await t.post('/api/v1/imports').field('snapshotDate', '2026-12-01').attach('file', file, 'gasto_por_funcion.csv').expect(422);
    expect(refused.body.code).toBe('RUBRO_SCOPE_REQUIRED');
    const stated = await t
      .post('/api/v1/imports')
      .field('rubro', '18')
      .field('snapshotDate', '2026-12-01')
      .attach('file', file, 'gasto_por_funcion.csv')
      .expect(201);
    // the same lines as the first import's for Condoroma: nothing new
    expect(stated.body).toMatchObject({ scope: 'rubro=18', inserted: 0, revised: 0, unchanged: lines.filter((r) => r.ubigeo === '080802').length });
    const [{ sources }] = await t.sql(`SELECT string_agg(DISTINCT rubro_source, ',') AS sources FROM budget_function_line WHERE import_id = $1`, [
      stated.body.id,
    ]);
    expect(sources).toBe('request');
    await t.post('/api/v1/imports').field('rubro', '18').attach('file', TRANSFERS).expect(400);
  });

  it('changes nothing when the same file comes again, as the same bytes or the same rows', async () => {
    const count = () => t.sql('SELECT count(*)::int AS lines, sum(devengado)::text AS devengado FROM budget_function_line');
    const canon = async () => (await request(t.http).get('/api/v1/analytics/canon?province=0808&fromYear=2024&toYear=2026').expect(200)).body.periods[0];
    const [before, figures] = [await count(), await canon()];
    const again = await t.post('/api/v1/imports').attach('file', FILE).expect(200);
    expect(again.body.duplicate).toBe(true);
    expect(await count()).toEqual(before);
    // the same rows with other line endings: a new import, every line unchanged
    const lf = Buffer.from(readFileSync(FILE, 'utf8').replace(/\r\n/g, '\n'));
    const newer = await t.post('/api/v1/imports').attach('file', lf, 'gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv').expect(201);
    expect(newer.body).toMatchObject({ inserted: 0, revised: 0, unchanged: lines.length });
    const after = await canon();
    expect([after.byYear, after.totals]).toEqual([figures.byYear, figures.totals]);
  });
});

describe('Espinar on a fresh start, from real data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seedDemoData: true });
    await t.app.get(DemoDataService).seedIfEmpty();
  });
  afterAll(() => t.close());

  it.each(['2024', '2025'])('gives the ECLAC dimensions of %s’s canon devengado from the función lines, marked rubro 18 and función level', async (year) => {
    const res = await request(t.http).get(`/api/v1/analytics/dimensions?province=0808&year=${year}`).set('Accept-Language', 'en').expect(200);
    const period = res.body.periods[0];
    // the file's lines of the year, each función in its default rule's dimension
    const byDimension = new Map<string, bigint>();
    for (const r of ofYear(year)) byDimension.set(DIMENSION_OF[r.funcion], (byDimension.get(DIMENSION_OF[r.funcion]) ?? 0n) + BigInt(r.monto_devengado));
    const total = sumOf(ofYear(year), 'monto_devengado');
    expect(period.totalDevengado).toBe(soles(total));
    for (const row of period.rows as { label: string; devengado: string; devengadoSharePct: number | null }[]) {
      const amount = byDimension.get(row.label) ?? 0n;
      expect([row.label, row.devengado, row.devengadoSharePct]).toEqual([row.label, soles(amount), pct(amount, total)]);
    }
    const parts = [...byDimension.entries()].sort(([, a], [, b]) => (b > a ? 1 : -1)).map(([label, amount]) => `${tenths(amount, total)} to ${label}`);
    expect(period.sentence).toBe(`Of every 10 soles of canon devengado, ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}.`);
    expect(period.coverage).toMatchObject({
      complete: true,
      spending: { source: 'function_lines', level: 'function', rubros: ['18'], pia: false },
      functionLines: { municipalityYears: 8, rubro18MunicipalityYears: 8, rubros: ['18'], rubro18PimCoveragePct: null },
      budgetLines: { municipalityYears: 0 },
    });
    expect(res.body.inputs.sources).toEqual([expect.stringContaining('budget lines by función')]);
    expect(res.body.inputs.leftOut.join(' ')).toContain('rubro 18 (the period has no complete budget lines): that rubro only');

    const es = await request(t.http).get(`/api/v1/analytics/dimensions?province=0808&year=${year}`).expect(200);
    expect(es.body.periods[0].sentence).toMatch(/^De cada 10 soles de canon devengado, /);
  });

  it('says the canon spent beyond a year’s transfers came from earlier balance, never a bare percentage', async () => {
    const res = await request(t.http).get('/api/v1/analytics/canon?province=0808&fromYear=2024&toYear=2025').set('Accept-Language', 'en').expect(200);
    const period = res.body.periods[0];
    const [t24, t25] = [transferredIn('2024'), transferredIn('2025')];
    const [d24, d25] = [sumOf(ofYear('2024'), 'monto_devengado'), sumOf(ofYear('2025'), 'monto_devengado')];
    // both years spent more than that year's transfers (202,203,213 of 194,672,173; 178,288,519 of 161,538,019)
    expect(d24 > t24 && d25 > t25).toBe(true);
    const [e24, e25] = [d24 - t24, d25 - t25];
    expect(period.byYear).toEqual([
      expect.objectContaining({ year: 2024, transferred: soles(t24), devengado: soles(d24), unspent: `-${soles(e24)}`, carryOver: `-${soles(e24)}` }),
      expect.objectContaining({ year: 2025, transferred: soles(t25), devengado: soles(d25), unspent: `-${soles(e25)}`, carryOver: `-${soles(e24 + e25)}` }),
    ]);
    // 2024 opens the period: the whole excess is balance from before it; 2025 has no balance of the period left to spend
    expect(period.byYear[0].sentence).toBe(
      `In 2024, ${sayAmount(d24 * 100n)} of canon (rubro 18) was spent (devengado), ${sayAmount(e24 * 100n)} more than the ${sayAmount(t24 * 100n)} transferred that year: balance from earlier years’ transfers was spent. ` +
        `At least ${sayAmount(e24 * 100n)} of that balance comes from transfers before 2024, which this period does not include.`,
    );
    expect(period.byYear[1].sentence).toBe(
      `In 2025, ${sayAmount(d25 * 100n)} of canon (rubro 18) was spent (devengado), ${sayAmount(e25 * 100n)} more than the ${sayAmount(t25 * 100n)} transferred that year: balance from earlier years’ transfers was spent. ` +
        `At least ${sayAmount(e25 * 100n)} of that balance comes from transfers before 2024, which this period does not include.`,
    );
    for (const y of period.byYear) expect(y.sentence).not.toContain('%');
    expect(period.coverage).toMatchObject({
      complete: true,
      spending: { source: 'function_lines', rubros: ['18'], pia: false },
      canonTransfers: { municipalityYears: 16 },
    });
    expect(period.totals).toMatchObject({ canonShareOfPimPct: null, yearsWithBudget: 0, yearsWithRubro18Lines: 2 });
    expect(res.body.inputs.leftOut).toContain(
      'Rubro-18 PIM and devengado were read from budget lines by función (the period has no complete budget lines): without PIA or the rest of the budget, so there is no canon share of all PIM.',
    );

    // a municipality-year that spent less than its transfers: Coporaque (080803) in 2024
    const coporaque = await request(t.http).get('/api/v1/analytics/canon?municipality=080803&year=2024').set('Accept-Language', 'en').expect(200);
    const t803 = BigInt(transfers.find((r) => r.ubigeo === '080803' && r.anio === '2024')!.rubro18_recaudado_total);
    const d803 = sumOf(
      ofYear('2024').filter((r) => r.ubigeo === '080803'),
      'monto_devengado',
    );
    expect(d803 < t803).toBe(true);
    expect(coporaque.body.periods[0].byYear[0].sentence).toBe(
      `In 2024, ${sayAmount(d803 * 100n)} of canon (rubro 18) was spent (devengado) of the ${sayAmount(t803 * 100n)} transferred that year; ${sayAmount((t803 - d803) * 100n)} was left unspent.`,
    );
  });
});
