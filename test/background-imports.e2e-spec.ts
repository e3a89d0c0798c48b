import { spawn } from 'node:child_process';
import { openAsBlob, statSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { ImportTakeover } from '../src/imports/import-takeover.js';
import { DEMO, readConsultaCsv } from './support/files.js';
import { createDatabase, createTestApp, type TestApp, TEST_ADMIN_KEY } from './support/test-app.js';

/** The fields of an import's answer these tests read. */
interface ImportAnswer {
  id: number;
  status: string;
  rowsRead: number;
  [field: string]: unknown;
}

async function until<T>(probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('background imports', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ backgroundImportBytes: 1024 * 1024 }); // files over 1 MB go to the background
  });
  afterAll(() => t.close());

  const poll = (id: number) =>
    until(async () => {
      const res = await request(t.http).get(`/api/v1/imports/${id}`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
      return res.body.status === 'running' ? undefined : res.body;
    });

  it('answers a large upload with 202 and completes it, with its progress in the import', async () => {
    // the file's own figures: its data rows (one municipality-year each, all new here) and its size in bytes
    const rows = readConsultaCsv(DEMO.csv2015).length;
    const bytes = statSync(DEMO.csv2015).size; // 3.6 MB, over the 1 MB set above
    const res = await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(202);
    // the answer describes the import as it was accepted, before any of it was read
    expect(res.body).toMatchObject({
      status: 'running',
      format: 'pending',
      // the file's date (in its name) is not read yet: no date, rather than the day of the upload
      snapshotDate: null,
      snapshotSource: null,
      fileName: 'consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.csv',
      sizeBytes: bytes,
    });
    const done = await poll(res.body.id); // however soon it ends: only its end is awaited
    expect(done).toMatchObject({
      id: res.body.id,
      status: 'completed',
      format: 'consulta-amigable',
      rowsRead: rows,
      inserted: rows,
      snapshotDate: '2025-02-13',
      failure: null,
    });
    expect(done.progress).toMatchObject({ bytesRead: bytes, percent: 100, etaSeconds: null });
    expect(done.progress.rowsPerSecond).toBeGreaterThan(0);
    // the same file again, now that it is in: the import is returned, not repeated
    const again = await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(200);
    expect(again.body).toMatchObject({ id: res.body.id, duplicate: true });
  });

  it('records a rejected background import with its bad rows, and keeps nothing of it', async () => {
    const lines = (await import('node:fs')).readFileSync(DEMO.csv2015, 'utf8').split('\n');
    lines[4] = lines[4].replace(/^2015,/, '2x15,');
    const res = await t
      .post('/api/v1/imports')
      .field('background', 'true')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(lines.join('\n')), 'broken.csv')
      .expect(202);
    const done = await poll(res.body.id);
    expect(done).toMatchObject({ status: 'rejected', failure: { code: 'IMPORT_REJECTED', errorCount: 1, errorsByCode: { INVALID_YEAR: 1 } } });
    expect(done.errors).toEqual([expect.objectContaining({ row: 5, column: 'Año', code: 'INVALID_YEAR' })]);
    const csv = await request(t.http).get(done.errorsCsv).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(csv.text).toContain('5,Año,INVALID_YEAR');
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM execution_snapshot WHERE import_id = $1', [res.body.id]);
    expect(count).toBe(0);
  });

  it('takes over, or fails, imports left running by a dead process, but not those still alive, in their transaction or within their lease', async () => {
    // dead: lease lapsed (renewed a minute ago, the default lease is 30 s), no transaction; alive: lease lapsed but
    // its transaction holds its lock; fresh: renewed just now by an instance still reading the file (no transaction yet).
    // Each twice: recorded without a spooled file (as before imports had one: failed), and with one that is not
    // there (this app's spool holds no such file: taken over, then failed as INTERRUPTED too)
    const [dead] = await t.sql(
      `INSERT INTO import (file_name, sha256, size_bytes, format, file_type, snapshot_date, snapshot_source, status, rows_read, inserted, revised, unchanged, years, created_by, started_at, heartbeat_at, spool_file)
       SELECT f, repeat(h, 64), 10, 'pending', 'csv', '2025-01-01', 'today', 'running', 0, 0, 0, 0, '{}', 't', now() - interval '2 minutes', beat, spool
       FROM (VALUES ('dead.csv', 'a', now() - interval '1 minute', NULL),
                    ('alive.csv', 'b', now() - interval '1 minute', NULL),
                    ('fresh.csv', 'c', now(), NULL),
                    ('dead-spooled.csv', 'd', now() - interval '1 minute', 'not-spooled-1'),
                    ('alive-spooled.csv', 'e', now() - interval '1 minute', 'not-spooled-2'),
                    ('fresh-spooled.csv', 'f', now(), 'not-spooled-3')) AS r(f, h, beat, spool)
       RETURNING id`,
    );
    // ids in the order listed
    const ids = [0, 1, 2, 3, 4, 5].map((i) => dead.id + i);
    // a live import holds the lock of its id in its transaction
    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock(7404, $1), pg_advisory_xact_lock(7404, $2)', [ids[1], ids[4]]);
    try {
      // (the app's own sweeps may have got there first: what counts is each row's state after two, one per dead import)
      await t.app.get(ImportTakeover).sweep();
      await t.app.get(ImportTakeover).sweep();
      const rows = await t.sql('SELECT id, status, failure, attempt FROM import WHERE id = ANY($1) ORDER BY id', [ids]);
      expect(rows.map((r) => [r.id, r.status, r.failure?.key ?? null, r.attempt])).toEqual([
        [ids[0], 'failed', 'INTERRUPTED.orphan', 1],
        [ids[1], 'running', null, 1],
        [ids[2], 'running', null, 1],
        [ids[3], 'failed', 'INTERRUPTED.spoolGone', 1],
        [ids[4], 'running', null, 1],
        [ids[5], 'running', null, 1],
      ]);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });
});

describe('a service killed with -9 in the middle of an import', () => {
  const dataDir = resolve('.data', 'test-kill');
  const file = join(dataDir, 'big.csv');
  // the spool both instances share (as docker-compose's scale profile mounts one volume in each)
  const spoolDir = resolve('.data', 'test-kill-spool');

  async function startService(databaseUrl: string, dir = dataDir) {
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      // a lease of 2 s: the import of the killed service is taken over once it lapses
      env: {
        ...process.env,
        ADMIN_API_KEY: TEST_ADMIN_KEY,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        SEED_DEMO_DATA: 'false',
        DATA_DIR: dir,
        BACKGROUND_IMPORT_MB: '1',
        MAX_UPLOAD_MB: '1000',
        IMPORT_LEASE_MS: '2000',
        UPLOAD_SPOOL_DIR: spoolDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const port = await until(async () => /Listening on http:\/\/localhost:(\d+)/.exec(log)?.[1]);
    return { child, url: `http://127.0.0.1:${port}`, log: () => log };
  }

  it('leaves another instance serving, which takes the import over once its lease lapses and runs it again from the shared spool; nothing of the first attempt kept twice', async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(spoolDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    // 400,000 municipal rows of MEF open data: long enough to be caught half-way
    const header =
      'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
    const row = (i: number) => `M,300740,08,08,01,2,${2000000 + i},OBRA ${i},15,TRANSPORTE,033,TERRESTRE,0066,VIAS,5,RD,18,CANON,2024,1,2,1,1,1,1`;
    const lines = [header];
    for (let i = 0; i < 400_000; i++) lines.push(row(i));
    await writeFile(file, lines.join('\n'));

    const upload = async (url: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ snapshotDate: '2026-10-31', ...fields })) form.append(k, v); // big.csv names no cut-off
      form.append('file', await openAsBlob(file), 'big.csv');
      return fetch(`${url}/api/v1/imports`, { method: 'POST', body: form, headers: { 'X-API-Key': TEST_ADMIN_KEY } }).then(
        (r) => r.json() as Promise<ImportAnswer>,
      );
    };
    const databaseUrl = await createDatabase();
    const otherDir = `${dataDir}-other`;
    const first = await startService(databaseUrl);
    // a second instance on the same database, with a disk of its own
    const other = await startService(databaseUrl, otherDir);
    let restarted: Awaited<ReturnType<typeof startService>> | undefined;
    try {
      const accepted = await upload(first.url);
      expect(accepted.status).toBe('running');
      await until(async () => {
        const res = await fetch(`${first.url}/api/v1/imports/${accepted.id}`).then((r) => r.json() as Promise<ImportAnswer>);
        return res.rowsRead > 0 ? true : undefined;
      });
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));

      // the other instance goes on serving, takes the import over once its lease has lapsed (2 s) and runs it from the start
      const res = await until(async () => {
        const found = await fetch(`${other.url}/api/v1/imports/${accepted.id}`).then((r) => r.json() as Promise<ImportAnswer>);
        return found.status === 'running' ? undefined : found;
      }, 300);
      expect(res).toMatchObject({ status: 'completed', attempt: 2, takeover: 'lease_expired', rowsRead: 400_000, failure: null });
      expect((await fetch(`${other.url}/api/v1/municipalities?limit=1`)).status).toBe(200);
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      // every line once: the killed attempt's transaction was rolled back, the second one committed (each line's PIM is 2, as written above)
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM budget_line)::int AS lines, (SELECT sum(pim)::text FROM budget_line) AS pim,
                (SELECT count(*) FROM budget_line WHERE import_id <> $1)::int AS others`,
        [accepted.id],
      );
      await db.end();
      expect(rows[0]).toEqual({ lines: 400_000, pim: '800000.00', others: 0 });
      // the spooled upload is removed once the import ends; the dead instance's scratch space when it starts again
      expect(await readdir(spoolDir)).toEqual([]);
      restarted = await startService(databaseUrl);
      expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
      // the same file again, through the restarted instance: the import that was finished is returned
      expect(await upload(restarted.url)).toMatchObject({ id: accepted.id, status: 'completed', duplicate: true });
    } finally {
      first.child.kill('SIGKILL');
      for (const live of [other, restarted]) {
        if (!live) continue;
        live.child.kill('SIGINT');
        await new Promise((r) => live.child.once('exit', r));
      }
      await rm(dataDir, { recursive: true, force: true });
      await rm(otherDir, { recursive: true, force: true });
      await rm(spoolDir, { recursive: true, force: true });
    }
  });
});
