import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { ImportTakeover } from '../src/imports/import-takeover.js';
import { holdLock } from './support/locks.js';
import { gastoCsv, manyGastoLines } from './support/mef-gasto-file.js';
import { createDatabase, createTestApp, type TestApp, TEST_ADMIN_KEY } from './support/test-app.js';

async function until<T>(probe: () => Promise<T | undefined>, seconds = 120): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

/** A MEF gasto file of `count` lines of one year, and its own figures: its lines, their PIM and devengado summed in céntimos. */
function gastoFile(count: number, year: number) {
  const lines = manyGastoLines(count, year);
  // the generator writes every amount with two decimals ("1234.05"): céntimos are its digits
  const sum = (column: number) => lines.reduce((total, l) => total + BigInt(l.amounts[column].replace('.', '')), 0n);
  const soles = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  return { bytes: gastoCsv(lines), figures: { lines: count, pim: soles(sum(1)), devengado: soles(sum(4)) } };
}

/**
 * Two instances of the service on one database, sharing one spool folder (as docker-compose's scale profile
 * mounts one volume in both), each with a lease of 2 s.
 */
describe('background imports that every instance sharing the spool can finish', () => {
  let databaseUrl: string;
  let spool: string;
  let a: TestApp;
  let b: TestApp;
  let aClosed = false;
  let bClosed = false;
  const options = () => ({ databaseUrl, uploadSpoolDir: spool, importLeaseMs: 2_000, shutdownGraceMs: 300, backgroundImportBytes: 1024 * 1024 });

  beforeAll(async () => {
    await mkdir(resolve('.data'), { recursive: true });
    spool = await mkdtemp(join(resolve('.data'), 'test-takeover-spool-'));
    databaseUrl = await createDatabase();
    a = await createTestApp(options());
    b = await createTestApp(options());
  });
  afterAll(async () => {
    if (!aClosed) await a.close();
    if (!bClosed) await b.close();
    await rm(spool, { recursive: true, force: true });
  });

  const read = (app: TestApp, id: number, lang = 'es') =>
    request(app.http).get(`/api/v1/imports/${id}`).query({ lang }).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
  const ended = (app: TestApp, id: number) =>
    until(async () => {
      const res = await read(app, id);
      return res.body.status === 'running' || res.body.status === 'queued' ? undefined : res.body;
    });
  const stored = async (id: number) =>
    (await b.sql(`SELECT count(*)::int AS lines, sum(pim)::text AS pim, sum(devengado)::text AS devengado FROM budget_line WHERE import_id = $1`, [id]))[0];
  const upload = (app: TestApp, bytes: Buffer, name: string) =>
    app.post('/api/v1/imports').field('background', 'true').field('snapshotDate', '2025-06-30').attach('file', bytes, name).expect(202);

  /** An import as an instance that died (killed, its machine gone) leaves it: running, its lease lapsed a minute ago, its upload spooled. */
  async function leftByDeadInstance(name: string, fields: { spoolFile: string; lapsedAttempts?: number; bytes?: Buffer }) {
    if (fields.bytes) await writeFile(join(spool, fields.spoolFile), fields.bytes);
    const sha256 = createHash('sha256')
      .update(fields.bytes ?? name)
      .digest('hex');
    const [row] = await b.sql(
      `INSERT INTO import (file_name, sha256, size_bytes, format, file_type, snapshot_date, snapshot_source, status, rows_read, inserted, revised, unchanged, years,
                           created_by, started_at, heartbeat_at, spool_file, request, attempt, lapsed_attempts, takeover)
       VALUES ($1, $2, $3, 'pending', 'csv', '2025-06-30', 'request', 'running', 0, 0, 0, 0, '{}', 'anonymous', now() - interval '2 minutes', now() - interval '1 minute',
               $4, '{"snapshotDate": "2025-06-30"}', $5::int + 1, $5::int, CASE WHEN $5::int > 0 THEN 'lease_expired' END)
       RETURNING id`,
      [name, sha256, fields.bytes?.length ?? 10, fields.spoolFile, fields.lapsedAttempts ?? 0],
    );
    return row.id as number;
  }

  it("never takes a live instance's import, even once its lease lapsed, while its transaction lasts; nor does an instance that starts", async () => {
    const file = gastoFile(2_500, 2020);
    const lock = await holdLock(databaseUrl, 'rollup_budget_year');
    let id: number;
    try {
      id = (await upload(a, file.bytes, 'gasto-2019.csv')).body.id;
      await lock.until(); // A's import waits in its merge, inside its transaction, behind the lock
      // nothing renews the lease in the merge: it lapses (2 s), and only the transaction's lock stands for the import
      await until(
        async () => (await b.sql(`SELECT heartbeat_at < now() - interval '2 seconds' AS lapsed FROM import WHERE id = $1`, [id]))[0].lapsed || undefined,
      );
      expect(await b.app.get(ImportTakeover).takeOver()).toBeNull();
      // a third instance starting now (its start-up sweeps the spool and looks for imports to take over) leaves it alone too
      const c = await createTestApp(options());
      await c.close();
      const [row] = await b.sql('SELECT status, attempt, takeover, spool_file FROM import WHERE id = $1', [id]);
      expect(row).toMatchObject({ status: 'running', attempt: 1, takeover: null });
      expect(await readdir(spool)).toContain(row.spool_file);
    } finally {
      await lock.release();
    }
    // A finishes it, as the one attempt
    expect(await ended(b, id)).toMatchObject({ status: 'completed', attempt: 1, takeover: null, rowsRead: file.figures.lines, failure: null });
    expect(await stored(id)).toEqual(file.figures);
  });

  it('hands an import back when its instance stops (SIGTERM) past the grace period; the other instance runs it again and finishes it', async () => {
    const file = gastoFile(2_000, 2022);
    const lock = await holdLock(databaseUrl, 'rollup_budget_year');
    let id: number;
    try {
      id = (await upload(a, file.bytes, 'gasto-2022.csv')).body.id;
      await lock.until(); // in its merge, behind the lock, longer than A's grace period (0.3 s)
      await a.close(); // what Nest does on SIGTERM (enableShutdownHooks): rolled back and handed back
      aClosed = true;
      // B takes it over at its next look (no lease to wait for) and reads the spooled file again, up to its merge, behind the
      // same lock. Waited for by its attempt: the lock's queue may still hold A's cancelled statement for a moment.
      const res = await until(async () => {
        const answer = await read(b, id);
        return answer.body.attempt === 2 ? answer : undefined;
      }, 30);
      expect(res.body).toMatchObject({ status: 'running', attempt: 2, takeover: 'handed_back', failure: null });
      const english = await read(b, id, 'en');
      expect(english.body).toMatchObject({ attempt: 2, takeover: 'handed_back' });
    } finally {
      await lock.release();
    }
    expect(await ended(b, id)).toMatchObject({ status: 'completed', attempt: 2, takeover: 'handed_back', rowsRead: file.figures.lines, failure: null });
    // every line once, as the file has them: nothing of A's attempt was kept
    expect(await stored(id)).toEqual(file.figures);
    const [{ spoolFile }] = await b.sql('SELECT spool_file AS "spoolFile" FROM import WHERE id = $1', [id]);
    await until(async () => ((await readdir(spool)).includes(spoolFile) ? undefined : true), 10);
  });

  it('takes over an import whose instance died (its lease lapsed) and runs it from the spooled file: its figures exactly the file’s', async () => {
    const file = gastoFile(3_000, 2023);
    const id = await leftByDeadInstance('gasto-2023.csv', { spoolFile: 'left-by-a-dead-instance', bytes: file.bytes });
    const done = await ended(b, id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, takeover: 'lease_expired', rowsRead: file.figures.lines, failure: null });
    expect(done.progress).toMatchObject({ bytesRead: file.bytes.length, percent: 100 });
    expect(await stored(id)).toEqual(file.figures);
    // removed once the import has ended (just after its status is written)
    await until(async () => ((await readdir(spool)).includes('left-by-a-dead-instance') ? undefined : true), 10);
  });

  it('fails an import whose spooled file is gone (INTERRUPTED, in Spanish first), keeping nothing', async () => {
    const id = await leftByDeadInstance('gone.csv', { spoolFile: 'never-spooled' });
    const done = await ended(b, id);
    // not started again: still its first attempt, the one that died
    expect(done).toMatchObject({
      status: 'failed',
      attempt: 1,
      takeover: null,
      failure: {
        code: 'INTERRUPTED',
        message:
          'La instancia del servicio que hacía la importación se detuvo, y otra no encontró el archivo subido en la carpeta compartida (UPLOAD_SPOOL_DIR) para terminarla; no se conservó nada de ella. Vuelva a subir el archivo.',
      },
    });
    const english = await read(b, id, 'en');
    expect(english.body.failure).toEqual({
      code: 'INTERRUPTED',
      message:
        'The instance of the service running the import stopped, and another did not find the uploaded file in the shared folder (UPLOAD_SPOOL_DIR) to finish it; nothing of it was kept. Upload the file again.',
    });
    expect(await stored(id)).toEqual({ lines: 0, pim: null, devengado: null });
  });

  it('fails an import whose instance died IMPORT_MAX_ATTEMPTS (3) times instead of starting it again, and removes its spooled file', async () => {
    const file = gastoFile(100, 2020);
    // its third attempt, two having lapsed already: this one's lapse, found now, is the last allowed
    const id = await leftByDeadInstance('gasto-2020.csv', { spoolFile: 'died-three-times', bytes: file.bytes, lapsedAttempts: 2 });
    const done = await ended(b, id);
    expect(done).toMatchObject({ status: 'failed', attempt: 3, takeover: 'lease_expired', failure: { code: 'INTERRUPTED' } });
    expect(done.failure.message).toContain('se detuvo 3 veces sin terminarla');
    expect(await stored(id)).toEqual({ lines: 0, pim: null, devengado: null });
    expect(await readdir(spool)).not.toContain('died-three-times');
  });

  it('tells the other instances at once when an import is handed back (NOTIFY), without waiting for their next look', async () => {
    // their look every second would find the import anyway
    if (!aClosed) await a.close();
    aClosed = true;
    await b.close();
    bClosed = true;
    // a lease of ten minutes: the instances look for lapsed leases every minute, so only the notification can be in time
    const long = { ...options(), importLeaseMs: 600_000 };
    const c = await createTestApp(long);
    const d = await createTestApp(long);
    let cClosed = false;
    try {
      const file = gastoFile(2_200, 2019);
      const lock = await holdLock(databaseUrl, 'rollup_budget_year');
      let id: number;
      try {
        id = (await upload(c, file.bytes, 'gasto-2019.csv')).body.id;
        await lock.until();
        await c.close(); // hands it back
        cClosed = true;
        const res = await until(async () => {
          const answer = await read(d, id);
          return answer.body.attempt === 2 ? answer : undefined;
        }, 30);
        expect(res.body).toMatchObject({ status: 'running', attempt: 2, takeover: 'handed_back' });
      } finally {
        await lock.release();
      }
      expect(await ended(d, id)).toMatchObject({ status: 'completed', attempt: 2, rowsRead: file.figures.lines, failure: null });
      const [figures] = await d.sql(
        `SELECT count(*)::int AS lines, sum(pim)::text AS pim, sum(devengado)::text AS devengado FROM budget_line WHERE import_id = $1`,
        [id],
      );
      expect(figures).toEqual(file.figures);
    } finally {
      if (!cClosed) await c.close();
      await d.close();
    }
  });
});
