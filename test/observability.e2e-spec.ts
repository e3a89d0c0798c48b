import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { MIGRATION_LOCK } from '../src/database/database.module.js';
import { AppLogger } from '../src/observability/app-logger.js';
import { poolOf } from '../src/observability/db-pool.js';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

const quiet = { log: () => undefined, warn: () => undefined } as never;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FIXTURE = 'test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv';

/** The app's log, as the lines its JSON logger writes (the logger main.ts gives the service, with a sink). */
function captureLog(t: TestApp): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  t.app.useLogger(new AppLogger({ logLevel: 'debug', logFormat: 'json' }, (line) => lines.push(JSON.parse(line))));
  return lines;
}

/** Waits for a line the app writes once the response has ended ('close'), which may be just after the client has it. */
async function lineWhere(lines: Record<string, unknown>[], match: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const found = lines.find(match);
    if (found) return found;
    await sleep(20);
  }
  throw new Error(`no such log line among:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The Prometheus text format (0.0.4), strictly: `# HELP` and `# TYPE` lines, then samples
 * `name{label="value",...} number`; every sample belongs to a family with a TYPE. prom-client writes
 * NaN as `Nan` (an event-loop histogram with no sample yet), which Prometheus reads (Go's ParseFloat
 * ignores the case).
 */
function parsePrometheus(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(comment[3]);
        types.set(comment[2], comment[3]);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? (-?[0-9.e+-]+|NaN|Nan|[+-]Inf)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus text line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[k] = v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    const family = sample[1].replace(/_(bucket|sum|count)$/, '');
    if (!types.has(sample[1]) && !types.has(family)) throw new Error(`a sample without a TYPE: ${line}`);
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return samples;
}

async function scrape(t: TestApp): Promise<Sample[]> {
  const res = await request(t.http).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(res.text);
}

/** The value of the one sample with this name and these labels (0 when there is none yet). */
function sampleValue(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value ?? 0;
}

describe('logs and request ids', () => {
  let t: TestApp;
  let lines: Record<string, unknown>[];
  beforeAll(async () => {
    t = await createTestApp();
    lines = captureLog(t);
  });
  afterAll(() => t.close());

  it('writes one JSON line per request: its id as the response gave it, method, route pattern, status, duration, and the id of the key, never the key', async () => {
    const [{ id: keyId }] = await t.sql<{ id: number }>('SELECT id FROM api_key');
    const res = await request(t.http).get('/api/v1/municipalities/080801').set('X-API-Key', TEST_ADMIN_KEY).set('X-Request-Id', 'client.req-42_A').expect(200);
    expect(res.headers['x-request-id']).toBe('client.req-42_A');
    const line = await lineWhere(lines, (l) => l.requestId === 'client.req-42_A' && l.context === 'Http');
    expect(line).toMatchObject({ level: 'log', method: 'GET', route: '/api/v1/municipalities/:ubigeo', status: 200, keyId });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs as number).toBeGreaterThanOrEqual(0);

    const anonymous = await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
    const other = await lineWhere(lines, (l) => l.requestId === anonymous.headers['x-request-id'] && l.context === 'Http');
    expect(other).toMatchObject({ route: '/api/v1/municipalities', status: 200, keyId: null });
    expect(JSON.stringify(lines)).not.toContain(TEST_ADMIN_KEY);
  });

  it('echoes a sane X-Request-Id (64 characters at most) and replaces any other with a new UUID', async () => {
    const longest = `${'a'.repeat(63)}Z`;
    expect((await request(t.http).get('/api/v1/municipalities?limit=1').set('X-Request-Id', longest)).headers['x-request-id']).toBe(longest);
    for (const insane of [`${longest}9`, 'has space', 'semi;colon', 'ñandú', '']) {
      const res = await request(t.http).get('/api/v1/municipalities?limit=1').set('X-Request-Id', insane);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
    const none = await request(t.http).get('/api/v1/municipalities?limit=1');
    expect(none.headers['x-request-id']).toMatch(UUID);
  });

  it('puts the request id in every problem body', async () => {
    const missing = await request(t.http).get('/api/v1/municipalities/999999').set('X-Request-Id', 'lookup-1').expect(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, requestId: 'lookup-1' });
    const invalid = await request(t.http).get('/api/v1/execution?year=nineteen');
    expect(invalid.status).toBe(400);
    expect(invalid.body.requestId).toBe(invalid.headers['x-request-id']);
    const notJson = await t.put('/api/v1/classification/rules').set('Content-Type', 'application/json').send('{"rules": [');
    expect(notJson.body).toMatchObject({ status: 400, code: 'INVALID_JSON', requestId: notJson.headers['x-request-id'] });
    expect(notJson.headers['x-request-id']).toMatch(UUID);
    const unknownKey = await request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', 'not-a-key-at-all-0123456789');
    expect(unknownKey.body).toMatchObject({ status: 401, code: 'API_KEY_INVALID', requestId: unknownKey.headers['x-request-id'] });
  });

  it('writes a line when an import starts and when it commits or fails, with its id, format, rows, rows/s and duration', async () => {
    const file = readFileSync(FIXTURE);
    const imported = await t
      .post('/api/v1/imports')
      .set('X-Request-Id', 'upload-1')
      .field('snapshotDate', '2026-04-04')
      .attach('file', file, 'comparativo.csv')
      .expect(201);
    const start = await lineWhere(lines, (l) => l.event === 'import.start' && l.requestId === 'upload-1');
    expect(start).toMatchObject({ context: 'Imports', format: 'mef-gasto', bytes: file.length, background: false, importId: null });
    const commit = await lineWhere(lines, (l) => l.event === 'import.commit' && l.requestId === 'upload-1');
    // the file: a header line and ten rows (11 lines, none of them quoted over two lines)
    expect(commit).toMatchObject({ importId: imported.body.id, format: 'mef-gasto', rows: 10 });
    expect(commit.durationMs).toEqual(expect.any(Number));
    expect(commit.rowsPerSecond).toEqual(expect.any(Number));
    expect(commit.rowsPerSecond as number).toBeGreaterThan(0);

    const bad = Buffer.from('Año,Ubigeo,Nada\n2024,080801,1\n');
    await t.post('/api/v1/imports').set('X-Request-Id', 'upload-2').field('snapshotDate', '2026-10-31').attach('file', bad, 'nada.csv').expect(422);
    const fail = await lineWhere(lines, (l) => l.event === 'import.fail' && l.requestId === 'upload-2');
    expect(fail).toMatchObject({ context: 'Imports', outcome: 'rejected', code: 'UNRECOGNIZED_LAYOUT', format: null, importId: null });
  });
});

describe('GET /metrics', () => {
  it('answers Prometheus text: request durations by route pattern and status (never the URL), imports by format and outcome, the pool', async () => {
    const t = await createTestApp();
    try {
      const before = await scrape(t);
      const route = { method: 'GET', route: '/api/v1/municipalities/:ubigeo', status: '200' };
      const count = sampleValue(before, 'tracker_http_request_duration_seconds_count', route);
      await request(t.http).get('/api/v1/municipalities/080801').expect(200);
      // the second anonymous read of the same data is answered from memory, before Express's router: the same pattern
      const again = await request(t.http).get('/api/v1/municipalities/080801').expect(200);
      expect(again.headers['x-cache']).toBe('HIT');
      await request(t.http).get('/nowhere/080801').expect(404);
      await sleep(50); // the observation is made on 'close', just after the client has the answer
      const after = await scrape(t);
      expect(sampleValue(after, 'tracker_http_request_duration_seconds_count', route)).toBe(count + 2);
      expect(sampleValue(after, 'tracker_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
      const routes = new Set(after.filter((s) => s.name === 'tracker_http_request_duration_seconds_count').map((s) => s.labels.route));
      expect([...routes].some((r) => r.includes('080801'))).toBe(false);
      // the scrape before was counted too, under its own route
      expect(sampleValue(after, 'tracker_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);

      // DB_POOL_SIZE's default, 10 (README)
      expect(sampleValue(after, 'tracker_db_pool_size', {})).toBe(10);
      expect(sampleValue(after, 'tracker_db_pool_total', {})).toBeGreaterThanOrEqual(1);
      expect(sampleValue(after, 'tracker_db_pool_waiting', {})).toBe(0);
      expect(sampleValue(after, 'tracker_replica_configured', {})).toBe(0);

      await t.post('/api/v1/imports').field('snapshotDate', '2026-04-04').attach('file', readFileSync(FIXTURE), 'comparativo.csv').expect(201);
      await t.post('/api/v1/imports').attach('file', Buffer.from('Año,Ubigeo,Nada\n2024,080801,1\n'), 'nada.csv').expect(422);
      const imports = await scrape(t);
      expect(sampleValue(imports, 'tracker_imports_total', { format: 'mef-gasto', outcome: 'committed' })).toBe(1);
      expect(sampleValue(imports, 'tracker_imports_total', { format: 'unknown', outcome: 'rejected' })).toBe(1);
      expect(sampleValue(imports, 'tracker_import_rows_per_second_count', { format: 'mef-gasto' })).toBe(1);
      expect(sampleValue(imports, 'tracker_import_rows_per_second_sum', { format: 'mef-gasto' })).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('without METRICS_TOKEN answers loopback clients only: not one a proxy forwarded', async () => {
    const t = await createTestApp();
    try {
      const forwarded = await request(t.http).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(403);
      expect(forwarded.body).toMatchObject({ status: 403, code: 'METRICS_LOCAL_ONLY', requestId: forwarded.headers['x-request-id'] });
      expect(forwarded.text).not.toContain('tracker_');
      // not under the API prefix
      await request(t.http).get('/api/v1/metrics').expect(404);
    } finally {
      await t.close();
    }
  });

  it('with METRICS_TOKEN needs Authorization: Bearer and the token', async () => {
    const token = 'scrape-token-0123456789';
    const t = await createTestApp({ metricsToken: token });
    try {
      const none = await request(t.http).get('/metrics').expect(401);
      expect(none.body).toMatchObject({ status: 401, code: 'METRICS_TOKEN_REQUIRED' });
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      await request(t.http).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
      await request(t.http).get('/metrics').set('Authorization', `Basic ${token}`).expect(401);
      // an admin key is no metrics token
      await request(t.http).get('/metrics').set('X-API-Key', TEST_ADMIN_KEY).expect(401);
      const ok = await request(t.http).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(parsePrometheus(ok.text).some((s) => s.name === 'tracker_db_pool_total')).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('liveness and readiness', () => {
  const freePort = () =>
    new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => done(port));
      });
    });

  it('is not ready (503 DATABASE_UNAVAILABLE) while the database is down and ready again once it is back; alive throughout', async () => {
    const dir = resolve('.data', 'test-readiness');
    await rm(dir, { recursive: true, force: true });
    const port = await freePort();
    let db = await startEmbeddedPostgres(dir, quiet, 'readiness', port);
    const t = await createTestApp({ databaseUrl: db.url });
    try {
      expect((await request(t.http).get('/health/ready').expect(200)).body).toEqual({ status: 'ready' });
      await request(t.http).get('/health/live').expect(200);
      await db.stop();
      const down = await request(t.http).get('/health/ready').expect(503);
      expect(down.headers['content-type']).toMatch(/problem\+json/);
      expect(down.body).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE', message: expect.any(String), requestId: down.headers['x-request-id'] });
      expect(down.headers['retry-after']).toBe('5');
      expect((await request(t.http).get('/health/live').expect(200)).body).toEqual({ status: 'live' });
      db = await startEmbeddedPostgres(dir, quiet, 'readiness', port);
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
        status = (await request(t.http).get('/health/ready')).status;
        if (status !== 200) await sleep(300);
      }
      expect(status).toBe(200);
    } finally {
      await t.close();
      await db.stop();
    }
  }, 90_000);

  it('is not ready while an instance holds the migration lock, nor while more requests wait for a connection than the pool has', async () => {
    const t = await createTestApp({ dbPoolSize: 1, dbPoolWaitMs: 10_000 });
    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await request(t.http).get('/health/ready').expect(200);
      // another instance migrating: it holds this lock for as long (src/database/database.module.ts)
      await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const migrating = await request(t.http).get('/health/ready').expect(503);
      expect(migrating.body).toMatchObject({ status: 503, code: 'MIGRATIONS_RUNNING' });
      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await request(t.http).get('/health/ready').expect(200);

      // the pool's one connection taken, and two more requests waiting for it: more than the pool has
      const pool = poolOf(t.app.get(DataSource));
      const held = await pool.connect();
      const waiting = [pool.connect(), pool.connect()];
      expect(pool.waitingCount).toBeGreaterThanOrEqual(2);
      const busy = await request(t.http).get('/health/ready').expect(503);
      expect(busy.body).toMatchObject({ status: 503, code: 'DATABASE_BUSY' });
      held.release();
      await Promise.all(waiting.map((connecting) => connecting.then((client) => client.release())));
      await request(t.http).get('/health/ready').expect(200);
      // the old route keeps its contract
      expect((await request(t.http).get('/api/v1/health').expect(200)).body).toMatchObject({ status: 'ok', database: 'up' });
    } finally {
      await other.end();
      await t.close();
    }
  });
});
