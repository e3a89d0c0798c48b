import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import pg from 'pg';
import { runMigrations, warnIfSuperuser } from '../src/database/database.module.js';
import { handOver } from '../src/database/embedded-postgres.js';
import { migrations } from '../src/database/migrations/index.js';
import { DemoDataService } from '../src/demo-data/demo-data.service.js';
import { createDatabase, createTestApp, type TestApp } from './support/test-app.js';

describe('the schema', () => {
  it('is exactly what the migrations build: generating a migration from the entities yields nothing', async () => {
    const ds = await runMigrations(await new DataSource(dataSourceOptions(await createDatabase())).initialize());
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(ds.options.synchronize).toBe(false);
    } finally {
      await ds.destroy();
    }
  });
});

describe('the database role the service connects as', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('owns its database and is no superuser: COPY … TO PROGRAM is refused', async () => {
    const db = t.app.get(DataSource);
    const [role] = await db.query(
      `SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, pg_get_userbyid(d.datdba) = current_user AS owns_database
       FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
    );
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, owns_database: true });
    await expect(db.query(`COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toThrow(/permission denied to COPY to or from an external program/);
    await expect(db.query(`COPY audit_event FROM '/etc/hostname'`)).rejects.toThrow(/permission denied to COPY from a file/);
  });

  it('warns at start-up when it is given a superuser', async () => {
    const admin = new DataSource(dataSourceOptions(process.env.TEST_ADMIN_DATABASE_URL!));
    await admin.initialize();
    try {
      const [{ rolsuper }] = await admin.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
      const warnings: string[] = [];
      await warnIfSuperuser(admin, { warn: (m: string) => warnings.push(m) });
      expect(warnings).toEqual(rolsuper ? [expect.stringMatching(/a PostgreSQL superuser/)] : []);
      warnings.length = 0;
      await warnIfSuperuser(t.app.get(DataSource), { warn: (m: string) => warnings.push(m) });
      expect(warnings).toEqual([]);
    } finally {
      await admin.destroy();
    }
  });

  it("hands a database the superuser made (an older embedded server's) to the service's role, which then migrates and imports in it", async () => {
    const adminUrl = new URL(process.env.TEST_ADMIN_DATABASE_URL!);
    const appUrl = new URL(await createDatabase());
    const role = decodeURIComponent(appUrl.username);
    const name = `${appUrl.pathname.slice(1)}_old`;
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    adminUrl.pathname = appUrl.pathname = `/${name}`;
    const old = await runMigrations(await new DataSource(dataSourceOptions(adminUrl.toString())).initialize());
    await old.destroy();

    await handOver(adminUrl.toString(), name, role);
    const app = await createTestApp({ databaseUrl: appUrl.toString(), ownPartitionLines: 1 });
    try {
      const [{ foreign }] = await app.sql(
        `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relowner <> r.oid)
              + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proowner <> r.oid)
              + (SELECT count(*) FROM pg_database d WHERE d.datname = current_database() AND d.datdba <> r.oid) AS foreign
         FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(Number(foreign)).toBe(0);
      // a budget-line import makes, indexes and attaches a partition of its own: DDL on the tables the superuser made
      const file = [
        'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO',
        'M,300740,08,08,01,2,2000001,OBRA,15,T,033,T,0066,V,5,RD,18,CANON,2024,10,10,0,0,5,0',
      ].join('\n');
      const res = await app.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', Buffer.from(file), 'gasto.csv').expect(201);
      expect(await app.sql(`SELECT tableoid::regclass::text AS partition, pim FROM budget_line`)).toEqual([
        { partition: `budget_line_${res.body.id}`, pim: '10.00' },
      ]);
      await expect(app.sql(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    } finally {
      await app.close();
    }
  });
});

describe('partitioning budget lines by import (migration 1763793000000) and their rollups (1763793100000)', () => {
  it('keeps the lines imported before it in the shared partition, read through the same table and view, and rolls them up at start-up', async () => {
    const url = await createDatabase();
    const before = await new DataSource({ ...dataSourceOptions(url), migrations: migrations.slice(0, -2) }).initialize();
    await before.runMigrations({ transaction: 'each' });
    await before.query(
      `INSERT INTO import (id, file_name, sha256, size_bytes, format, file_type, snapshot_date, snapshot_source, rows_read, inserted, revised, unchanged, years, created_by)
       VALUES (7, 'old.csv', repeat('a', 64), 1, 'mef-gasto', 'csv', '2025-01-31', 'request', 1, 1, 0, 0, '{2024}', 'test')`,
    );
    await before.query(`SELECT setval('import_id_seq', 7)`);
    await before.query(`INSERT INTO import_scope (import_id, dataset, ubigeo, year, snapshot_date) VALUES (7, 'budget', '080801', 2024, '2025-01-31')`);
    await before.query(
      `INSERT INTO budget_line (import_id, ubigeo, year, activity_kind, product_code, product_name, function_code, function_name, division_code, division_name, group_code, group_name,
                                fuente_code, fuente_name, rubro_code, rubro_name, pia, pim, certificacion, compromiso_anual, devengado, girado, devengado_by_month)
       VALUES (7, '080801', 2024, 2, '2250000', 'VÍA', '15', 'TRANSPORTE', '033', 'T', '0066', 'V', '5', 'RD', '18', 'CANON', 1, 2, 0, 0, 1.5, 0, '{1.5}')`,
    );
    await before.destroy();

    const after = await runMigrations(await new DataSource(dataSourceOptions(url)).initialize());
    try {
      expect(await after.query(`SELECT import_id, product_name, pim, devengado_by_month FROM budget_line_latest`)).toEqual([
        { import_id: 7, product_name: 'VÍA', pim: '2.00', devengado_by_month: ['1.50'] },
      ]);
      // the old lines are the shared partition's; a large import's own partition attaches beside it
      expect(await after.query(`SELECT tableoid::regclass::text AS partition, part FROM budget_line`)).toEqual([{ partition: 'budget_line_shared', part: 0 }]);
      // the rollups made at start-up from the one line: PIA 1, PIM 2, devengado 1.5, all in January, on rubro 18
      expect(
        await after.query(
          `SELECT import_id, lines, pia, pim, devengado, rubro18_lines, rubro18_devengado, project_lines, lines_with_months FROM rollup_budget_year`,
        ),
      ).toEqual([
        {
          import_id: 7,
          lines: 1,
          pia: '1.00',
          pim: '2.00',
          devengado: '1.50',
          rubro18_lines: 1,
          rubro18_devengado: '1.50',
          project_lines: 1,
          lines_with_months: 1,
        },
      ]);
      expect(await after.query(`SELECT month, devengado, pim_figures FROM rollup_budget_month_total`)).toEqual([
        { month: 1, devengado: '1.50', pim_figures: 0 },
      ]);
      expect(await after.query(`SELECT stale FROM rollup_state`)).toEqual([{ stale: false }]);
      await after.undoLastMigration({ transaction: 'each' });
      await after.query(`CREATE TABLE budget_line_8 (LIKE budget_line INCLUDING DEFAULTS)`);
      await after.query(`ALTER TABLE budget_line ATTACH PARTITION budget_line_8 FOR VALUES IN (8)`);
      await after.undoLastMigration({ transaction: 'each' });
      expect(await after.query(`SELECT import_id, pim FROM budget_line`)).toEqual([{ import_id: 7, pim: '2.00' }]);
    } finally {
      await after.destroy();
    }
  });
});

describe('reference geography and the API document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('ships all 1,891 municipalities: 196 provincial, 1,695 district, in 196 provinces and 25 departments', async () => {
    const all = await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
    const provincial = await request(t.http).get('/api/v1/municipalities?kind=provincial&limit=1').expect(200);
    const district = await request(t.http).get('/api/v1/municipalities?kind=district&limit=1').expect(200);
    expect([all.body.total, provincial.body.total, district.body.total]).toEqual([1891, 196, 1695]);
    const [counts] = await t.sql(
      'SELECT count(DISTINCT province_code)::int AS provinces, count(DISTINCT department_code)::int AS departments FROM municipality',
    );
    expect(counts).toEqual({ provinces: 196, departments: 25 });
  });

  it("finds Espinar's eight municipalities with population and rural share", async () => {
    const res = await request(t.http).get('/api/v1/municipalities?department=08&province=0808&q=espinar').expect(200);
    expect(res.body.items.map((m: { ubigeo: string }) => m.ubigeo)).toEqual(['080801', '080802', '080803', '080804', '080805', '080806', '080807', '080808']);
    // From the shipped population file (MINAM): the latest year with an urban/rural split, rural / total.
    const rows: Record<string, string>[] = parse(readFileSync('data/reference/population.csv'), { columns: true });
    const yauri = rows.filter((r) => r.ubigeo === '080801').sort((a, b) => Number(b.year) - Number(a.year))[0];
    const share = Math.round((Number(yauri.rural) * 1000) / Number(yauri.total)) / 10; // 7,391 / 40,781 = 18.1 %
    expect(res.body.items[0]).toMatchObject({
      name: 'Espinar',
      kind: 'provincial',
      capital: 'Yauri',
      population: { year: Number(yauri.year), total: Number(yauri.total), rural: Number(yauri.rural), ruralSharePct: share, source: 'MINAM' },
    });
  });

  it('matches names without accents', async () => {
    const res = await request(t.http).get('/api/v1/municipalities?q=san%20jeronimo&department=08').expect(200);
    expect(res.body.items.map((m: { name: string }) => m.name)).toEqual(['San Jerónimo']);
    const upper = await request(t.http).get('/api/v1/municipalities?q=NUNOA').expect(200);
    expect(upper.body.items.map((m: { name: string }) => m.name)).toEqual(['Nuñoa']);
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json', async () => {
    await request(t.http).get('/docs').expect(200).expect('content-type', /html/);
    const res = await request(t.http).get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
  });

  it('documents every route the service has, each with an operationId, a success response and its errors', async () => {
    const router = t.app.getHttpAdapter().getInstance()._router ?? t.app.getHttpAdapter().getInstance().router;
    const served = router.stack
      .filter((layer: { route?: { path: string } }) => layer.route?.path.startsWith('/api/v1'))
      .flatMap((layer: { route: { path: string; methods: Record<string, boolean> } }) =>
        Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`),
      )
      .sort();
    const documented = Object.entries(t.document.paths)
      .flatMap(([path, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    expect(served).toEqual(
      expect.arrayContaining([
        'POST /api/v1/imports',
        'GET /api/v1/imports',
        'GET /api/v1/imports/{id}',
        'GET /api/v1/execution',
        'GET /api/v1/execution/history',
        'GET /api/v1/execution/ranking',
        'GET /api/v1/municipalities',
      ]),
    );
    for (const [path, item] of Object.entries(t.document.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { operationId?: string; responses: Record<string, unknown> }>)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, typeof op.operationId]).toEqual([where, 'string']);
        const codes = Object.keys(op.responses);
        expect([where, codes.some((c) => c.startsWith('2'))]).toEqual([where, true]);
        expect([where, codes.some((c) => c.startsWith('4'))]).toEqual([where, true]);
      }
    }
  });
});

describe('first start with an empty database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seedDemoData: true });
  });
  afterAll(() => t.close());

  it('loads the bundled real exports once, so the API answers real questions at once', async () => {
    const seeder = t.app.get(DemoDataService);
    await seeder.seedIfEmpty();
    await seeder.seedIfEmpty(); // a second start finds data and does nothing
    const imports = await request(t.http).get('/api/v1/imports').expect(200);
    expect(imports.body.items.map((i: { format: string; createdBy: string }) => [i.format, i.createdBy])).toEqual([
      ['bcrp-series', 'demo-data'],
      ['defensoria-conflicts', 'demo-data'],
      ['ssi-f12b', 'demo-data'],
      ['ssi-detail', 'demo-data'],
      ['invierte', 'demo-data'],
      ['budget-by-function', 'demo-data'],
      ['canon-entity-transfers', 'demo-data'],
      ['canon-transfers', 'demo-data'],
      ['consulta-amigable', 'demo-data'],
      ['consulta-amigable', 'demo-data'],
    ]);
    expect(imports.body.items.slice(-2).map((i: { snapshotDate: string }) => i.snapshotDate)).toEqual(['2025-05-18', '2025-02-13']);
    // the Moquegua registry and the SSI samples, at the cut-offs their names give (data/PROVENANCE.md)
    expect(imports.body.items.slice(2, 5).map((i: { snapshotDate: string }) => i.snapshotDate)).toEqual(['2026-04-07', '2026-04-07', '2024-09-12']);
    // the conflicts report at its month's end, the one case whose district no reference district is spelt as left out (data/PROVENANCE.md)
    expect(imports.body.items[1]).toMatchObject({ snapshotDate: '2024-03-31', rowsRead: 81, rowsRejected: 1, inserted: 80 });
    // and BCRP's Lima CPI, downloaded on 2026-09-23
    expect(imports.body.items[0].snapshotDate).toBe('2026-09-23');
    // the Moquegua registry's first row: CUI 2487020, ACTIVO, Costo actualizado 462555474.15, Monto viable 608275138.3
    const moquegua = await request(t.http).get('/api/v1/projects/2487020').expect(200);
    expect(moquegua.body).toMatchObject({ status: 'ACTIVO', updatedCost: '462555474.15', viableAmount: '608275138.30' });
    const res = await request(t.http).get('/api/v1/execution?year=2022&province=0808&groupBy=province').expect(200);
    expect(res.body.rows[0]).toMatchObject({ pim: '450564829.00', devengado: '335981965.00', executionRatePct: 74.6 });
    // constant soles work from the first start: the index is there (test/prices.e2e-spec.ts checks the figures)
    const constant = await request(t.http).get('/api/v1/execution?year=2022&province=0808&groupBy=province&prices=constant&base=2024').expect(200);
    expect(constant.body.rows[0].executionRatePct).toBe(74.6);
    expect(constant.body.prices.years.map((y: { year: number }) => y.year)).toEqual([2022, 2024]);
  });
});
