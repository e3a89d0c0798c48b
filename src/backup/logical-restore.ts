import pg from 'pg';
import pgCopyStreams from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options.js';
import { migrations } from '../database/migrations/index.js';
import { type BackupHeader, type BackupTrailer, readLogicalBackup } from './logical-backup.js';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A backup that cannot go into this database, said to the operator as it is. */
export class RestoreRefused extends Error {}

/**
 * Restores a logical backup (src/backup/logical-backup.ts) into the empty database at `url`: its schema
 * built by the service's migrations up to the backup's, then every table's rows, the partitions imports
 * made, the sequences, in one transaction checked against the backup's row counts before it commits.
 * Migrations newer than the backup run when the service next starts, on the restored data.
 */
export async function restoreLogicalBackup(url: string, file: string, say: (line: string) => void = () => undefined): Promise<BackupTrailer> {
  await refuseUnlessEmpty(url);
  const client = new pg.Client({ connectionString: url, application_name: 'canon-tracker-restore' });
  let began = false;
  try {
    const { header, trailer, loaded } = await readLogicalBackup(
      file,
      async (header) => {
        await migrateTo(url, header);
        say(`Schema of ${header.createdAt} (${header.migrations.length} migrations, PostgreSQL ${header.serverVersion} then)`);
        await client.connect();
        await client.query('BEGIN');
        began = true;
        await prepare(client, header);
      },
      (table) => {
        const copy = client.query(pgCopyStreams.from(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) FROM STDIN`));
        return {
          rows: async (batch) => {
            if (!copy.write(batch)) await new Promise((resolve) => copy.once('drain', resolve));
          },
          end: () =>
            new Promise<number>((resolve, reject) => {
              copy.once('error', reject);
              copy.end(() => resolve(copy.rowCount));
            }),
        };
      },
    );
    const wrong = header.tables.filter((t) => loaded[t.name] !== trailer.rows[t.name]);
    if (wrong.length > 0) {
      throw new RestoreRefused(`Row counts differ from the backup's: ${wrong.map((t) => `${t.name} ${loaded[t.name]} of ${trailer.rows[t.name]}`).join(', ')}`);
    }
    for (const s of header.sequences) await client.query('SELECT setval($1::regclass, $2::bigint)', [quote(s.name), s.lastValue]);
    for (const table of await triggered(client)) await client.query(`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`);
    await client.query('COMMIT');
    for (const t of header.tables) say(`  ${t.name}: ${loaded[t.name]} rows`);
    return trailer;
  } catch (error) {
    if (began) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A restore replaces everything: only into a database with no imports and no audit trail (a new one). */
async function refuseUnlessEmpty(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const count = async (table: string) =>
      (await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [`public.${table}`])).rows[0].found
        ? Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)
        : 0;
    const imports = await count('import');
    const events = await count('audit_event');
    if (imports > 0 || events > 0) {
      throw new RestoreRefused(
        `The database already holds data (${imports} imports, ${events} audit events): restore into a new, empty database, before the service first starts on it (README, "Backups").`,
      );
    }
  } finally {
    await client.end();
  }
}

/** The service's migrations up to the backup's last one; refused when the two histories differ. */
async function migrateTo(url: string, header: BackupHeader): Promise<void> {
  const known = migrations.map((m) => new m().name);
  const unknown = header.migrations.filter((name, i) => known[i] !== name);
  if (unknown.length > 0) {
    throw new RestoreRefused(
      `The backup was made by another version of the service (migration ${unknown[0]} is not this version's): restore it with the version that made it, or a later one.`,
    );
  }
  const dataSource = await new DataSource({ ...dataSourceOptions(url), migrations: migrations.slice(0, header.migrations.length) }).initialize();
  try {
    const applied = (await dataSource.query(`SELECT name FROM migrations ORDER BY timestamp, id`).catch(() => [])) as { name: string }[];
    if (applied.some((m, i) => m.name !== header.migrations[i])) {
      throw new RestoreRefused('The database has migrations newer than the backup: restore into a new, empty database (README, "Backups").');
    }
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Makes the partitions the backup has and the migrations do not (imports' own), empties what the
 * migrations filled (reference data, the rules' first version: the backup has them as they were), and
 * holds the triggers that would write derived rows or audit events while rows are copied in.
 */
async function prepare(client: pg.Client, header: BackupHeader): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'`,
  );
  const existing = new Set(rows.map((r) => r.name));
  for (const t of header.tables) {
    if (existing.has(t.name)) continue;
    if (!t.partitionOf) throw new RestoreRefused(`The backup's table ${t.name} is not in the schema its migrations build: the backup was changed by hand`);
    await client.query(`CREATE TABLE ${quote(t.name)} PARTITION OF ${quote(t.partitionOf.parent)} ${t.partitionOf.bound}`);
  }
  for (const table of await triggered(client)) await client.query(`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`);
  await client.query(`TRUNCATE ${header.tables.map((t) => quote(t.name)).join(', ')}`);
}

/** The tables with triggers of their own (audit trail, current snapshots), partitioned ones by their parent. */
async function triggered(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT DISTINCT c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}
