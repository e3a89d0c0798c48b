import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import pgCopyStreams from 'pg-copy-streams';

/**
 * A backup written by the service's own code, for servers with no pg_dump of their major version at hand
 * (the embedded server of `npm start` ships none): the schema is the migrations', named in the backup,
 * and the data is every table's rows as PostgreSQL's COPY text, read in one snapshot.
 *
 * The file is gzip of lines: a header (JSON: the migrations applied, every table with its columns, and
 * for a partition its parent and bounds, the sequences), then each table's COPY rows ended by a line
 * `\.` (COPY text escapes every backslash, so no row is that line), then a trailer (JSON: each table's
 * row count). A file cut short has no trailer, and its restore is refused.
 */
export const LOGICAL_FORMAT = 'canon-tracker-logical-backup';
const VERSION = 1;
const END_OF_TABLE = '\\.';

export interface BackupTable {
  name: string;
  columns: string[];
  /** For a partition (an import's own budget lines, say): the partitioned table and its bounds. */
  partitionOf?: { parent: string; bound: string };
}

export interface BackupHeader {
  format: typeof LOGICAL_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  /** The migrations applied, oldest first: the restore builds the same schema with them. */
  migrations: string[];
  /** In the order their rows follow: a table after those its foreign keys reference. */
  tables: BackupTable[];
  sequences: { name: string; lastValue: string }[];
}

export interface BackupTrailer {
  rows: Record<string, number>;
}

/** A thing to tell the operator (the scripts print it). */
type Say = (line: string) => void;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Writes the logical backup of the database at `url` to `file`; the row counts it wrote. */
export async function writeLogicalBackup(url: string, file: string, say: Say = () => undefined): Promise<BackupTrailer> {
  const client = new pg.Client({ connectionString: url, application_name: 'canon-tracker-backup' });
  await client.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (chunk: string | Buffer) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  try {
    // one snapshot for every table: imports running meanwhile are in the backup whole or not at all
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const header = await readHeader(client);
    await write(`${JSON.stringify(header)}\n`);
    const rows: Record<string, number> = {};
    for (const table of header.tables) {
      const copy = client.query(pgCopyStreams.to(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) TO STDOUT`));
      for await (const chunk of copy) await write(chunk as Buffer);
      rows[table.name] = copy.rowCount;
      await write(`${END_OF_TABLE}\n`);
      say(`  ${table.name}: ${copy.rowCount} rows`);
    }
    await client.query('COMMIT');
    const trailer: BackupTrailer = { rows };
    await write(`${JSON.stringify(trailer)}\n`);
    gzip.end();
    await finished(out);
    return trailer;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  } finally {
    await client.end();
  }
}

async function readHeader(client: pg.Client): Promise<BackupHeader> {
  const migrations = (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY timestamp, id')).rows.map((r) => r.name);
  const { rows: tables } = await client.query<{ name: string; root: string; columns: string[]; parent: string | null; bound: string | null }>(
    `SELECT c.relname AS name, coalesce(pg_partition_root(c.oid), c.oid)::regclass::text AS root,
            array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum) AS columns,
            p.relname AS parent, CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition LEFT JOIN pg_class p ON p.oid = i.inhparent
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relpersistence = 'p' AND c.relname <> 'migrations'
     ORDER BY c.relname`,
  );
  // which tables (partitioned ones by their root) each table's foreign keys reference
  const { rows: references } = await client.query<{ root: string; referenced: string }>(
    `SELECT DISTINCT coalesce(pg_partition_root(conrelid), conrelid)::regclass::text AS root, coalesce(pg_partition_root(confrelid), confrelid)::regclass::text AS referenced
     FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND conrelid <> confrelid`,
  );
  const { rows: sequences } = await client.query<{ name: string; lastValue: string }>(
    `SELECT sequencename AS name, last_value::text AS "lastValue" FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL ORDER BY sequencename`,
  );
  const [{ version }] = (await client.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)).rows;
  return {
    format: LOGICAL_FORMAT,
    version: VERSION,
    createdAt: new Date().toISOString(),
    serverVersion: version,
    migrations,
    tables: inDependencyOrder(tables, references).map((t) => ({
      name: t.name,
      columns: t.columns,
      ...(t.parent && t.bound ? { partitionOf: { parent: t.parent, bound: t.bound } } : {}),
    })),
    sequences,
  };
}

/** Tables ordered so that each comes after every table (root) its foreign keys reference; by name otherwise. */
export function inDependencyOrder<T extends { name: string; root: string }>(tables: T[], references: { root: string; referenced: string }[]): T[] {
  const ordered: T[] = [];
  let left = [...tables];
  while (left.length > 0) {
    const waiting = (t: T) => references.some((r) => r.root === t.root && left.some((o) => o.root === r.referenced));
    const ready = left.filter((t) => !waiting(t));
    if (ready.length === 0) throw new Error(`Foreign keys in a cycle between ${left.map((t) => t.name).join(', ')}: no order to restore them in`);
    ordered.push(...ready);
    left = left.filter((t) => waiting(t));
  }
  return ordered;
}

/** The first bytes of a file: a pg_dump custom-format archive starts "PGDMP", a gzip stream 1f 8b. */
export async function backupKind(file: string): Promise<'pg_dump' | 'logical' | 'unknown'> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (bytesRead === 5 && buffer.toString('latin1') === 'PGDMP') return 'pg_dump';
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'logical';
    return 'unknown';
  } finally {
    await handle.close();
  }
}

/**
 * The lines of a logical backup, as a header, then each table's rows (handed to `onRows` in batches,
 * with the table they belong to), then the trailer. Throws on a file that is not one or is cut short.
 */
export async function readLogicalBackup(
  file: string,
  onHeader: (header: BackupHeader) => Promise<void>,
  onTable: (table: BackupTable) => { rows(batch: string): Promise<void>; end(): Promise<number> },
): Promise<{ header: BackupHeader; trailer: BackupTrailer; loaded: Record<string, number> }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  const loaded: Record<string, number> = {};
  let index = 0;
  let current: ReturnType<typeof onTable> | undefined;
  let batch: string[] = [];
  let batchBytes = 0;
  for await (const line of lines) {
    if (!header) {
      header = parseHeader(line);
      await onHeader(header);
    } else if (trailer) {
      throw new Error('The backup goes on after its end: it is not one this service wrote');
    } else if (index === header.tables.length) {
      trailer = JSON.parse(line) as BackupTrailer;
    } else {
      current ??= onTable(header.tables[index]);
      if (line === END_OF_TABLE) {
        if (batch.length > 0) await current.rows(batch.join(''));
        batch = [];
        batchBytes = 0;
        loaded[header.tables[index].name] = await current.end();
        current = undefined;
        index++;
      } else {
        batch.push(`${line}\n`);
        batchBytes += line.length + 1;
        // rows go to the server some 256 kB at a time, not one message each
        if (batchBytes >= 256 * 1024) {
          await current.rows(batch.join(''));
          batch = [];
          batchBytes = 0;
        }
      }
    }
  }
  if (!header) throw new Error('The backup is empty');
  if (!trailer) throw new Error(`The backup is cut short: ${index} of its ${header.tables.length} tables are whole, and its end is missing`);
  return { header, trailer, loaded };
}

function parseHeader(line: string): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line) as Partial<BackupHeader>;
  } catch {
    throw new Error('Not a backup of this service: its first line is not a header');
  }
  if (header.format !== LOGICAL_FORMAT) throw new Error('Not a backup of this service (no canon-tracker header)');
  if (header.version !== VERSION) throw new Error(`A backup of format version ${header.version}: this version of the service reads version ${VERSION}`);
  return header as BackupHeader;
}
