// One real PostgreSQL for the whole run: DATABASE_URL when set, else the service's own embedded
// server in .data/test (recreated each run). Each test file makes its own database on it.
// Jest loads this file outside its module system, so it uses the compiled service (npm test builds first).
import { rm } from 'node:fs/promises';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  await rm('.data/test', { recursive: true, force: true });
  const quiet = { log: () => undefined, warn: (m) => console.warn(m) };
  const db = await startEmbeddedPostgres('.data/test', quiet, 'postgres');
  process.env.TEST_ADMIN_DATABASE_URL = db.url;
  globalThis.__embeddedPostgres = db;
}
