import pg from 'pg';
import request from 'supertest';
import { rebuildRollups } from '../src/budget/rollups.js';
import type { ExecutionQueryDto } from '../src/execution/dto/execution.dto.js';
import { type FiguresRow, rowJson, toFigures } from '../src/execution/figures.js';
import { ExecutionService } from '../src/execution/execution.service.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The rollups that serve every read of the current snapshot, checked against sums computed here
 * straight from the file that was imported, for random selections and groupings; after a re-import, a
 * revision, an older file and a rules change.
 */
const HEADER = [
  'ANO_EJE',
  'MES_EJE',
  'NIVEL_GOBIERNO',
  'SEC_EJEC',
  'EJECUTORA_NOMBRE',
  'DEPARTAMENTO_EJECUTORA',
  'PROVINCIA_EJECUTORA',
  'DISTRITO_EJECUTORA',
  'TIPO_ACT_PROY',
  'PRODUCTO_PROYECTO',
  'PRODUCTO_PROYECTO_NOMBRE',
  'FUNCION',
  'FUNCION_NOMBRE',
  'DIVISION_FUNCIONAL',
  'DIVISION_FUNCIONAL_NOMBRE',
  'GRUPO_FUNCIONAL',
  'GRUPO_FUNCIONAL_NOMBRE',
  'FUENTE_FINANCIAMIENTO',
  'FUENTE_FINANCIAMIENTO_NOMBRE',
  'RUBRO',
  'RUBRO_NOMBRE',
  'MONTO_PIA',
  'MONTO_PIM',
  'MONTO_CERTIFICADO',
  'MONTO_COMPROMETIDO_ANUAL',
  'MONTO_DEVENGADO',
  'MONTO_GIRADO',
].join(',');

// Espinar's eight municipalities, two of Cusco province's and Lima's: three provinces, two departments
const UBIGEOS = ['080801', '080802', '080803', '080804', '080805', '080806', '080807', '080808', '080101', '080104', '150101'];
const FUNCTIONS = [
  ['03', '031', '0006'],
  ['15', '033', '0066'],
  ['18', '040', '0088'],
  ['20', '043', '0095'],
  ['22', '047', '0103'],
  ['10', '010', '0005'],
  ['10', '011', '0020'],
];
const RUBROS = [
  ['1', '00'],
  ['2', '09'],
  ['5', '07'],
  ['5', '18'],
];

/** mulberry32: the same file on every run. */
function generator(seed: number) {
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

interface Row {
  year: number;
  month: number;
  ubigeo: string;
  kind: number;
  product: string;
  fn: string;
  division: string;
  group: string;
  fuente: string;
  rubro: string;
  /** céntimos */
  pia: bigint;
  pim: bigint;
  devengado: bigint;
}

/** Rows over the municipalities, two years and months, with grains repeated across months (folded by the import) and some reversals. */
function rows(seed: number, count: number, ubigeos = UBIGEOS): Row[] {
  const rand = generator(seed);
  const out: Row[] = [];
  for (let i = 0; i < count; i++) {
    const ubigeo = ubigeos[rand(ubigeos.length)];
    const kind = rand(3) === 0 ? 3 : 2;
    const [fn, division, group] = FUNCTIONS[rand(FUNCTIONS.length)];
    const [fuente, rubro] = RUBROS[rand(RUBROS.length)];
    const pim = BigInt(rand(5_000_000)) * 100n + BigInt(rand(100));
    out.push({
      year: 2023 + rand(2),
      month: 1 + rand(12),
      ubigeo,
      kind,
      product: kind === 2 ? String(2_100_000 + rand(40)) : String(3_000_000 + rand(5)),
      fn,
      division,
      group,
      fuente,
      rubro,
      pia: rand(3) === 0 ? 0n : BigInt(rand(4_000_000)) * 100n,
      pim,
      devengado: BigInt(rand(Number(pim / 100n) + 1)) * 100n + BigInt(rand(100)) - (rand(20) === 0 ? pim : 0n),
    });
  }
  return out;
}

const soles = (cents: bigint) =>
  `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`;

function csv(data: Row[]): Buffer {
  const lines = data.map((r) =>
    [
      r.year,
      r.month,
      'M',
      300000 + UBIGEOS.indexOf(r.ubigeo),
      `MUNICIPALIDAD ${r.ubigeo}`,
      r.ubigeo.slice(0, 2),
      r.ubigeo.slice(2, 4),
      r.ubigeo.slice(4),
      r.kind,
      r.product,
      `"OBRA ${r.product}"`,
      r.fn,
      `F${r.fn}`,
      r.division,
      `D${r.division}`,
      r.group,
      `G${r.group}`,
      r.fuente,
      `FUENTE ${r.fuente}`,
      r.rubro,
      `RUBRO ${r.rubro}`,
      soles(r.pia),
      soles(r.pim),
      '0',
      '0',
      soles(r.devengado),
      '0',
    ].join(','),
  );
  return Buffer.from([HEADER, ...lines].join('\n'));
}

/**
 * The budget lines the file makes, computed here: rows at the same grain (year, municipality, kind,
 * product, función, división, grupo, rubro) are one line; PIA and PIM come from the grain's latest
 * month (MEF repeats them every month), devengado is summed.
 */
function lines(data: Row[]): (Row & { months: Map<number, { pim: bigint; devengado: bigint }> })[] {
  const byGrain = new Map<string, Row[]>();
  for (const r of data) {
    const key = [r.year, r.ubigeo, r.kind, r.product, r.fn, r.division, r.group, r.rubro].join('/');
    byGrain.set(key, [...(byGrain.get(key) ?? []), r]);
  }
  return [...byGrain.values()].map((group) => {
    const last = Math.max(...group.map((r) => r.month));
    const latest = group.filter((r) => r.month === last);
    const months = new Map<number, { pim: bigint; devengado: bigint }>();
    for (const r of group) {
      const m = months.get(r.month) ?? { pim: 0n, devengado: 0n };
      months.set(r.month, { pim: m.pim + r.pim, devengado: m.devengado + r.devengado });
    }
    return {
      ...group[0],
      pia: latest.reduce((s, r) => s + r.pia, 0n),
      pim: latest.reduce((s, r) => s + r.pim, 0n),
      devengado: group.reduce((s, r) => s + r.devengado, 0n),
      months,
    };
  });
}

type Line = ReturnType<typeof lines>[number];
const KEY_OF: Record<string, (l: Line) => string> = {
  municipality: (l) => l.ubigeo,
  province: (l) => l.ubigeo.slice(0, 4),
  department: (l) => l.ubigeo.slice(0, 2),
  year: (l) => String(l.year),
  function: (l) => l.fn,
  division: (l) => l.division,
  group: (l) => l.group,
  rubro: (l) => l.rubro,
  fuente: (l) => l.fuente,
  project: (l) => l.product,
};

/** Sums of PIA, PIM and devengado per key of the grouping, over the lines of the current imports that the filter keeps. */
function expected(current: Line[], groupBy: string, keep: (l: Line) => boolean): Record<string, [string, string, string]> {
  const sums = new Map<string, [bigint, bigint, bigint]>();
  for (const l of current.filter(keep)) {
    const key = KEY_OF[groupBy](l);
    const [pia, pim, dev] = sums.get(key) ?? [0n, 0n, 0n];
    sums.set(key, [pia + l.pia, pim + l.pim, dev + l.devengado]);
  }
  return Object.fromEntries([...sums].map(([k, [a, b, c]]) => [k, [soles(a), soles(b), soles(c)]]));
}

/** Every selection and grouping the random draw picks, answered by the service and computed from the file's `current` lines. */
async function compareReads(t: TestApp, current: Line[], seed: number, draws: number) {
  const rand = generator(seed);
  const selections: [string, (l: Line) => boolean][] = [
    ['province=0808', (l) => l.ubigeo.startsWith('0808')],
    ['department=08', (l) => l.ubigeo.startsWith('08')],
    ['', () => true],
    ['municipality=080801,080103,150101', (l) => ['080801', '080103', '150101'].includes(l.ubigeo)],
    ['kind=provincial', (l) => l.ubigeo.endsWith('01')],
  ];
  const filters: [string, (l: Line) => boolean][] = [
    ['', () => true],
    ['&rubro=18', (l) => l.rubro === '18'],
    ['&function=10', (l) => l.fn === '10'],
    ['&project=2100007', (l) => l.product === '2100007'],
  ];
  const years: [string, (l: Line) => boolean][] = [
    ['year=2023', (l) => l.year === 2023],
    ['fromYear=2023&toYear=2024', () => true],
    ['year=2024', (l) => l.year === 2024],
  ];
  for (let i = 0; i < draws; i++) {
    const [geo, inGeo] = selections[rand(selections.length)];
    const [filter, passes] = filters[rand(filters.length)];
    const [span, inYears] = years[rand(years.length)];
    const groupBy = Object.keys(KEY_OF)[rand(Object.keys(KEY_OF).length)];
    const url = `/api/v1/execution?${span}&level=detail&groupBy=${groupBy}&limit=2000${geo ? `&${geo}` : ''}${filter}`;
    const res = await request(t.http).get(url).expect(200);
    const got = Object.fromEntries(res.body.rows.map((r: Record<string, string>) => [r.key, [r.pia, r.pim, r.devengado]]));
    expect([url, got]).toEqual([url, expected(current, groupBy, (l) => inGeo(l) && passes(l) && inYears(l))]);
  }
}

const ROLLUP_TABLES = [
  'rollup_budget_year',
  'rollup_budget',
  'rollup_budget_key',
  'rollup_budget_classifier',
  'rollup_budget_month',
  'rollup_budget_month_total',
  'rollup_project',
  'rollup_project_import',
  'rollup_budget_department',
  'rollup_budget_classifier_department',
  'rollup_project_scope',
  'rollup_planning_gap',
  'rollup_planning_gap_top',
];

/**
 * Expects every rollup table to hold what a rebuild from budget_line alone makes (the rebuild is rolled
 * back); answers the tables' rows as kept.
 */
async function sameAsRebuilt(t: TestApp): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    // every row of every table as text, in order (rollup_project without the partition it sits in)
    const contents = async () => {
      const out: Record<string, string[]> = {};
      for (const table of ROLLUP_TABLES) {
        const { rows } = await client.query(`SELECT to_jsonb(r) - 'part' AS row FROM ${table} r`);
        out[table] = rows.map((r) => JSON.stringify(r.row)).sort();
      }
      return out;
    };
    await client.query('BEGIN');
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const kept = await contents();
    await rebuildRollups(async (text, params) => (await client.query(text, params)).rows as never);
    const rebuilt = await contents();
    for (const table of ROLLUP_TABLES) expect([table, kept[table]]).toEqual([table, rebuilt[table]]);
    return kept;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

describe('rollups of the current budget lines', () => {
  let t: TestApp;
  const first = rows(11, 1500);
  let current: Line[] = lines(first);

  const compare = (seed: number, draws: number) => compareReads(t, current, seed, draws);

  beforeAll(async () => {
    // files of 1,000 lines or more keep partitions of their own (lines and rollup_project), smaller ones join the shared ones: both ways
    t = await createTestApp({ ownPartitionLines: 1000 });
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', csv(first), 'gasto-a.csv').expect(201);
  });
  afterAll(() => t.close());

  it('equal the sums of the imported file for random selections, filters and groupings', async () => {
    await compare(1, 40);
  });

  it('equal them month by month: devengado of each month, and PIM as it stood then', async () => {
    const year = 2024;
    // with a rubro filter (rollup_budget_month) and without one (the municipality-years' own monthly totals)
    const cases: [string, (l: Line) => boolean][] = [
      ['province=0808&rubro=18', (l) => l.ubigeo.startsWith('0808') && l.rubro === '18'],
      ['department=08', (l) => l.ubigeo.startsWith('08')],
    ];
    for (const [query, selected] of cases) {
      const of = current.filter((l) => l.year === year && selected(l));
      const res = await request(t.http).get(`/api/v1/execution/monthly?year=${year}&${query}`).expect(200);
      let running = 0n;
      const want = Array.from({ length: 12 }, (_, i) => {
        const month = i + 1;
        const devengado = of.reduce((s, l) => s + (l.months.get(month)?.devengado ?? 0n), 0n);
        running += devengado;
        // each line's PIM as of the month: its figure of the latest month at or before it, if any
        const asOf = of.map((l) => [...l.months].filter(([m]) => m <= month).sort(([a], [b]) => b - a)[0]?.[1].pim);
        const known = asOf.filter((p): p is bigint => p !== undefined);
        return { month, devengado: soles(devengado), pim: known.length ? soles(known.reduce((s, p) => s + p, 0n)) : null, cumulativeDevengado: soles(running) };
      });
      const got = res.body.months.map((m: Record<string, unknown>) => ({
        month: m.month,
        devengado: m.devengado,
        pim: m.pim,
        cumulativeDevengado: m.cumulativeDevengado,
      }));
      expect([query, got]).toEqual([query, want]);
      expect([query, res.body.linesWithMonths, res.body.annualPim]).toEqual([query, of.length, soles(of.reduce((s, l) => s + l.pim, 0n))]);
    }
  });

  it('equal them after the same file again, a revision of some municipality-years, and an older file that changes nothing current', async () => {
    // the same bytes are the same import; the same figures in other bytes are a new import of the same cut-off, which wins
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', csv(first), 'gasto-a.csv').expect(200);
    const [{ id: firstId }] = await t.sql<{ id: number }>(`SELECT min(id) AS id FROM import`);
    const again = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-01-31')
      .attach('file', Buffer.concat([csv(first), Buffer.from('\n')]), 'gasto-a2.csv')
      .expect(201);
    await compare(2, 10);
    // the first import's project rollup, current for nothing now, was dropped whole; the new one's attached
    const partitions = await t.sql<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'rollup_project'::regclass ORDER BY 1`,
    );
    expect(partitions.map((p) => p.name)).toEqual([`rollup_project_${again.body.id}`, 'rollup_project_shared'].sort());
    expect(firstId).not.toBe(again.body.id);

    // a later cut-off for Espinar's municipalities only: their municipality-years are replaced as a whole, the others stay
    const espinar = UBIGEOS.slice(0, 8);
    const revision = rows(12, 600, espinar);
    await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', csv(revision), 'gasto-b.csv').expect(201);
    const revised = lines(revision);
    const replaced = new Set(revised.map((l) => `${l.ubigeo}/${l.year}`));
    current = [...current.filter((l) => !replaced.has(`${l.ubigeo}/${l.year}`)), ...revised];
    await compare(3, 25);

    // an older cut-off of the same municipality-years adds history and leaves the current figures alone
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2024-12-31')
      .attach('file', csv(rows(13, 300, espinar)), 'gasto-old.csv')
      .expect(201);
    await compare(4, 15);
    const [{ stale }] = await t.sql<{ stale: number }>(
      `SELECT count(*)::int AS stale FROM rollup_budget_year y
       WHERE y.import_id <> (SELECT s.import_id FROM import_scope s WHERE s.dataset = 'budget' AND s.ubigeo = y.ubigeo AND s.year = y.year
                             ORDER BY s.snapshot_date DESC, s.import_id DESC LIMIT 1)`,
    );
    expect(stale).toBe(0);
  });

  it("give the projects' figures (planning gap, urban-rural) of the current lines after the revisions, computed here from the files", async () => {
    // a later cut-off for two municipalities of two departments: their earlier imports' projects stay in the history, not in the figures
    const revision = rows(15, 200, ['080802', '150101']);
    await t.post('/api/v1/imports').field('snapshotDate', '2025-04-30').attach('file', csv(revision), 'gasto-d.csv').expect(201);
    const revised = lines(revision);
    const replaced = new Set(revised.map((l) => `${l.ubigeo}/${l.year}`));
    current = [...current.filter((l) => !replaced.has(`${l.ubigeo}/${l.year}`)), ...revised];
    const spans: [string, (l: Line) => boolean][] = [
      ['year=2024', (l) => l.year === 2024],
      ['fromYear=2023&toYear=2024', () => true],
    ];
    for (const [geo, prefix] of [
      ['', ''],
      ['department=08', '08'],
      ['province=0808', '0808'],
      ['municipality=080802,150101', ''],
    ] as const) {
      const inGeo = geo.startsWith('municipality') ? (l: Line) => ['080802', '150101'].includes(l.ubigeo) : (l: Line) => l.ubigeo.startsWith(prefix);
      for (const [span, inSpan] of spans) {
        const of = current.filter((l) => l.kind === 2 && inGeo(l) && inSpan(l));
        // planning gap: per CUI and year (a project budgeted in two years counts twice)
        const perYear = new Map<string, { cui: string; year: number; pia: bigint; pim: bigint }>();
        for (const l of of) {
          const p = perYear.get(`${l.product}/${l.year}`) ?? { cui: l.product, year: l.year, pia: 0n, pim: 0n };
          perYear.set(`${l.product}/${l.year}`, { ...p, pia: p.pia + l.pia, pim: p.pim + l.pim });
        }
        // the largest PIA first, then by CUI and year; the first 10 (the default top)
        const topPia = [...perYear.values()]
          .filter((p) => p.pia > 0n)
          .sort((a, b) => (a.pia !== b.pia ? (b.pia > a.pia ? 1 : -1) : a.cui !== b.cui ? (a.cui < b.cui ? -1 : 1) : a.year - b.year))
          .slice(0, 10)
          .map((p) => [p.cui, p.year, soles(p.pia), soles(p.pim)]);
        const count = (keep: (p: { pia: bigint; pim: bigint }) => boolean, amount: 'pia' | 'pim') => {
          const kept = [...perYear.values()].filter(keep);
          return { projects: kept.length, amount: soles(kept.reduce((s, p) => s + p[amount], 0n)) };
        };
        const url = `/api/v1/analytics/planning-gap?${span}${geo ? `&${geo}` : ''}`;
        const answer = (await request(t.http).get(url).expect(200)).body;
        const gap = answer.periods[0];
        expect([url, gap.withPim, gap.added, gap.dropped, gap.withPia]).toEqual([
          url,
          count((p) => p.pim > 0n, 'pim'),
          count((p) => p.pim > 0n && p.pia <= 0n, 'pim'),
          count((p) => p.pia > 0n && p.pim <= 0n, 'pia'),
          count((p) => p.pia > 0n, 'pia'),
        ]);
        expect([url, gap.inPia.projects, gap.inPia.amount]).toEqual([
          url,
          count((p) => p.pim > 0n && p.pia > 0n, 'pim').projects,
          count((p) => p.pim > 0n && p.pia > 0n, 'pim').amount,
        ]);
        expect([url, gap.topPia.projects.map((p: { cui: string; year: number; pia: string; pim: string }) => [p.cui, p.year, p.pia, p.pim])]).toEqual([
          url,
          topPia,
        ]);
        expect([url, answer.inputs.years]).toEqual([url, [...new Set(of.map((l) => l.year))].sort()]);
        // urban-rural: every CUI once over the period, whatever its area; the areas add up to the selection's projects
        const areas = (await request(t.http).get(url.replace('planning-gap', 'urban-rural')).expect(200)).body.periods[0].projectLevel.areas as {
          projects: number;
          pim: string;
          devengado: string;
        }[];
        const cents = (amount: string) => BigInt(amount.replace('.', ''));
        expect([
          url,
          areas.reduce((s, a) => s + a.projects, 0),
          soles(areas.reduce((s, a) => s + cents(a.pim), 0n)),
          soles(areas.reduce((s, a) => s + cents(a.devengado), 0n)),
        ]).toEqual([url, new Set(of.map((l) => l.product)).size, soles(of.reduce((s, l) => s + l.pim, 0n)), soles(of.reduce((s, l) => s + l.devengado, 0n))]);
      }
    }
  });

  it('classify by the rules of the version asked for, and by the dimension a person set for a project', async () => {
    const rules: { level: string; code: string; dimension: string }[] = (await request(t.http).get('/api/v1/classification/rules').expect(200)).body.rules;
    const put = await t
      .put('/api/v1/classification/rules')
      .send({
        note: 'irrigation (011) as structural change',
        rules: [...rules.filter((r) => r.code !== '011'), { level: 'division', code: '011', dimension: 'income_productivity' }],
      })
      .expect(200);
    await t.put('/api/v1/projects/2100003/dimension').send({ dimension: 'structural_change', reason: 'a test' }).expect(200);
    const dimensionOf = (l: Line) => {
      if (l.kind === 2 && l.product === '2100003') return 'structural_change';
      const rule = (level: string, code: string) => rules.find((r) => r.level === level && r.code === code)?.dimension;
      return l.division === '011'
        ? 'income_productivity'
        : (rule('group', l.group) ?? rule('division', l.division) ?? rule('function', l.fn) ?? 'unclassified');
    };
    // a department, and the country (both read the per-department sums), and a province (the municipalities' sums)
    for (const [geo, prefix] of [
      ['department=08', '08'],
      ['', ''],
      ['province=0808', '0808'],
    ]) {
      const res = await request(t.http).get(`/api/v1/analytics/dimensions?${geo}&year=2024&version=${put.body.version}`).expect(200);
      const of = current.filter((l) => l.year === 2024 && l.ubigeo.startsWith(prefix));
      const want = ['structural_change', 'income_productivity', 'equal_rights', 'unclassified'].map((d) => [
        d,
        soles(of.filter((l) => dimensionOf(l) === d).reduce((s, l) => s + l.pim, 0n)),
      ]);
      const got = new Map(res.body.periods[0].rows.map((r: { dimension: string; pim: string }) => [r.dimension, r.pim]));
      // a dimension without a row has no budget in the selection
      expect(want.map(([d]) => [d, got.get(d as string) ?? '0.00'])).toEqual(want);
      expect(res.body.periods[0].rows.length).toBeGreaterThan(0);
      expect(res.body.inputs.years).toEqual([2024]);
      // the municipalities with lines, however the sums were read
      expect(res.body.periods[0].municipalitiesWithData).toBe(new Set(of.map((l) => l.ubigeo)).size);
      expect(res.body.periods[0].coverage.budgetLines.municipalityYears).toBe(new Set(of.map((l) => l.ubigeo)).size);
    }
    // the plan alignment ranks each municipality's budget by the same rules and the same moved project (its own path: rows, not sums)
    const executors = [...new Set(current.filter((l) => l.year === 2024 && l.kind === 2 && l.product === '2100003').map((l) => l.ubigeo))];
    expect(executors.length).toBeGreaterThan(0);
    const dimensions = ['structural_change', 'income_productivity', 'equal_rights'];
    for (const ubigeo of [...executors, '150101']) {
      await t
        .put(`/api/v1/municipalities/${ubigeo}/plan-priorities`)
        .send({ plan: 'a test', priorities: dimensions.map((code) => ({ level: 'dimension', code })) })
        .expect(200);
    }
    const res = await request(t.http).get(`/api/v1/analytics/plan-alignment?year=2024&version=${put.body.version}`).expect(200);
    const got = res.body.periods[0].municipalities as { ubigeo: string; priorities: { code: string; pim: string }[] }[];
    for (const ubigeo of [...executors, '150101']) {
      const of = current.filter((l) => l.year === 2024 && l.ubigeo === ubigeo);
      const want = dimensions.map((d) => [d, soles(of.filter((l) => dimensionOf(l) === d).reduce((s, l) => s + l.pim, 0n))]);
      expect([ubigeo, got.find((m) => m.ubigeo === ubigeo)?.priorities.map((p) => [p.code, p.pim])]).toEqual([ubigeo, want]);
    }
  });

  it("answer a year of the country or a department from the departments' rollups with the figures the municipalities' give", async () => {
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_budget_department WHERE year = 2024`);
    expect(n).toBeGreaterThan(0);
    // a list of municipalities is never answered from the departments' rollups: the same figures, found the other way
    const sameBothWays = async () => {
      let withPopulation = 0;
      for (const [geo, ubigeos] of [
        ['', UBIGEOS],
        ['&department=08', UBIGEOS.filter((u) => u.startsWith('08'))],
      ] as const) {
        const groupings = ['function', 'division', 'group', 'rubro', 'fuente', 'project', 'department', 'year'].map((g) => `groupBy=${g}&limit=2000`);
        // a page of another order: a department's rows are sorted before their figures are worked out
        for (const sort of ['executionRatePct&order=desc', 'pim&order=desc', 'name', 'devengadoPerCapita&order=desc']) {
          groupings.push(`groupBy=project&sort=${sort}&limit=4&offset=1`, `groupBy=function&sort=${sort}&limit=3&offset=2`);
        }
        for (const groupBy of groupings) {
          const url = `/api/v1/execution?year=2024&level=detail&${groupBy}`;
          const fast = await request(t.http).get(`${url}${geo}`).expect(200);
          const other = await request(t.http)
            .get(`${url}&municipality=${ubigeos.join(',')}`)
            .expect(200);
          expect([groupBy, geo, fast.body.rows, fast.body.totals]).toEqual([groupBy, geo, other.body.rows, other.body.totals]);
          withPopulation += fast.body.rows.filter((r: { population: number | null }) => r.population !== null).length;
        }
      }
      expect(withPopulation).toBeGreaterThan(0); // per-capita figures were compared too, not only nulls
    };
    await sameBothWays();
    // a population import changes what the departments' rollups count: still the same both ways, and Cusco's population moved
    const cusco = async () =>
      (await request(t.http).get('/api/v1/execution?year=2024&level=detail&groupBy=department&department=08').expect(200)).body.rows[0].population;
    const before = await cusco();
    const minam =
      'FECHA_CORTE;N_SEC;UBIGEO;REG_NAT;DEPARTAMENTO;PROVINCIA;DISTRITO;POB_TOTAL;POB_URBANA;POB_RURAL;QRESIDUOS_MUN;QRESIDUOS _VAL_INORGAN;PERIODO\n' +
      '20251231;1;80801;SIERRA;CUSCO;ESPINAR;ESPINAR;1,234,567;1,000,000;234,567;1.0;0.0;2024\n';
    await t.post('/api/v1/imports').attach('file', Buffer.from(minam), 'minam-2024.csv').expect(201);
    await sameBothWays();
    expect(await cusco()).not.toBe(before);
  });

  it('are written as JSON by PostgreSQL with the very bytes of the answer built as objects and stringified', async () => {
    const service = t.app.get(ExecutionService);
    const rand = generator(77);
    const places: Partial<ExecutionQueryDto>[] = [
      {},
      { department: '08' },
      { province: '0808' },
      { municipality: '080801,080103,150101' },
      { kind: 'provincial' },
    ];
    const filters: Partial<ExecutionQueryDto>[] = [{}, {}, { rubro: '18' }, { function: '10' }, { project: '2100007' }];
    const years: Partial<ExecutionQueryDto>[] = [{ year: 2024 }, { year: 2023 }, { fromYear: 2023, toYear: 2024 }];
    const sorts = ['key', 'name', 'pia', 'pim', 'devengado', 'unspent', 'executionRatePct', 'pimPerCapita', 'devengadoPerCapita'] as const;
    const groupings = ['municipality', 'province', 'department', 'year', 'function', 'division', 'group', 'rubro', 'fuente', 'project'] as const;
    let rows = 0;
    for (let i = 0; i < 80; i++) {
      const q: ExecutionQueryDto = {
        ...places[rand(places.length)],
        ...years[rand(years.length)],
        groupBy: groupings[rand(groupings.length)],
        sort: sorts[rand(sorts.length)],
        order: rand(2) ? 'desc' : 'asc',
        limit: [2000, 2000, 5, 1][rand(4)],
        offset: [0, 0, 2][rand(3)],
      };
      // the municipality level (Consulta Amigable totals) for groupings it answers, without line filters; else budget lines
      if (['municipality', 'province', 'department', 'year'].includes(q.groupBy!) && rand(2)) q.level = 'municipality';
      else Object.assign(q, { level: 'detail' }, filters[rand(filters.length)]);
      const url = `/api/v1/execution?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]))}`;
      const res = await request(t.http).get(url).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect([url, res.text]).toEqual([url, JSON.stringify(await service.query(q))]);
      rows += res.body.rows.length;
    }
    expect(rows).toBeGreaterThan(200);
    // values the data above may lack: names to escape, no name, a rate of -0.04 (rounded to -0.0: JSON.stringify writes 0), no population
    const odd: (FiguresRow & { key: string; name: string | null })[] = [
      {
        key: '0808',
        name: 'Obra "Ñ" \\ \n\t\u0001 ☃ 𝄞',
        pia: '1.00',
        pim: '100.00',
        certificacion: null,
        compromiso_anual: '0.00',
        atencion_compromiso_mensual: '5.50',
        devengado: '-0.04',
        girado: '99999999999999999.99',
        execution_rate_pct: '-0.0',
        unspent: '100.04',
        municipalities: 3,
        population: null,
        pim_per_capita: null,
        devengado_per_capita: null,
      },
      {
        key: '',
        name: null,
        pia: null,
        pim: null,
        certificacion: null,
        compromiso_anual: null,
        atencion_compromiso_mensual: null,
        devengado: null,
        girado: null,
        execution_rate_pct: '100.0',
        unspent: null,
        municipalities: 0,
        population: 71456,
        pim_per_capita: '6305.48',
        devengado_per_capita: '-0.01',
      },
      {
        key: '2024',
        name: '2024',
        pia: '0.00',
        pim: '3.00',
        certificacion: '0.00',
        compromiso_anual: '0.00',
        atencion_compromiso_mensual: '0.00',
        devengado: '1.00',
        girado: '0.00',
        execution_rate_pct: '33.3',
        unspent: '2.00',
        municipalities: 1,
        population: 0,
        pim_per_capita: null,
        devengado_per_capita: null,
      },
    ];
    for (const level of ['detail', 'municipality'] as const) {
      for (const row of odd) {
        const [{ json }] = await t.sql<{ json: string }>(
          `SELECT ${rowJson('x', level)} AS json
           FROM (SELECT $1::text AS key, $2::text AS name, $3::numeric AS pia, $4::numeric AS pim, $5::numeric AS certificacion, $6::numeric AS compromiso_anual,
                        $7::numeric AS atencion_compromiso_mensual, $8::numeric AS devengado, $9::numeric AS girado, $10::numeric AS execution_rate_pct,
                        $11::numeric AS unspent, $12::int AS municipalities, $13::int AS population, $14::numeric AS pim_per_capita, $15::numeric AS devengado_per_capita) x`,
          [
            row.key,
            row.name,
            row.pia,
            row.pim,
            row.certificacion,
            row.compromiso_anual,
            row.atencion_compromiso_mensual,
            row.devengado,
            row.girado,
            row.execution_rate_pct,
            row.unspent,
            row.municipalities,
            row.population,
            row.pim_per_capita,
            row.devengado_per_capita,
          ],
        );
        expect(json).toBe(JSON.stringify({ key: row.key, name: row.name, ...toFigures(row, level) }));
      }
    }
  });

  it('tag every read with the data version: 304 while it stands, 200 after an import', async () => {
    const url = '/api/v1/execution?year=2024&level=detail&groupBy=function&province=0808';
    const first = await request(t.http).get(url).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"v\d+-[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const unchanged = await request(t.http).get(url).set('If-None-Match', etag).expect(304);
    expect(unchanged.text).toBe('');
    // CSV is another representation: its own tag
    const asCsv = await request(t.http).get('/api/v1/analytics/canon?province=0808&year=2024').set('Accept', 'text/csv').expect(200);
    expect(asCsv.headers.etag).not.toBe(etag);
    // with a key, the answer is private and still revalidates
    await request(t.http).get(url).set('X-API-Key', t.adminKey).set('If-None-Match', etag).expect(304);
    // an import moves the version: the old tag no longer matches
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-06-30')
      .attach('file', csv(rows(14, 20, ['080101'])), 'gasto-c.csv')
      .expect(201);
    const after = await request(t.http).get(url).set('If-None-Match', etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    // imports, whose progress changes without a new version, carry no data-version tag (only Express's own tag of the body)
    const imports = await request(t.http).get('/api/v1/imports').expect(200);
    expect(imports.headers.etag).not.toMatch(/^W\/"v/);
    expect(imports.headers['cache-control']).toBeUndefined();
  });

  it('are, after every import and revision above, what a rebuild from the current lines makes of them', async () => {
    // each import keeps the rollups of what it touched (and takes its project history from the sums it
    // makes for its departments); a rebuild makes every table again from budget_line alone
    const kept = await sameAsRebuilt(t);
    expect(kept.rollup_project_import.length).toBeGreaterThan(100);
    expect(kept.rollup_project_scope.length).toBeGreaterThan(100);
  });
});

describe('rollups after an operator deletes imports in the database', () => {
  let t: TestApp;

  /** Waits for the service's repair after the deletion: its audit event. */
  async function repaired(after: number): Promise<{ municipalities: string[]; subject: string }> {
    for (let i = 0; i < 100; i++) {
      const [event] = await t.sql<{ municipalities: string[]; subject: string }>(
        `SELECT municipalities, subject FROM audit_event WHERE action = 'rollups_repaired' AND id > $1 ORDER BY id LIMIT 1`,
        [after],
      );
      if (event) return event;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the rollups were not repaired within 10 s');
  }
  const lastEvent = async () => (await t.sql<{ id: string }>(`SELECT coalesce(max(id), 0) AS id FROM audit_event`))[0].id;

  beforeAll(async () => {
    t = await createTestApp({ ownPartitionLines: 1000 });
  });
  afterAll(() => t.close());

  it('are worked out again from the lines that remain: the revision deleted, the earlier file is current again; both deleted, nothing is', async () => {
    const first = rows(21, 1500);
    const revision = rows(22, 400, UBIGEOS.slice(0, 3));
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', csv(first), 'gasto-a.csv').expect(201);
    const later = await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', csv(revision), 'gasto-b.csv').expect(201);
    const replaced = new Set(lines(revision).map((l) => `${l.ubigeo}/${l.year}`));
    await compareReads(t, [...lines(first).filter((l) => !replaced.has(`${l.ubigeo}/${l.year}`)), ...lines(revision)], 31, 10);

    // the revision goes: its three municipalities' figures are the first file's again, everywhere
    let since = await lastEvent();
    await t.sql(`DELETE FROM import WHERE id = $1`, [later.body.id]);
    const event = await repaired(Number(since));
    expect(event.subject).toBe(String(later.body.id));
    expect(event.municipalities).toEqual(UBIGEOS.slice(0, 3).sort());
    await compareReads(t, lines(first), 32, 25);
    // its lines (in the shared partition: 400 rows) and project history went with it
    const left = await t.sql(
      `SELECT (SELECT count(*) FROM budget_line WHERE import_id = $1)::int AS lines, (SELECT count(*) FROM rollup_project_import WHERE import_id = $1)::int AS history`,
      [later.body.id],
    );
    expect(left).toEqual([{ lines: 0, history: 0 }]);
    await sameAsRebuilt(t);

    // and the first: no figures are left, and its project rollup's partition is gone
    const [{ id: firstId }] = await t.sql<{ id: number }>(`SELECT id FROM import WHERE file_name = 'gasto-a.csv'`);
    since = await lastEvent();
    await t.sql(`DELETE FROM import WHERE id = $1`, [firstId]);
    await repaired(Number(since));
    // its lines had a partition of their own (1,500 rows), as had its project rollup: both gone
    const [none] = await t.sql<{ years: number; lines: number; budgetLines: number; partitions: number }>(
      `SELECT (SELECT count(*) FROM rollup_budget_year)::int AS years, (SELECT count(*) FROM rollup_project)::int AS lines,
              (SELECT count(*) FROM budget_line)::int AS "budgetLines",
              (SELECT count(*) FROM pg_class WHERE relname IN ('rollup_project_' || $1::text, 'budget_line_' || $1::text))::int AS partitions`,
      [firstId],
    );
    expect(none).toEqual({ years: 0, lines: 0, budgetLines: 0, partitions: 0 });
    const res = await request(t.http).get('/api/v1/execution?year=2024&level=detail&groupBy=function&department=08').expect(200);
    expect(res.body.rows).toEqual([]);
    await sameAsRebuilt(t);
  });

  it('wait for an import that is merging, without holding a connection or a stop, and are repaired after it', async () => {
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-01-31')
      .attach('file', csv(rows(24, 200)), 'gasto-e.csv')
      .expect(201);
    const [{ id }] = await t.sql<{ id: number }>(`SELECT id FROM import WHERE file_name = 'gasto-e.csv'`);
    // an import's merge holds this lock for as long as it merges
    const merging = new pg.Client({ connectionString: t.databaseUrl });
    await merging.connect();
    try {
      await merging.query(`SELECT pg_advisory_lock(hashtext('import-merge'))`);
      const since = await lastEvent();
      await t.sql(`DELETE FROM import WHERE id = $1`, [id]);
      await new Promise((r) => setTimeout(r, 1500));
      const [{ years, waiting }] = await t.sql<{ years: number; waiting: number }>(
        `SELECT (SELECT count(*) FROM rollup_budget_year WHERE import_id = $1)::int AS years,
                (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)::int AS waiting`,
        [id],
      );
      // not repaired yet, and nobody queued on the lock
      expect({ years: years > 0, waiting }).toEqual({ years: true, waiting: 0 });
      await merging.query(`SELECT pg_advisory_unlock(hashtext('import-merge'))`);
      await repaired(Number(since));
      const [{ left }] = await t.sql<{ left: number }>(`SELECT count(*)::int AS left FROM rollup_budget_year WHERE import_id = $1`, [id]);
      expect(left).toBe(0);
    } finally {
      await merging.end();
    }
  });

  it('are rebuilt whole after a TRUNCATE of the imports', async () => {
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-01-31')
      .attach('file', csv(rows(23, 300)), 'gasto-c.csv')
      .expect(201);
    const since = await lastEvent();
    await t.sql(`TRUNCATE import CASCADE`);
    await repaired(Number(since));
    const [left] = await t.sql<{ years: number; stale: boolean }>(
      `SELECT (SELECT count(*) FROM rollup_budget_year)::int AS years, (SELECT stale FROM rollup_state) AS stale`,
    );
    expect(left).toEqual({ years: 0, stale: false });
  });
});

describe('the execution page written by PostgreSQL', () => {
  it('is built as objects when a rate reaches 10^15 %, which float8 would write with an exponent: the same bytes either way', async () => {
    const t = await createTestApp();
    try {
      // one line: PIM 0.01, devengado 100,000,000,000.00 → 100,000,000,000.00 × 100 / 0.01 = 1,000,000,000,000,000.0 %
      const line = ['2024', '12', 'M', '300001', 'MUNICIPALIDAD 080801', '08', '08', '01', '2', '2100001', '"OBRA 2100001"', '03', 'F03', '031', 'D031']
        .concat(['0006', 'G0006', '5', 'FUENTE 5', '18', 'RUBRO 18', '0.00', '0.01', '0.00', '0.00', '100000000000.00', '0.00'])
        .join(',');
      await t
        .post('/api/v1/imports')
        .field('snapshotDate', '2025-01-31')
        .attach('file', Buffer.from(`${HEADER}\n${line}\n`), 'gasto-rate.csv')
        .expect(201);
      for (const groupBy of ['function', 'project', 'municipality'] as const) {
        const q: ExecutionQueryDto = { year: 2024, level: 'detail', groupBy, municipality: '080801' };
        const res = await request(t.http).get(`/api/v1/execution?year=2024&level=detail&groupBy=${groupBy}&municipality=080801`).expect(200);
        expect(res.text).toContain('"executionRatePct":1000000000000000,');
        expect(res.text).toBe(JSON.stringify(await t.app.get(ExecutionService).query(q)));
      }
    } finally {
      await t.close();
    }
  });
});
