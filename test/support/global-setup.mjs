// One real PostgreSQL for the whole run: DATABASE_URL when set, else the service's own embedded
// server in .data/test (recreated each run). Each test file makes its own database on it, as the
// admin, owned by a role that is no superuser: the service under test connects as that role, as it
// does in production.
// Jest loads this file outside its module system, so it uses the compiled service (npm test builds first).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { ownerRole, startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    // an admin URL (one that may create roles and databases)
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    process.env.TEST_APP_DATABASE_URL = await ownerRole(process.env.DATABASE_URL, 'canon_tracker_test', randomBytes(18).toString('base64url'));
    return;
  }
  await rm('.data/test', { recursive: true, force: true });
  const quiet = { log: () => undefined, warn: (m) => console.warn(m) };
  const db = await startEmbeddedPostgres('.data/test', quiet);
  process.env.TEST_ADMIN_DATABASE_URL = db.adminUrl;
  process.env.TEST_APP_DATABASE_URL = db.url;
  globalThis.__embeddedPostgres = db;
}
