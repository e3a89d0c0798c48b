import { createHash } from 'node:crypto';
import request from 'supertest';
import { TEMPLATE_COLUMNS } from '../src/imports/formats/template.format.js';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (district: string, code: string) => `M,300740,08,08,${district},2,${code},OBRA ${code},15,T,033,T,0066,V,5,RD,18,CANON,2024,10,10,0,0,5,0`;

describe('access: API keys and roles', () => {
  // a service of its own for each test: every test starts from the first admin key alone, and makes the keys it uses
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const newKey = async (body: { name: string; role: string; municipalities?: string[] }) =>
    (await t.post('/api/v1/keys').send(body).expect(201)).body as { id: number; key: string };
  const plannerKey = () => newKey({ name: 'Espinar planning office', role: 'planner', municipalities: ['080801'] });
  const auditorKey = () => newKey({ name: 'Auditor', role: 'auditor' });
  const upload = (key: string, name: string, ...lines: string[]) =>
    request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', key)
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from([HEADER, ...lines].join('\n')), name);
  const priorities = (key: string, ubigeo: string) =>
    request(t.http)
      .put(`/api/v1/municipalities/${ubigeo}/plan-priorities`)
      .set('X-API-Key', key)
      .send({ plan: 'PDC', priorities: [{ level: 'function', code: '15' }] });

  it('takes the first admin key from ADMIN_API_KEY and stores only its hash, nothing of the key itself', async () => {
    const rows = await t.sql('SELECT * FROM api_key');
    expect(rows).toEqual([
      {
        id: 1,
        name: 'first admin',
        role: 'admin',
        municipalities: [],
        key_hash: createHash('sha256').update(TEST_ADMIN_KEY).digest('hex'),
        created_by: null,
        created_at: expect.any(Date),
        revoked_at: null,
      },
    ]);
  });

  it('refuses every write without a valid key, with a stable code, and lets reads through', async () => {
    const none = await request(t.http)
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from([HEADER, line('01', '2000001')].join('\n')), 'g.csv')
      .expect(401);
    expect(none.body).toMatchObject({ status: 401, code: 'API_KEY_REQUIRED' });
    expect(none.headers['content-type']).toMatch(/problem\+json/);
    const wrong = await request(t.http).put('/api/v1/classification/rules').set('X-API-Key', 'not-a-key').send({ note: 'x', rules: [] }).expect(401);
    expect(wrong.body.code).toBe('API_KEY_INVALID');
    await request(t.http).get('/api/v1/execution?year=2024').expect(200);
    await request(t.http).get('/api/v1/keys').expect(401);
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM import');
    expect(count).toBe(0);
  });

  it('creates keys shown once, and gives each role what it may do', async () => {
    const { key: planner } = await plannerKey();
    expect(planner).toMatch(/^ctk_[A-Za-z0-9_-]{43}$/);
    const { key: auditor } = await auditorKey();
    const list = await request(t.http).get('/api/v1/keys').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(list.body.map((k: { role: string }) => k.role)).toEqual(['admin', 'planner', 'auditor']);
    expect(JSON.stringify(list.body)).not.toContain(planner);
    await t.post('/api/v1/keys').send({ name: 'no scope', role: 'planner' }).expect(400);

    // an auditor reads but cannot import; a planner cannot edit the rules or create keys
    const byAuditor = await upload(auditor, 'g.csv', line('01', '2000001')).expect(403);
    expect(byAuditor.body.code).toBe('ROLE_NOT_ALLOWED');
    await request(t.http).put('/api/v1/classification/rules').set('X-API-Key', planner).send({ note: 'x', rules: [] }).expect(403);
    await request(t.http).post('/api/v1/keys').set('X-API-Key', planner).send({ name: 'x', role: 'admin' }).expect(403);
  });

  it("lets a planner import its own municipality's rows and refuses a file with any other, listing them", async () => {
    const { key: planner } = await plannerKey();
    const refused = await upload(planner, 'mixed.csv', line('01', '2000001'), line('03', '2000002'), line('05', '2000003'))
      .field('onError', 'skip')
      .expect(422);
    expect(refused.body.errors.map((e: { row: number; code: string; value: string }) => [e.row, e.code, e.value])).toEqual([
      [3, 'MUNICIPALITY_NOT_ALLOWED', '080803'],
      [4, 'MUNICIPALITY_NOT_ALLOWED', '080805'],
    ]);
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM budget_line');
    expect(count).toBe(0);
    const own = await upload(planner, 'own.csv', line('01', '2000001')).expect(201);
    expect(own.body.createdBy).toMatch(/^key:\d+$/);

    await priorities(planner, '080801').expect(200);
    const other = await priorities(planner, '080803').expect(403);
    expect(other.body.code).toBe('MUNICIPALITY_NOT_ALLOWED');
    await request(t.http).put('/api/v1/projects/2000001/area').set('X-API-Key', planner).send({ area: 'urban', reason: 'In Yauri town' }).expect(200);
  });

  it('revokes keys, but never the last admin key', async () => {
    const { id: plannerId, key: planner } = await plannerKey();
    await priorities(planner, '080801').expect(200);
    const revoked = await t.delete(`/api/v1/keys/${plannerId}`).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await priorities(planner, '080801').expect(401);
    const [{ id: adminId }] = await t.sql(`SELECT id FROM api_key WHERE role = 'admin'`);
    const last = await t.delete(`/api/v1/keys/${adminId}`).expect(409);
    expect(last.body.code).toBe('LAST_ADMIN_KEY');
  });

  it('keeps an append-only audit trail of every change, written with the change', async () => {
    // two keys; a planner's refused file, its own file, priorities and a project's area; the planner's key revoked
    const { id: plannerKeyId, key: planner } = await plannerKey();
    const { key: auditor } = await auditorKey();
    await upload(planner, 'mixed.csv', line('01', '2000001'), line('03', '2000002')).expect(422);
    await upload(planner, 'own.csv', line('01', '2000001')).expect(201);
    await priorities(planner, '080801').expect(200);
    await request(t.http).put('/api/v1/projects/2000001/area').set('X-API-Key', planner).send({ area: 'urban', reason: 'In Yauri town' }).expect(200);
    await t.delete(`/api/v1/keys/${plannerKeyId}`).expect(200);

    const all = await request(t.http).get('/api/v1/audit').set('X-API-Key', auditor).expect(200);
    // newest first: the revocation, the planner's area, priorities and import, the two keys; the refused import left nothing
    expect(all.body.items.map((e: { type: string }) => e.type)).toEqual([
      'key_revoked',
      'project_area',
      'plan_priorities',
      'import',
      'key_created',
      'key_created',
    ]);
    const plannerId = all.body.items.find((e: { type: string }) => e.type === 'import').actor;
    expect(plannerId).toBe(plannerKeyId);
    const [{ id: adminId }] = await t.sql(`SELECT id FROM api_key WHERE role = 'admin'`);
    expect(all.body.items.find((e: { type: string }) => e.type === 'key_revoked').actor).toBe(adminId);

    const area = all.body.items.find((e: { type: string }) => e.type === 'project_area');
    expect(area).toMatchObject({
      actor: plannerId,
      subject: '2000001',
      municipalities: ['080801'],
      before: { area: 'unknown', area_source: null, area_reason: null },
      after: { area: 'urban', area_source: 'explicit', area_reason: 'In Yauri town' },
    });

    const byPlanner = await request(t.http)
      .get(`/api/v1/audit?actor=${plannerId}&type=import&municipality=080801`)
      .set('X-API-Key', TEST_ADMIN_KEY)
      .expect(200);
    expect(byPlanner.body.total).toBe(1);
    expect(byPlanner.body.items[0].after).toMatchObject({ fileName: 'own.csv', format: 'mef-gasto', inserted: 1 });
    const elsewhere = await request(t.http).get('/api/v1/audit?municipality=080803').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(elsewhere.body.total).toBe(0);
    // by day, as the server cuts days (PostgreSQL's session time zone, not UTC): the days the six events fell on
    // (two, if the test ran across midnight), and the day before them, which has none
    const [days] = await t.sql(`SELECT min(at)::date::text AS first, max(at)::date::text AS last, (min(at)::date - 1)::text AS before FROM audit_event`);
    const dated = await request(t.http).get(`/api/v1/audit?from=${days.first}&to=${days.last}`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(dated.body.total).toBe(6);
    const earlier = await request(t.http).get(`/api/v1/audit?from=${days.before}&to=${days.before}`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(earlier.body.total).toBe(0);

    await request(t.http).get('/api/v1/audit').expect(401);
    await expect(t.sql(`UPDATE audit_event SET subject = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });
});

describe('access: reads closed', () => {
  it('makes every read need a key when PUBLIC_READS is off', async () => {
    const closed = await createTestApp({ publicReads: false });
    try {
      const res = await request(closed.http).get('/api/v1/execution?year=2024').expect(401);
      expect(res.body.code).toBe('API_KEY_REQUIRED');
      await request(closed.http).get('/api/v1/execution?year=2024').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    } finally {
      await closed.close();
    }
  });
});

describe("a planner's reach over projects", () => {
  const A = '080801';
  const B = '080803';
  const mef = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'));
  /** The planner's template as CSV: one row per [ubigeo, CUI, area]. */
  const template = (...rows: [string, string, string][]) =>
    Buffer.from(
      [
        TEMPLATE_COLUMNS.map((c) => c.header).join(','),
        ...rows.map(([ubigeo, cui, area]) => `2024,${ubigeo},Proyecto,${cui},OBRA ${cui},15,033,0066,18,1,2,0,0,1,1,${area}`),
      ].join('\n'),
    );
  let t: TestApp;
  let planner: string;
  let plannerId: number;
  const projects = () =>
    t.sql(`SELECT cui, area, area_source, area_reason, dimension FROM project WHERE cui IN ('2100001', '2200002', '2300003') ORDER BY cui`);
  const events = async (cui: string) =>
    (await request(t.http).get('/api/v1/audit?type=project_area').set('X-API-Key', TEST_ADMIN_KEY).expect(200)).body.items.filter(
      (e: { subject: string }) => e.subject === cui,
    );
  beforeAll(async () => {
    t = await createTestApp();
    const made = await t
      .post('/api/v1/keys')
      .send({ name: 'Espinar', role: 'planner', municipalities: [A] })
      .expect(201);
    [planner, plannerId] = [made.body.key, made.body.id];
    // 2100001 is A's, 2200002 B's; 2300003 was budgeted by A in January, dropped by A's February file, and is B's now
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-01-31')
      .attach('file', mef(line('01', '2100001'), line('01', '2300003'), line('03', '2200002'), line('03', '2300003')), 'enero.csv')
      .expect(201);
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-02-28')
      .field('municipality', A)
      .attach('file', mef(line('01', '2100001')), 'febrero.csv')
      .expect(201);
  });
  afterAll(() => t.close());

  it("refuses a planner's area or dimension for another municipality's project, counting current lines only", async () => {
    for (const [cui, what, body] of [
      ['2200002', 'area', { area: 'rural', reason: 'Field note' }],
      ['2200002', 'dimension', { dimension: 'equal_rights', reason: 'Field note' }],
      ['2300003', 'area', { area: 'rural', reason: 'Field note' }], // A's line of January is history: it does not make the project A's
      ['2300003', 'dimension', { dimension: 'equal_rights', reason: 'Field note' }],
    ] as const) {
      const res = await request(t.http).put(`/api/v1/projects/${cui}/${what}`).set('X-API-Key', planner).send(body).expect(403);
      expect(res.body).toMatchObject({ status: 403, code: 'MUNICIPALITY_NOT_ALLOWED' });
    }
    const [b, c] = [
      (await request(t.http).get('/api/v1/projects/2200002').expect(200)).body,
      (await request(t.http).get('/api/v1/projects/2300003').expect(200)).body,
    ];
    expect([b.area, b.dimension, c.area, c.dimension]).toEqual(['unknown', null, 'unknown', null]);
    expect(await events('2200002')).toEqual([]);
    await request(t.http)
      .put('/api/v1/projects/2100001/dimension')
      .set('X-API-Key', planner)
      .send({ dimension: 'equal_rights', reason: 'School roads' })
      .expect(200);
  });

  it("refuses a planner's template naming another municipality's project, whole, with the rows, and writes nothing", async () => {
    const [before] = await t.sql(
      `SELECT (SELECT count(*) FROM budget_line)::int AS lines, (SELECT count(*) FROM import)::int AS imports, (SELECT count(*) FROM audit_event)::int AS events`,
    );
    const projectsBefore = await projects();
    for (const onError of ['reject', 'skip']) {
      const res = await request(t.http)
        .post('/api/v1/imports')
        .set('X-API-Key', planner)
        .field('onError', onError)
        .field('snapshotDate', '2025-03-31')
        .attach('file', template([A, '2100001', 'urbano'], [A, '2200002', 'rural'], [A, '2300003', 'rural']), 'plantilla.csv')
        .expect(422);
      expect(res.body.errors.map((e: { row: number; column: string; code: string; value: string }) => [e.row, e.column, e.code, e.value])).toEqual([
        [3, 'Código (CUI o actividad)', 'PROJECT_NOT_ALLOWED', '2200002'],
        [4, 'Código (CUI o actividad)', 'PROJECT_NOT_ALLOWED', '2300003'],
      ]);
    }
    const [after] = await t.sql(
      `SELECT (SELECT count(*) FROM budget_line)::int AS lines, (SELECT count(*) FROM import)::int AS imports, (SELECT count(*) FROM audit_event)::int AS events`,
    );
    expect(after).toEqual(before);
    // no project's area set, none of the three registered by it (2100001 may be there already, from a dimension set by the planner)
    expect(await projects()).toEqual(projectsBefore);
    expect(projectsBefore.filter((p) => p.cui !== '2100001')).toEqual([]);
    expect((await request(t.http).get('/api/v1/projects/2200002').expect(200)).body.budgetedBy).toEqual([B]);

    // its own project and one new to the tracker are the planner's to bring in
    const own = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', planner)
      .field('snapshotDate', '2025-03-31')
      .attach('file', template([A, '2100001', 'urbano'], [A, '2400004', 'rural']), 'propia.csv')
      .expect(201);
    expect(own.body).toMatchObject({ format: 'template', inserted: 1, revised: 1 }); // 2100001's amounts differ from February's line
    expect((await events('2100001')).map((e: { actor: number; after: { area: string } }) => [e.actor, e.after.area])).toEqual([[plannerId, 'urban']]);
  });

  it("audits every area a template changes, old and new, with its reason, in the import's transaction", async () => {
    await t.put('/api/v1/projects/2200002/area').send({ area: 'urban', reason: 'Field visit 2024' }).expect(200);
    const first = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-04-30')
      .attach('file', template([B, '2200002', 'rural'], [B, '2500005', 'urbano']), 'b.csv')
      .expect(201);
    const [adminId] = (await t.sql(`SELECT id FROM api_key WHERE role = 'admin'`)).map((r) => r.id);
    const [last, put] = await events('2200002');
    expect(put.after.area_reason).toBe('Field visit 2024');
    expect(last).toMatchObject({
      actor: adminId,
      municipalities: [B],
      before: { area: 'urban', area_source: 'explicit', area_reason: 'Field visit 2024' },
      after: { area: 'rural', area_source: 'explicit', area_reason: `template import ${first.body.id}, row 2` },
    });
    expect((await events('2500005')).map((e: { before: unknown; after: unknown }) => [e.before, e.after])).toEqual([
      [
        { area: 'unknown', area_source: null, area_reason: null },
        { area: 'urban', area_source: 'explicit', area_reason: `template import ${first.body.id}, row 3` },
      ],
    ]);
    expect((await request(t.http).get('/api/v1/projects/2200002').expect(200)).body).toMatchObject({
      area: 'rural',
      areaReason: `template import ${first.body.id}, row 2`,
    });
    // the same areas again (in another file: a line break more) change nothing, and record nothing
    const again = Buffer.concat([template([B, '2200002', 'rural'], [B, '2500005', 'urbano']), Buffer.from('\n')]);
    await t.post('/api/v1/imports').field('snapshotDate', '2025-05-31').attach('file', again, 'b2.csv').expect(201);
    expect((await events('2200002')).length + (await events('2500005')).length).toBe(3);
  });
});

describe("an import's rows", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(); // reads are public
  });
  afterAll(() => t.close());

  it('are for the key that uploaded the file, admins and auditors only, even where reads are public', async () => {
    const key = async (role: string, municipalities?: string[]) =>
      (await t.post('/api/v1/keys').send({ name: role, role, municipalities }).expect(201)).body.key as string;
    const [uploader, other, auditor] = [await key('planner', ['080801']), await key('planner', ['080801']), await key('auditor')];
    const bad = line('01', '2000002').replace(',2024,10,10,', ',2024,10,SECRETO,');
    const res = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', uploader)
      .field('onError', 'skip')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from([HEADER, line('01', '2000001'), bad].join('\n')), 'g.csv')
      .expect(201);
    const expected = [{ row: 3, column: 'MONTO_PIM', code: 'INVALID_AMOUNT', value: 'SECRETO' }];
    expect(res.body.errors).toEqual([expect.objectContaining(expected[0])]);
    const csvUrl = `/api/v1/imports/${res.body.id}/errors.csv`;
    expect(res.body.errorsCsv).toBe(csvUrl);

    const anonymous = await request(t.http).get(csvUrl).expect(401);
    expect(anonymous.body.code).toBe('API_KEY_REQUIRED');
    const refused = await request(t.http).get(csvUrl).set('X-API-Key', other).expect(403);
    expect(refused.body).toMatchObject({ status: 403, code: 'IMPORT_NOT_ALLOWED' });
    expect(JSON.stringify(refused.body)).not.toContain('SECRETO');
    for (const allowed of [uploader, TEST_ADMIN_KEY, auditor]) {
      const csv = await request(t.http).get(csvUrl).set('X-API-Key', allowed).expect(200);
      expect(
        csv.text
          .replace(/^\uFEFF/, '')
          .trim()
          .split('\r\n')[1],
      ).toMatch(/^,3,MONTO_PIM,INVALID_AMOUNT,.*,SECRETO,error$/);
    }

    // the import itself stays public, but its errors (the cell values) only for the same keys
    for (const [caller, errors] of [
      [undefined, null],
      [other, null],
      [uploader, expected],
      [TEST_ADMIN_KEY, expected],
      [auditor, expected],
    ] as const) {
      const one = request(t.http).get(`/api/v1/imports/${res.body.id}`);
      const list = request(t.http).get('/api/v1/imports');
      const [a, b] = await Promise.all([caller ? one.set('X-API-Key', caller) : one, caller ? list.set('X-API-Key', caller) : list]);
      for (const body of [a.body, b.body.items[0]]) {
        expect(body).toMatchObject({ id: res.body.id, rowsRejected: 1, errorsCsv: csvUrl });
        expect(
          body.errors === null ? null : body.errors.map(({ row, column, code, value }: Record<string, unknown>) => ({ row, column, code, value })),
        ).toEqual(errors);
      }
    }
  });
});
