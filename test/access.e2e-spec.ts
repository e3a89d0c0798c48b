import { createHash } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (district: string, code: string) => `M,300740,08,08,${district},2,${code},OBRA ${code},15,T,033,T,0066,V,5,RD,18,CANON,2024,10,10,0,0,5,0`;

describe('access: API keys and roles', () => {
  let t: TestApp;
  let planner: string;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('takes the first admin key from ADMIN_API_KEY and stores only its hash', async () => {
    const rows = await t.sql('SELECT role, key_hash, prefix FROM api_key');
    expect(rows).toEqual([{ role: 'admin', key_hash: createHash('sha256').update(TEST_ADMIN_KEY).digest('hex'), prefix: TEST_ADMIN_KEY.slice(0, 8) }]);
  });

  it('refuses every write without a valid key, with a stable code, and lets reads through', async () => {
    const none = await request(t.http).post('/api/v1/imports').attach('file', Buffer.from([HEADER, line('01', '2000001')].join('\n')), 'g.csv').expect(401);
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
    const made = await t.post('/api/v1/keys').send({ name: 'Espinar planning office', role: 'planner', municipalities: ['080801'] }).expect(201);
    expect(made.body.key).toMatch(/^ctk_[A-Za-z0-9_-]{43}$/);
    planner = made.body.key;
    auditor = (await t.post('/api/v1/keys').send({ name: 'Auditor', role: 'auditor' }).expect(201)).body.key;
    const list = await request(t.http).get('/api/v1/keys').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(list.body.map((k: { role: string }) => k.role)).toEqual(['admin', 'planner', 'auditor']);
    expect(JSON.stringify(list.body)).not.toContain(planner);
    await t.post('/api/v1/keys').send({ name: 'no scope', role: 'planner' }).expect(400);

    // an auditor reads but cannot import; a planner cannot edit the rules or create keys
    const byAuditor = await request(t.http).post('/api/v1/imports').set('X-API-Key', auditor).attach('file', Buffer.from([HEADER, line('01', '2000001')].join('\n')), 'g.csv').expect(403);
    expect(byAuditor.body.code).toBe('ROLE_NOT_ALLOWED');
    await request(t.http).put('/api/v1/classification/rules').set('X-API-Key', planner).send({ note: 'x', rules: [] }).expect(403);
    await request(t.http).post('/api/v1/keys').set('X-API-Key', planner).send({ name: 'x', role: 'admin' }).expect(403);
  });

  it("lets a planner import its own municipality's rows and refuses a file with any other, listing them", async () => {
    const mixed = [HEADER, line('01', '2000001'), line('03', '2000002'), line('05', '2000003')].join('\n');
    const refused = await request(t.http).post('/api/v1/imports').set('X-API-Key', planner).field('onError', 'skip').attach('file', Buffer.from(mixed), 'mixed.csv').expect(422);
    expect(refused.body.errors.map((e: { row: number; code: string; value: string }) => [e.row, e.code, e.value])).toEqual([
      [3, 'MUNICIPALITY_NOT_ALLOWED', '080803'],
      [4, 'MUNICIPALITY_NOT_ALLOWED', '080805'],
    ]);
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM budget_line');
    expect(count).toBe(0);
    const own = await request(t.http).post('/api/v1/imports').set('X-API-Key', planner).attach('file', Buffer.from([HEADER, line('01', '2000001')].join('\n')), 'own.csv').expect(201);
    expect(own.body.createdBy).toMatch(/^key:\d+$/);

    await request(t.http).put('/api/v1/municipalities/080801/plan-priorities').set('X-API-Key', planner).send({ plan: 'PDC', priorities: [{ level: 'function', code: '15' }] }).expect(200);
    const other = await request(t.http).put('/api/v1/municipalities/080803/plan-priorities').set('X-API-Key', planner).send({ plan: 'PDC', priorities: [{ level: 'function', code: '15' }] }).expect(403);
    expect(other.body.code).toBe('MUNICIPALITY_NOT_ALLOWED');
    await request(t.http).put('/api/v1/projects/2000001/area').set('X-API-Key', planner).send({ area: 'urban', reason: 'In Yauri town' }).expect(200);
  });

  it('revokes keys, but never the last admin key', async () => {
    const keys = (await request(t.http).get('/api/v1/keys').set('X-API-Key', TEST_ADMIN_KEY).expect(200)).body;
    const plannerId = keys.find((k: { role: string }) => k.role === 'planner').id;
    const revoked = await t.delete(`/api/v1/keys/${plannerId}`).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await request(t.http).put('/api/v1/municipalities/080801/plan-priorities').set('X-API-Key', planner).send({ plan: 'PDC', priorities: [{ level: 'function', code: '15' }] }).expect(401);
    const last = await t.delete(`/api/v1/keys/${keys[0].id}`).expect(409);
    expect(last.body.code).toBe('LAST_ADMIN_KEY');
  });

  it('keeps an append-only audit trail of every change, written with the change', async () => {
    const all = await request(t.http).get('/api/v1/audit').set('X-API-Key', auditor).expect(200);
    // newest first: the revocation, the planner's area, priorities and import, the two keys; the refused import left nothing
    expect(all.body.items.map((e: { type: string }) => e.type)).toEqual(['key_revoked', 'project_area', 'plan_priorities', 'import', 'key_created', 'key_created']);
    const plannerId = all.body.items.find((e: { type: string }) => e.type === 'import').actor;
    const [{ id: adminId }] = await t.sql(`SELECT id FROM api_key WHERE role = 'admin'`);
    expect(all.body.items.find((e: { type: string }) => e.type === 'key_revoked').actor).toBe(adminId);

    const area = all.body.items.find((e: { type: string }) => e.type === 'project_area');
    expect(area).toMatchObject({ actor: plannerId, subject: '2000001', municipalities: ['080801'], before: { area: 'unknown', area_source: null, area_reason: null }, after: { area: 'urban', area_source: 'explicit', area_reason: 'In Yauri town' } });

    const byPlanner = await request(t.http).get(`/api/v1/audit?actor=${plannerId}&type=import&municipality=080801`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(byPlanner.body.total).toBe(1);
    expect(byPlanner.body.items[0].after).toMatchObject({ fileName: 'own.csv', format: 'mef-gasto', inserted: 1 });
    const elsewhere = await request(t.http).get('/api/v1/audit?municipality=080803').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(elsewhere.body.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const dated = await request(t.http).get(`/api/v1/audit?from=${today}&to=${today}`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(dated.body.total).toBe(6);

    await request(t.http).get('/api/v1/audit').expect(401);
    await expect(t.sql(`UPDATE audit_event SET subject = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

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
