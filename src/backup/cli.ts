import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { backupKind, writeLogicalBackup } from './logical-backup.js';
import { RestoreRefused, restoreLogicalBackup } from './logical-restore.js';
import { findPgTool, run, runPgTool } from './pg-tools.js';

/**
 * `npm run backup -- <file>` and `npm run restore -- <file>` (README, "Backups").
 *
 * Which database: DATABASE_URL; else the embedded server of `npm start` (DATA_DIR, .data by default),
 * the running one or, when none runs, one started for the while; with --compose, docker compose's
 * `postgres` service, through `docker compose exec` (its port is not published).
 *
 * How: pg_dump's custom format when a pg_dump of the server's major version is on PATH or in PG_BIN (with
 * --compose, the container's own); else, or with --logical, the service's logical backup
 * (src/backup/logical-backup.ts). A restore reads either, told apart by the file's first bytes.
 */
export async function backupCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { file, flags } = parseArgs(argv, ['--logical', '--compose'], 'npm run backup -- <file> [--logical] [--compose]');
  if (flags.has('--compose')) {
    if (flags.has('--logical'))
      throw new UsageError('--logical reads the database over TCP: with docker compose, run it in the app container, or use pg_dump (without --logical)');
    await run('docker', ['compose', 'exec', '-T', 'postgres', 'pg_dump', '--format=custom', '--username=tracker', '--dbname=tracker'], process.env, {
      stdout: file,
    });
    return console.log(`Wrote ${file} with the compose postgres container's own pg_dump (custom format: npm run restore -- ${file} --compose)`);
  }
  await withDatabase(env, async (url) => {
    const major = await serverMajor(url);
    if (!flags.has('--logical')) {
      const { tool, seen } = await findPgTool('pg_dump', major, env.PG_BIN);
      if (tool) {
        await runPgTool(tool.path, url, ['--format=custom', `--file=${file}`]);
        return console.log(`Wrote ${file} with ${tool.path} ${tool.major} (custom format: pg_restore reads it)`);
      }
      console.log(
        `No pg_dump ${major} found (${seen.length ? seen.join(', ') : 'none on PATH'}; PG_BIN names a folder with one): writing the service's logical backup`,
      );
    }
    const { rows } = await writeLogicalBackup(url, file, (line) => console.log(line));
    console.log(`Wrote ${file}: a logical backup of ${Object.keys(rows).length} tables, ${Object.values(rows).reduce((a, b) => a + b, 0)} rows`);
  });
}

export async function restoreCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { file, flags } = parseArgs(argv, ['--compose'], 'npm run restore -- <file> [--compose]');
  if (!existsSync(file)) throw new UsageError(`No file ${file}`);
  const kind = await backupKind(file);
  if (kind === 'unknown') throw new UsageError(`${file} is neither a pg_dump custom-format archive nor a logical backup of this service`);
  if (flags.has('--compose')) {
    if (kind !== 'pg_dump') throw new UsageError('With --compose only a pg_dump archive is restored (the logical backup needs the database over TCP)');
    await run(
      'docker',
      ['compose', 'exec', '-T', 'postgres', 'pg_restore', '--username=tracker', '--dbname=tracker', '--no-owner', '--exit-on-error', '--single-transaction'],
      process.env,
      { stdin: file },
    );
    return console.log(`Restored ${file} into the compose postgres container`);
  }
  await withDatabase(env, async (url) => {
    if (kind === 'logical') {
      await restoreLogicalBackup(url, file, (line) => console.log(line));
      return console.log(`Restored ${file}; the service runs any newer migrations when it starts`);
    }
    const major = await serverMajor(url);
    const { tool, seen } = await findPgTool('pg_restore', major, env.PG_BIN);
    if (!tool)
      throw new UsageError(
        `A pg_dump archive needs pg_restore ${major} (found ${seen.length ? seen.join(', ') : 'none on PATH'}; set PG_BIN to the folder of one)`,
      );
    await refuseUnlessNoTables(url);
    await runPgTool(tool.path, url, ['--no-owner', '--exit-on-error', '--single-transaction', file]);
    console.log(`Restored ${file} with ${tool.path} ${tool.major}`);
  });
}

/** A mistake in how the command was called, or a file it cannot use: printed without a stack. */
export class UsageError extends Error {}
export { RestoreRefused };

function parseArgs(argv: string[], known: string[], usage: string): { file: string; flags: Set<string> } {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !known.includes(f));
  if (files.length !== 1 || unknown.length > 0) throw new UsageError(`Usage: ${usage}${unknown.length ? ` (unknown: ${unknown.join(' ')})` : ''}`);
  return { file: resolve(files[0]), flags };
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Math.floor(Number((await client.query<{ n: string }>(`SELECT current_setting('server_version_num') AS n`)).rows[0].n) / 10_000);
  } finally {
    await client.end();
  }
}

async function refuseUnlessNoTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')`,
    );
    if (Number(rows[0].n) > 0) throw new RestoreRefused('pg_restore needs a new, empty database (this one has tables): README, "Backups"');
  } finally {
    await client.end();
  }
}

/** DATABASE_URL, or the embedded server of `npm start`: the running one, or one started for `work` and stopped after. */
async function withDatabase(env: NodeJS.ProcessEnv, work: (url: string) => Promise<void>): Promise<void> {
  if (env.DATABASE_URL) return work(env.DATABASE_URL);
  const dataDir = resolve(env.DATA_DIR || '.data');
  const running = runningEmbeddedPort(join(dataDir, 'postgres'));
  const secret = join(dataDir, 'tracker.secret');
  if (running && existsSync(secret)) {
    return work(`postgres://tracker:${encodeURIComponent(readFileSync(secret, 'utf8').trim())}@127.0.0.1:${running}/tracker`);
  }
  // a development dependency: there when `npm start` is
  const { startEmbeddedPostgres } = await import('../database/embedded-postgres.js');
  const db = await startEmbeddedPostgres(dataDir, { log: (m) => console.log(m), warn: (m) => console.warn(m) });
  try {
    await work(db.url);
  } finally {
    await db.stop();
  }
}

/** The port of the embedded server running on `databaseDir` (postmaster.pid's fourth line), if one is. */
function runningEmbeddedPort(databaseDir: string): number | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
