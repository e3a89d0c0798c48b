import request from 'supertest';
import { IMPORT_TABLES, MEF_HEADER } from './support/hostile-corpus.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * README: every change is appended to the audit trail "in its own transaction" (src/audit/audit.ts). Here the
 * database itself is made to refuse one side, on this test's own database: an audit event the trail cannot take
 * must take its change with it, and a change that fails after its event was written must take the event with it.
 */
describe('an audit event and its change: both or neither', () => {
  const CUI = '2100001';
  const CANON = Buffer.from('ubigeo,anio,rubro18_recaudado_total\n080801,2024,1000\n080803,2024,250.50\n');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // a budget line of 080801 for CUI 2100001: the project exists for the API, its row in `project` is made by the first override
    const mef = `${MEF_HEADER}\nM,300740,08,08,01,2,${CUI},OBRA ${CUI},15,T,033,T,0066,V,5,RD,18,CANON,2024,10,10,0,0,5,0\n`;
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', Buffer.from(mef), 'gasto.csv').expect(201);
  });
  afterAll(() => t.close());

  const counts = async () =>
    Object.fromEntries(await Promise.all(IMPORT_TABLES.map(async (table) => [table, (await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n])));
  const project = async () => t.sql(`SELECT cui, area, area_reason FROM project WHERE cui = $1`, [CUI]);
  const areaEvents = async () => (await t.sql(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'project_area' AND subject = $1`, [CUI]))[0].n;
  const setArea = (area: string, reason: string) => t.put(`/api/v1/projects/${CUI}/area`).send({ area, reason });
  /** A trigger that refuses, at commit, any row `table` received in the transaction: the change fails after its audit event was written. */
  const failAtCommit = async (table: string) => {
    await t.sql(`CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit by the test'; END $$`);
    await t.sql(
      `CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT OR UPDATE ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()`,
    );
    return async () => {
      await t.sql(`DROP TRIGGER test_refuse_at_commit ON ${table}`);
      await t.sql(`DROP FUNCTION test_refuse_at_commit()`);
    };
  };
  const expectInternalError = (res: request.Response) => {
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('INTERNAL_ERROR');
  };

  it("rolls a project's area back when its audit event cannot be written", async () => {
    await t.sql(`ALTER TABLE audit_event ADD CONSTRAINT test_no_area_event CHECK (action <> 'project_area') NOT VALID`);
    try {
      expectInternalError(await setArea('urban', 'In Yauri town'));
      // neither the area nor the project row the override made for it
      expect(await project()).toEqual([]);
      expect(await areaEvents()).toBe(0);
      expect((await request(t.http).get(`/api/v1/projects/${CUI}`).expect(200)).body.area).toBe('unknown');
    } finally {
      await t.sql(`ALTER TABLE audit_event DROP CONSTRAINT test_no_area_event`);
    }
    // the constraint was all that stood in the way
    await setArea('urban', 'In Yauri town').expect(200);
    expect(await project()).toEqual([{ cui: CUI, area: 'urban', area_reason: 'In Yauri town' }]);
    expect(await areaEvents()).toBe(1);
  });

  it("drops a project's audit event when the change fails after it was written", async () => {
    const before = await project();
    const eventsBefore = await areaEvents();
    const restore = await failAtCommit('project');
    try {
      expectInternalError(await setArea('rural', 'Road between villages'));
    } finally {
      await restore();
    }
    expect(await project()).toEqual(before);
    expect(await areaEvents()).toBe(eventsBefore);
  });

  it('rolls an import back when its audit event cannot be written', async () => {
    const before = await counts();
    await t.sql(`ALTER TABLE audit_event ADD CONSTRAINT test_no_import_event CHECK (action <> 'import') NOT VALID`);
    try {
      expectInternalError(await t.post('/api/v1/imports').field('snapshotDate', '2025-02-28').attach('file', CANON, 'canon.csv'));
      expect(await counts()).toEqual(before);
    } finally {
      await t.sql(`ALTER TABLE audit_event DROP CONSTRAINT test_no_import_event`);
    }
    // the same file then imports as new (201, not the 200 of a file imported before): nothing of the first try was kept
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-02-28').attach('file', CANON, 'canon.csv').expect(201);
    expect(res.body).toMatchObject({ format: 'canon-transfers', inserted: 2 });
    expect(await counts()).toEqual({
      ...before,
      import: before.import + 1,
      import_scope: before.import_scope + 2,
      canon_transfer: before.canon_transfer + 2,
      audit_event: before.audit_event + 1,
    });
  });

  it("drops an import's audit event when the import fails after it was written", async () => {
    const file = Buffer.from('ubigeo,anio,rubro18_recaudado_total\n080801,2023,900\n');
    const before = await counts();
    const restore = await failAtCommit('canon_transfer');
    try {
      expectInternalError(await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', file, 'canon-2023.csv'));
    } finally {
      await restore();
    }
    expect(await counts()).toEqual(before);
    // and the service goes on importing
    await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', file, 'canon-2023.csv').expect(201);
  });
});
