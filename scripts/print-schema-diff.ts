// Prints the SQL that would bring a freshly migrated database in line with the entities.
// Empty output means the migrations and the entities agree. Used when writing a migration.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';

const db = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => undefined }
  : await startEmbeddedPostgres('.data/schema-diff', console, `diff_${Date.now()}`);
const ds = new DataSource(dataSourceOptions(db.url));
await ds.initialize();
await ds.runMigrations();
const sql = await ds.driver.createSchemaBuilder().log();
for (const q of sql.upQueries) console.log(`${q.query};`);
await ds.destroy();
await db.stop();
