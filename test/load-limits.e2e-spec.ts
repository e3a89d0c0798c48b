import { readFileSync } from 'node:fs';
import request from 'supertest';
import { holdLock } from './support/locks.js';
import { createTestApp, TEST_ADMIN_KEY } from './support/test-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a slow read does not hold the service', () => {
  it('cancels a read past DB_READ_TIMEOUT_MS with 503 QUERY_TIMEOUT, while an import waiting as long completes', async () => {
    const t = await createTestApp({ dbReadTimeoutMs: 300 });
    const lock = await holdLock(t.databaseUrl, 'rollup_budget_year');
    try {
      // the import reaches its rollups and waits there behind the lock, longer than a read may
      const file = readFileSync('test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv');
      const importing = t
        .post('/api/v1/imports')
        .field('snapshotDate', '2026-04-04')
        .attach('file', file, 'comparativo.csv')
        .then((r) => r);
      await lock.until(1);
      // a read of the same table waits too, and is cancelled at 300 ms
      const read = await request(t.http).get('/api/v1/execution/control-totals?year=2024&department=08');
      expect(read.status).toBe(503);
      expect(read.body).toMatchObject({ status: 503, code: 'QUERY_TIMEOUT' });
      expect(Number(read.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.stringify(read.body)).not.toMatch(/rollup_|SELECT |canceling/);
      await sleep(400); // the import has now waited longer than any read may
      await lock.until(1);
      await lock.release();
      const imported = await importing;
      expect(imported.status).toBe(201);
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM rollup_budget_year WHERE import_id = $1`, [imported.body.id]);
      expect(n).toBeGreaterThan(0);
    } finally {
      await lock.release().catch(() => undefined);
      await t.close();
    }
  });

  it('answers 503 DATABASE_BUSY when every connection stays busy past DB_POOL_WAIT_MS, and serves again once they are free', async () => {
    const t = await createTestApp({ dbPoolSize: 2, dbPoolWaitMs: 200 });
    const lock = await holdLock(t.databaseUrl, 'municipality');
    try {
      // two reads take both connections and wait behind the lock (different limits: not coalesced into one)
      const held = [1, 2].map((limit) =>
        request(t.http)
          .get(`/api/v1/municipalities?limit=${limit}`)
          .then((r) => r),
      );
      await lock.until(2);
      const third = await request(t.http).get('/api/v1/municipalities?limit=3');
      expect(third.status).toBe(503);
      expect(third.body).toMatchObject({ status: 503, code: 'DATABASE_BUSY' });
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      await lock.release();
      const answers = await Promise.all(held);
      expect(answers.map((r) => [r.status, r.body.items.length])).toEqual([
        [200, 1],
        [200, 2],
      ]);
      const again = await request(t.http).get('/api/v1/municipalities?limit=3').expect(200);
      expect(again.body.items).toHaveLength(3);
    } finally {
      await lock.release().catch(() => undefined);
      await t.close();
    }
  });

  it('writes heavy exports a few at a time: beyond EXPORT_CONCURRENCY they queue, beyond EXPORT_QUEUE they get 503 EXPORTS_BUSY, other reads go on', async () => {
    const t = await createTestApp({ exportConcurrency: 1, exportQueue: 1 });
    const lock = await holdLock(t.databaseUrl, 'scope_current'); // the template's first read: which imports are current
    try {
      const template = (ubigeo: string) =>
        request(t.http)
          .get(`/api/v1/imports/template.xlsx?municipality=${ubigeo}&year=2024`)
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          });
      const first = template('080801').then((r) => r); // takes the one slot and waits behind the lock
      await lock.until(1);
      const second = template('080802').then((r) => r); // waits for the slot (queue of one)
      await sleep(500);
      const third = await template('080803');
      expect(third.status).toBe(503);
      expect(JSON.parse(third.body.toString())).toMatchObject({ status: 503, code: 'EXPORTS_BUSY' });
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      // not an export: answered meanwhile
      await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
      await lock.release();
      for (const done of await Promise.all([first, second])) {
        expect(done.status).toBe(200);
        expect(done.body.subarray(0, 2).toString()).toBe('PK'); // a zip: the workbook
      }
      // the slots were given back: the next export runs at once
      expect((await template('080803')).status).toBe(200);
    } finally {
      await lock.release().catch(() => undefined);
      await t.close();
    }
  });

  it('runs country-wide reads a few at a time: beyond WIDE_READ_CONCURRENCY they queue, beyond WIDE_READ_QUEUE 503 WIDE_READS_BUSY; narrower reads go on', async () => {
    const t = await createTestApp({ wideReadConcurrency: 1, wideReadQueue: 1 });
    // the country's ECLAC sums are read from the per-department rollup: held, the first wide read waits there
    const lock = await holdLock(t.databaseUrl, 'rollup_budget_classifier_department');
    try {
      // different years: different answers, not one answer shared by identical requests
      const wide = (year: number) =>
        request(t.http)
          .get(`/api/v1/analytics/dimensions?year=${year}`)
          .then((r) => r);
      const first = wide(2024);
      await lock.until(1);
      const second = wide(2023); // waits for the slot (queue of one)
      await sleep(300);
      const third = await wide(2022);
      expect(third.status).toBe(503);
      expect(third.body).toMatchObject({ status: 503, code: 'WIDE_READS_BUSY' });
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      // a department's analysis, and a country-wide read that is not level=detail, take no slot: answered meanwhile
      await request(t.http).get('/api/v1/analytics/canon?department=08&year=2024').expect(200);
      await request(t.http).get('/api/v1/execution?year=2024&groupBy=department').expect(200);
      // a country-wide level=detail read does take one
      const detail = await request(t.http).get('/api/v1/execution?year=2024&groupBy=function&level=detail');
      expect(detail.body).toMatchObject({ status: 503, code: 'WIDE_READS_BUSY' });
      await lock.release();
      expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([200, 200]);
      // the slots were given back
      expect((await wide(2022)).status).toBe(200);
    } finally {
      await lock.release().catch(() => undefined);
      await t.close();
    }
  });

  it("runs one country-wide read of a caller at a time: a key's next waits for its first while the public's goes ahead", async () => {
    const t = await createTestApp({ wideReadConcurrency: 2, wideReadQueue: 16 });
    // the country's ECLAC sums are read from the per-department rollup: held, the key's first wide read waits there
    const lock = await holdLock(t.databaseUrl, 'rollup_budget_classifier_department');
    try {
      const dimensions = (year: number) =>
        request(t.http)
          .get(`/api/v1/analytics/dimensions?year=${year}`)
          .set('X-API-Key', TEST_ADMIN_KEY)
          .then((r) => r);
      const first = dimensions(2024);
      await lock.until(1);
      // a slot is free, but the key runs one: its second waits for its turn (with one slot per request, it would take the free one)
      const second = dimensions(2023);
      await sleep(300);
      // the public's country-wide detail read (another table) takes the free slot and is answered while the key's wait
      const detail = await request(t.http).get('/api/v1/execution?year=2024&groupBy=function&level=detail');
      expect(detail.status).toBe(200);
      await expect(lock.until(2, 0.5)).rejects.toThrow(/no statement waited/); // the key's second has not started
      await lock.release();
      expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([200, 200]);
    } finally {
      await lock.release().catch(() => undefined);
      await t.close();
    }
  });
});
