import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * import.resent_at: when a later upload of the same bytes (and filters) was imported again instead of being
 * answered with this import. A file is a duplicate of its live import unless the upload asks for another
 * cut-off date, or another import of the same date has replaced this one's figures (src/imports/imports.service.ts):
 * sending the right file again after a wrong one answered "duplicate" and left the wrong figures current.
 * The unique index that makes the same file one live import leaves out the imports so released.
 */
export class ImportResent1763796100000 implements MigrationInterface {
  name = 'ImportResent1763796100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import" ADD COLUMN resent_at timestamptz`);
    await q.query(`DROP INDEX "import_sha256_scope_idx"`);
    await q.query(
      `CREATE UNIQUE INDEX "import_sha256_scope_idx" ON "import" ("sha256", "scope") WHERE status IN ('queued', 'running', 'completed') AND resent_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // one live import per bytes and filters again: the latest keeps its status, the earlier ones are marked failed
    await q.query(`DROP INDEX "import_sha256_scope_idx"`);
    await q.query(
      `UPDATE "import" i SET status = 'failed' WHERE i.status IN ('queued', 'running', 'completed')
         AND EXISTS (SELECT 1 FROM "import" o WHERE o.sha256 = i.sha256 AND o.scope = i.scope AND o.id > i.id AND o.status IN ('queued', 'running', 'completed'))`,
    );
    await q.query(`CREATE UNIQUE INDEX "import_sha256_scope_idx" ON "import" ("sha256", "scope") WHERE status IN ('queued', 'running', 'completed')`);
    await q.query(`ALTER TABLE "import" DROP COLUMN resent_at`);
  }
}
