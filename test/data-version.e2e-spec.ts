import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DataVersion } from '../src/common/http-cache.js';
import { createTestApp, type TestApp, TEST_ADMIN_KEY } from './support/test-app.js';
import { DEMO } from './support/files.js';

/**
 * Two instances of the service on one database: each keeps the data version (its ETags) in memory and
 * learns of the other's changes from PostgreSQL's notifications, also after its listening connection
 * was cut.
 */
describe('the data version across instances', () => {
  let a: TestApp;
  let b: TestApp;
  const url = '/api/v1/execution?year=2024&province=0808';

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  /** B's answer to a conditional read with `etag`, polled until it is not 304 or 5 s have passed. */
  async function whenBSeesAChange(etag: string) {
    const until = Date.now() + 5000;
    for (;;) {
      const res = await request(b.http).get(url).set('If-None-Match', etag);
      if (res.status !== 304 || Date.now() > until) return res;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The backend pids of the instances' listening connections. */
  const listeners = async () =>
    (
      await a.sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'canon-tracker data version'`)
    ).map((r) => r.pid);

  it('moves on one instance when the other imports', async () => {
    const before = await request(b.http).get(url).expect(200);
    await request(b.http).get(url).set('If-None-Match', before.headers.etag).expect(304);
    await a.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201);
    const after = await whenBSeesAChange(before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // and the body is the new data: Espinar's 2024 row exists only after the import
    expect(after.body.rows.map((r: { key: string }) => r.key)).toContain('080801');
  });

  it('still moves after the listening connections were cut, once they are back', async () => {
    const cut = await listeners();
    expect(cut).toHaveLength(2); // one per instance
    await a.sql('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) pid', [cut]);
    // each instance reconnects (after about a second) and forgets what it knew
    const until = Date.now() + 5000;
    while ((await listeners()).filter((pid) => !cut.includes(pid)).length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await listeners()).filter((pid) => !cut.includes(pid))).toHaveLength(2);
    const before = await request(b.http).get(url).expect(200);
    await request(b.http).get(url).set('If-None-Match', before.headers.etag).expect(304);
    await a.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
    const after = await whenBSeesAChange(before.headers.etag);
    expect(after.status).toBe(200);
  });

  it('answers an anonymous read again from memory, once per data version, and waits for an identical read in flight', async () => {
    const read = '/api/v1/execution?year=2024&province=0808&groupBy=municipality';
    const first = await request(b.http).get(read).expect(200);
    expect(first.headers['x-cache']).toBe('MISS');
    const again = await request(b.http).get(read).expect(200);
    expect([again.headers['x-cache'], again.headers['content-type'], again.text]).toEqual(['HIT', first.headers['content-type'], first.text]);
    // CSV is another answer; an error is not kept
    expect((await request(b.http).get(read).set('Accept', 'text/csv').expect(200)).headers['x-cache']).toBe('MISS');
    for (let i = 0; i < 2; i++) expect((await request(b.http).get('/api/v1/execution?year=1&province=0808').expect(400)).headers['x-cache']).toBe('MISS');
    // ten at once on a new version: one goes to the database, the others wait for its answer
    // the same figures at a later cut-off: a new snapshot, so a new data version
    await a
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.concat([readFileSync(DEMO.csv2024), Buffer.from('\n')]), 'again.csv')
      .expect(201);
    await whenBSeesAChange(first.headers.etag);
    const burst = await Promise.all(Array.from({ length: 10 }, () => request(b.http).get(read).expect(200)));
    expect(burst.map((r) => r.headers['x-cache']).sort()).toEqual(['HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'MISS']);
    expect(new Set(burst.map((r) => r.text)).size).toBe(1);
  });

  it('answers a keyed read from memory too, once its key is checked, and never from before a write', async () => {
    const read = '/api/v1/execution?year=2024&province=0808&groupBy=function';
    const keyed = (app: TestApp) => request(app.http).get(read).set('X-API-Key', app.adminKey);
    const first = await keyed(b).expect(200);
    expect(first.headers['x-cache']).toBe('MISS');
    const again = await keyed(b).expect(200);
    expect([again.headers['x-cache'], again.headers['content-type'], again.headers.etag, again.text]).toEqual([
      'HIT',
      first.headers['content-type'],
      first.headers.etag,
      first.text,
    ]);
    // the same figures an anonymous caller gets, kept apart from the anonymous answers
    const anonymous = await request(b.http).get(read).expect(200);
    expect([anonymous.headers['x-cache'], anonymous.text]).toEqual(['MISS', first.text]);
    // a key that does not exist is refused before anything kept is sent; an unchanged version is a 304
    const refused = await request(b.http).get(read).set('X-API-Key', 'ctk_not-a-key-0123456789abcdef').expect(401);
    expect(refused.headers['x-cache']).toBeUndefined();
    expect(refused.body.code).toBe('API_KEY_INVALID');
    const unchanged = await keyed(b).set('If-None-Match', first.headers.etag).expect(304);
    expect([unchanged.headers['x-cache'], unchanged.text]).toEqual(['HIT', '']);
    // a write through the other instance: the next keyed read goes by the primary's version at once, even
    // while this instance still holds the version from before the write (its notification not yet arrived:
    // made certain here by writing the old version back into B's memory after the import)
    await a
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-11-30')
      .attach('file', Buffer.concat([readFileSync(DEMO.csv2024), Buffer.from('\n\n')]), 'once-more.csv')
      .expect(201);
    const held = b.app.get(DataVersion) as unknown as { known: string | undefined };
    held.known = /^W\/"v(\d+)-/.exec(first.headers.etag)![1];
    const after = await keyed(b).expect(200);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.headers.etag).not.toBe(first.headers.etag);
    // ten at once: one asks PostgreSQL, nine wait for its answer
    const burst = await Promise.all(Array.from({ length: 10 }, () => request(b.http).get(`${read}&level=detail`).set('X-API-Key', b.adminKey).expect(200)));
    expect(burst.map((r) => r.headers['x-cache']).sort()).toEqual(['HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'MISS']);
    expect(new Set(burst.map((r) => r.text)).size).toBe(1);
  });

  it('refuses a key revoked through one instance on the other as soon as the change is notified; one revoked by SQL alone within 5 s', async () => {
    const made = async (name: string) =>
      (await request(a.http).post('/api/v1/keys').set('X-API-Key', TEST_ADMIN_KEY).send({ name, role: 'auditor' }).expect(201)).body as {
        id: number;
        key: string;
      };
    /** Polls B with `key` until it is refused; the milliseconds that took. */
    const refusedOnB = async (key: string) => {
      const started = Date.now();
      while ((await request(b.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', key)).status !== 401) {
        if (Date.now() - started > 10_000) throw new Error('still accepted after 10 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      return Date.now() - started;
    };
    const first = await made('revoked through A');
    // B knows the key (its look-up kept)
    for (let i = 0; i < 3; i++) await request(b.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', first.key).expect(200);
    await request(a.http).delete(`/api/v1/keys/${first.id}`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(await refusedOnB(first.key)).toBeLessThan(2_000); // the notification's milliseconds, not the 5 s a kept key may last

    const second = await made('revoked by SQL');
    for (let i = 0; i < 3; i++) await request(b.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', second.key).expect(200);
    await a.sql('UPDATE api_key SET revoked_at = now() WHERE id = $1', [second.id]);
    // B's kept look-up still stands (no audit event moved the version): the key's requests cost no query meanwhile
    await request(b.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', second.key).expect(200);
    expect(await refusedOnB(second.key)).toBeLessThan(6_000);
  });
});
