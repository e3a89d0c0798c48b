import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { DEMO, readConsultaCsv, solesText, type FileRow } from './support/files.js';

/**
 * The latest snapshot of each municipality-year is kept in tables (execution_current, scope_current) by
 * triggers, not computed per request: whatever order the files arrive in and whatever is removed, the
 * service answers with the figures of the latest file that has them, and the tables hold exactly what a
 * DISTINCT ON over every snapshot would.
 */
describe('latest snapshots kept by the imports', () => {
  let t: TestApp;
  const older = readConsultaCsv(DEMO.csv2015); // cut-off 2025-02-13, years 2015-2025
  const newer = readConsultaCsv(DEMO.csv2024); // cut-off 2025-05-18, years 2024-2025
  let newerId: number;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** PIM and devengado the service shows for one municipality-year, as the file writes them. */
  const shown = async (ubigeo: string, year: number) => {
    const res = await request(t.http).get(`/api/v1/execution?year=${year}&municipality=${ubigeo}`).expect(200);
    return res.body.rows.map((r: { key: string; pim: string; devengado: string }) => [r.key, r.pim, r.devengado]);
  };
  const fromFile = (rows: FileRow[], ubigeo: string, year: number) =>
    rows.filter((r) => r.ubigeo === ubigeo && r.year === year).map((r) => [r.ubigeo, solesText(r.pim), solesText(r.devengado)]);

  /** The tables against their definition: the latest snapshot (then the latest import) of each municipality-year among every row. */
  async function tablesMatchTheirDefinition() {
    const differences = await t.sql<{ n: number }>(`
      WITH def AS (SELECT DISTINCT ON (ubigeo, year) * FROM execution_snapshot ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC)
      SELECT count(*)::int AS n FROM ((SELECT * FROM execution_current EXCEPT SELECT * FROM def) UNION ALL (SELECT * FROM def EXCEPT SELECT * FROM execution_current)) d`);
    const scopeDifferences = await t.sql<{ n: number }>(`
      WITH def AS (SELECT DISTINCT ON (dataset, ubigeo, year) dataset, ubigeo, year, import_id, snapshot_date FROM import_scope
                   ORDER BY dataset, ubigeo, year, snapshot_date DESC, import_id DESC)
      SELECT count(*)::int AS n FROM ((SELECT * FROM scope_current EXCEPT SELECT * FROM def) UNION ALL (SELECT * FROM def EXCEPT SELECT * FROM scope_current)) d`);
    expect([differences[0].n, scopeDifferences[0].n]).toEqual([0, 0]);
  }

  it('serve the newer cut-off even when the older file arrives after it', async () => {
    newerId = (await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201)).body.id;
    await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
    await t.post('/api/v1/imports').attach('file', 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv').expect(201);
    // 080801 (Espinar) in 2024 is in both files: the 2025-05-18 figures; in 2020 only the older file has it
    const espinar2024 = fromFile(newer, '080801', 2024);
    expect(espinar2024).toHaveLength(1);
    expect(espinar2024).not.toEqual(fromFile(older, '080801', 2024)); // the two cut-offs differ, so the check can tell them apart
    expect(await shown('080801', 2024)).toEqual(espinar2024);
    expect(await shown('080801', 2020)).toEqual(fromFile(older, '080801', 2020));
    await tablesMatchTheirDefinition();
    // one row per municipality-year that either file has
    const keys = new Set([...older, ...newer].map((r) => `${r.ubigeo}/${r.year}`));
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM execution_current`);
    expect(n).toBe(keys.size);
  });

  it('fall back to the older cut-off when the newer import is removed', async () => {
    await t.sql(`DELETE FROM import WHERE id = $1`, [newerId]); // as an operator would by hand: the cascade removes its rows
    // the deletion is a change in the audit trail: the data version moves (its notification arrives within
    // milliseconds, the deletion having come from outside the service) and the answer kept for the old one is not served
    const until = Date.now() + 5000;
    let after = await shown('080801', 2024);
    while (JSON.stringify(after) !== JSON.stringify(fromFile(older, '080801', 2024)) && Date.now() < until) after = await shown('080801', 2024);
    expect(after).toEqual(fromFile(older, '080801', 2024));
    const audit = await request(t.http).get('/api/v1/audit?type=import_deleted').set('X-API-Key', t.adminKey).expect(200);
    expect(audit.body.items.map((e: { subject: string; before: { fileName: string } }) => [e.subject, e.before.fileName])).toEqual([
      [String(newerId), 'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv'],
    ]);
    await tablesMatchTheirDefinition();
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM execution_current`);
    expect(n).toBe(new Set(older.map((r) => `${r.ubigeo}/${r.year}`)).size);
  });

  it('join on one collation: every code column that joins is COLLATE "C"', async () => {
    const other = await t.sql<{ column: string }>(`
      SELECT c.table_name || '.' || c.column_name AS column FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type = 'character varying' AND coalesce(c.collation_name, '') <> 'C'
        AND (c.column_name LIKE '%ubigeo' OR c.column_name IN ('cui', 'department_code', 'province_code', 'function_code', 'division_code', 'group_code', 'rubro_code', 'fuente_code', 'product_code'))
      ORDER BY 1`);
    expect(other).toEqual([]);
  });
});
