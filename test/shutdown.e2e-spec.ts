import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { holdLock } from './support/locks.js';
import { createTestApp } from './support/test-app.js';

describe('a service told to stop (SIGTERM) in the middle of an import', () => {
  it('gives the import SHUTDOWN_GRACE_MS, then rolls it back and hands it back, its upload kept in the spool: nothing of it kept', async () => {
    // a spool of its own, outside the app's data folder (removed at close), to see what is left in it
    await mkdir(resolve('.data'), { recursive: true });
    const spool = await mkdtemp(join(resolve('.data'), 'test-shutdown-spool-'));
    const t = await createTestApp({ shutdownGraceMs: 300, uploadSpoolDir: spool });
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    const lock = await holdLock(t.databaseUrl, 'rollup_budget_year');
    try {
      const file = readFileSync('test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv');
      const accepted = await t
        .post('/api/v1/imports')
        .field('background', 'true')
        .field('snapshotDate', '2026-04-04')
        .attach('file', file, 'comparativo.csv')
        .expect(202);
      await lock.until(); // the import is in its merge, waiting behind the lock, longer than the grace period
      const started = Date.now();
      await t.close(); // what Nest does on SIGTERM (enableShutdownHooks)
      const closedInMs = Date.now() - started;
      const { rows } = await db.query(
        `SELECT i.status, i.failure->>'code' AS code, i.attempt, i.heartbeat_at AS lease, i.spool_file AS spooled, (SELECT count(*)::int FROM budget_line WHERE import_id = i.id) AS lines,
                (SELECT count(*)::int FROM import_scope WHERE import_id = i.id) AS scopes,
                (SELECT count(*)::int FROM pg_class WHERE relname IN ('budget_line_' || i.id, 'rollup_project_' || i.id)) AS partitions
         FROM import i WHERE i.id = $1`,
        [accepted.body.id],
      );
      // queued with its lease released, for another instance sharing the spool to take over at once (test/import-takeover.e2e-spec.ts)
      expect(rows).toEqual([{ status: 'queued', code: null, attempt: 1, lease: null, spooled: expect.any(String), lines: 0, scopes: 0, partitions: 0 }]);
      expect(await readdir(spool)).toEqual([rows[0].spooled]);
      // the lock was still held: only the cancel could have ended the import's statement (the grace period is 0.3 s)
      expect(closedInMs).toBeLessThan(30_000);
    } finally {
      await lock.release();
      await db.end();
      await rm(spool, { recursive: true, force: true });
    }
  });

  it('does not wait for the statistics refresh after an import past the grace period, and that refresh holds no table it is done with', async () => {
    const t = await createTestApp({ shutdownGraceMs: 300 });
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    // SHARE UPDATE EXCLUSIVE: the import writes the table (its locks do not conflict), ANALYZE cannot start on it.
    // population_nearest is the last table the refresh analyses.
    const lock = await holdLock(t.databaseUrl, 'population_nearest', 'SHARE UPDATE EXCLUSIVE');
    let closed = false;
    try {
      const file = readFileSync('test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv');
      await t.post('/api/v1/imports').field('snapshotDate', '2026-04-04').attach('file', file, 'comparativo.csv').expect(201);
      await lock.until(1, 60, true); // the refresh after the commit waits for the lock
      // the tables it has analysed already are let go (in a transaction block it held them all until its end)
      const { rows } = await db.query(
        `SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE a.query ~* '^\\s*ANALYZE' AND l.granted AND c.relname IN ('budget_line', 'rollup_budget_year', 'rollup_project', 'import_scope')`,
      );
      expect(rows).toEqual([]);
      const started = Date.now();
      await t.close(); // the lock still held: before, the pool's close waited for the refresh, i.e. for the lock
      closed = true;
      expect(Date.now() - started).toBeLessThan(10_000);
      const waiting = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ~* '^\\s*ANALYZE' AND state = 'active'`);
      expect(waiting.rows[0].n).toBe(0); // cancelled, not left running
    } finally {
      await lock.release();
      if (!closed) await t.close();
      await db.end();
    }
  });
});
