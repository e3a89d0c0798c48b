// npm run backup / npm run restore for real: the scripts as an operator runs them, a database with imports
// (one in a partition of its own), restored into a new database that a second instance of the service
// then serves. The logical backup (no pg_dump 18 is installed by npm ci; README, "Backups").
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { gastoCsv, manyGastoLines } from './support/mef-gasto-file.js';
import { getWorkbook } from './support/workbook.js';
import { createDatabase, createTestApp, type TestApp } from './support/test-app.js';

const CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
const CONSULTA = 'data/demo/consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv';
const INVIERTE = 'test/fixtures/invierte_banco_inversiones_consulta_sample50rows_amazonas.csv';

/** Runs scripts/<name>.mjs against `databaseUrl`; its exit code and output. */
async function script(name: 'backup' | 'restore', databaseUrl: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PG_BIN: '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [`scripts/${name}.mjs`, ...args], { env });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('backup and restore', () => {
  let source: TestApp;
  let dir: string;
  let reads: string[];
  const answers = new Map<string, { status: number; body: Buffer }>();

  /** Every read endpoint of the contract, with the data imported below. */
  const readsOf = (importIds: number[], cui: string) => [
    '/api/v1/keys',
    '/api/v1/audit',
    '/api/v1/audit?limit=5',
    '/api/v1/municipalities',
    '/api/v1/municipalities/080801',
    '/api/v1/municipalities/080801/plan-priorities',
    '/api/v1/imports',
    ...importIds.flatMap((id) => [`/api/v1/imports/${id}`, `/api/v1/imports/${id}/errors.csv`]),
    '/api/v1/imports/template.xlsx?municipality=080801&year=2024',
    '/api/v1/execution?province=0808&year=2024',
    '/api/v1/execution?municipality=080801',
    '/api/v1/execution/ranking?year=2024&department=08',
    '/api/v1/execution/control-totals?year=2024',
    '/api/v1/execution/history?municipality=080801',
    '/api/v1/execution/monthly?year=2024&municipality=080801',
    '/api/v1/canon/transfers?province=0808',
    '/api/v1/projects',
    `/api/v1/projects/${cui}`,
    '/api/v1/classification/rules',
    ...['dimensions', 'canon', 'urban-rural', 'planning-gap', 'public-private', 'plan-alignment'].flatMap((name) => [
      `/api/v1/analytics/${name}?province=0808&year=2024`,
      `/api/v1/analytics/${name}.csv?province=0808&year=2024`,
    ]),
    '/api/v1/reports/audit.csv?province=0808&year=2024',
    '/api/v1/reports/audit.xlsx?province=0808&year=2024',
  ];

  const read = (t: TestApp, url: string) => request(t.http).get(url).set('X-API-Key', t.adminKey).buffer(true).parse(binary);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'backup-'));
    // ownPartitionLines 30: the 60-line file below keeps a budget-line partition of its own, the others share one
    source = await createTestApp({ ownPartitionLines: 30 });
    const ids: number[] = [];
    ids.push((await source.post('/api/v1/imports').attach('file', CANON).expect(201)).body.id);
    ids.push((await source.post('/api/v1/imports').attach('file', CONSULTA).expect(201)).body.id);
    ids.push(
      (
        await source
          .post('/api/v1/imports')
          .field('snapshotDate', '2026-10-31')
          .attach('file', gastoCsv(manyGastoLines(60, 2024)), 'gasto-080801.csv')
          .expect(201)
      ).body.id,
    );
    ids.push(
      (
        await source
          .post('/api/v1/imports')
          .field('snapshotDate', '2026-10-31')
          .attach('file', gastoCsv(manyGastoLines(8, 2024, 1), '080802', '300741'), 'gasto-080802.csv')
          .expect(201)
      ).body.id,
    );
    ids.push((await source.post('/api/v1/imports').field('snapshotDate', '2025-01-15').attach('file', INVIERTE).expect(201)).body.id);
    await source.post('/api/v1/keys').send({ name: 'auditora', role: 'auditor' }).expect(201);
    const [{ cui }] = await source.sql<{ cui: string }>('SELECT cui FROM project ORDER BY cui LIMIT 1');
    reads = readsOf(ids, cui);
    for (const url of reads) {
      const res = await read(source, url);
      answers.set(url, { status: res.status, body: res.body as Buffer });
    }
  });

  afterAll(async () => {
    await source?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the source answers every read (the comparison below compares answers, not errors)', () => {
    const failing = reads.filter((url) => answers.get(url)!.status !== 200);
    expect(failing).toEqual([]);
  });

  it('restores into a new database that then answers every read with the same bytes, audit trail included', async () => {
    const [own] = await source.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'budget_line'::regclass AND inhrelid <> 'budget_line_shared'::regclass`,
    );
    expect(own.n).toBe(1);
    const file = join(dir, 'tracker.backup');
    const backup = await script('backup', source.databaseUrl, file, '--logical');
    expect(backup).toEqual({ code: 0, out: expect.stringMatching(/a logical backup of \d+ tables/) });

    const target = await createDatabase();
    const restore = await script('restore', target, file);
    expect(restore).toEqual({ code: 0, out: expect.stringMatching(/Restored/) });

    const restored = await createTestApp({ databaseUrl: target, ownPartitionLines: 30 });
    try {
      const differing: string[] = [];
      for (const url of reads) {
        const res = await read(restored, url);
        const before = answers.get(url)!;
        // a workbook's zip entries carry the time it was written: its cells are compared instead, below
        if (url.includes('.xlsx')) continue;
        if (res.status !== before.status || !before.body.equals(res.body as Buffer)) differing.push(url);
      }
      expect(differing).toEqual([]);
      for (const url of reads.filter((u) => u.includes('.xlsx'))) {
        // the audit report's methodology sheet says when it was generated (in Spanish, the default): every other cell is the data's
        const cells = async (t: TestApp) =>
          [...(await getWorkbook(t.http, url)).sheets].map(([name, rows]) => [name, rows.filter((r) => r[0] !== 'generado el')]);
        const [was, is] = [await cells(source), await cells(restored)];
        expect(is.length).toBeGreaterThan(0);
        expect(is).toEqual(was);
      }

      // the audit trail is append-only again once restored, and its rows are the source's, id for id
      const events = 'SELECT * FROM audit_event ORDER BY id';
      const [sourceEvents, restoredEvents] = [await source.sql(events), await restored.sql(events)];
      expect(restoredEvents).toEqual(sourceEvents);
      expect(restoredEvents.length).toBeGreaterThanOrEqual(6); // five imports and a key
      await expect(restored.sql('UPDATE audit_event SET id = id')).rejects.toThrow();
      await expect(restored.sql('DELETE FROM audit_event')).rejects.toThrow();
      // the import's own partition is one again, and the sequences go on from the source's
      const [part] = await restored.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'budget_line'::regclass AND inhrelid <> 'budget_line_shared'::regclass`,
      );
      expect(part.n).toBe(1);
      const [{ max }] = await source.sql<{ max: number }>('SELECT max(id)::int AS max FROM import');
      const next = await restored
        .post('/api/v1/imports')
        .field('snapshotDate', '2026-10-31')
        .attach('file', gastoCsv(manyGastoLines(4, 2023, 2), '080803', '300742'), 'gasto-080803.csv')
        .expect(201);
      expect(next.body.id).toBe(max + 1);
    } finally {
      await restored.close();
    }
  });

  it('refuses a database that already holds data, and changes nothing in it', async () => {
    const file = join(dir, 'again.backup');
    expect((await script('backup', source.databaseUrl, file, '--logical')).code).toBe(0);
    const [before] = await source.sql<{ n: number }>('SELECT count(*)::int AS n FROM import');
    const restore = await script('restore', source.databaseUrl, file);
    expect(restore.code).toBe(1);
    expect(restore.out).toMatch(/already holds data \(\d+ imports, \d+ audit events\)/);
    const [after] = await source.sql<{ n: number }>('SELECT count(*)::int AS n FROM import');
    expect(after.n).toBe(before.n);
  });

  it('refuses a backup cut short, leaving the new database without its rows', async () => {
    const whole = join(dir, 'whole.backup');
    expect((await script('backup', source.databaseUrl, whole, '--logical')).code).toBe(0);
    // the last line (the trailer with the row counts) gone, as a copy interrupted would lose it
    const lines = gunzipSync(await readFile(whole))
      .toString('utf8')
      .split('\n');
    const cut = join(dir, 'cut.backup');
    await writeFile(cut, gzipSync(`${lines.slice(0, -2).join('\n')}\n`));
    const target = await createDatabase();
    const restore = await script('restore', target, cut);
    expect(restore.code).toBe(1);
    expect(restore.out).toMatch(/cut short/);
    const check = await createTestApp({ databaseUrl: target });
    try {
      expect(await check.sql('SELECT id FROM import')).toEqual([]);
    } finally {
      await check.close();
    }
  });

  it('says what a file that is no backup is', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'not a backup\n');
    const restore = await script('restore', await createDatabase(), file);
    expect(restore).toEqual({ code: 1, out: expect.stringMatching(/neither a pg_dump custom-format archive nor a logical backup/) });
  });
});
