import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background imports every instance can finish: the upload waits in a spool folder the instances share,
 * named in spool_file (relative to UPLOAD_SPOOL_DIR, never one machine's path), with what was asked of it
 * (request). An instance that takes over an import whose holder stopped renewing its lease, or one handed
 * back at a stop (status queued), runs it again from the start: attempt counts the runs, lapsed_attempts
 * those whose instance died, takeover says why the latest one started. A queued import is live, like a
 * running one: the same file uploaded again returns it.
 */
export class ImportSpool1763795400000 implements MigrationInterface {
  name = 'ImportSpool1763795400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "import" ADD "spool_file" text, ADD "request" jsonb, ADD "attempt" smallint NOT NULL DEFAULT 1,
         ADD "lapsed_attempts" smallint NOT NULL DEFAULT 0, ADD "takeover" character varying(16)`,
    );
    await q.query(`DROP INDEX "import_sha256_scope_idx"`);
    await q.query(`CREATE UNIQUE INDEX "import_sha256_scope_idx" ON "import" ("sha256", "scope") WHERE status IN ('queued', 'running', 'completed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a queued import cannot be told from a running one by the code of before: it is failed, as that code would have
    await q.query(
      `UPDATE "import" SET status = 'failed', finished_at = now(),
              failure = '{"code": "INTERRUPTED", "key": "INTERRUPTED.orphan", "message": "The service stopped during the import; nothing of it was kept. Upload the file again."}'
       WHERE status = 'queued'`,
    );
    await q.query(`DROP INDEX "import_sha256_scope_idx"`);
    await q.query(`CREATE UNIQUE INDEX "import_sha256_scope_idx" ON "import" ("sha256", "scope") WHERE status IN ('running', 'completed')`);
    await q.query(
      `ALTER TABLE "import" DROP COLUMN "takeover", DROP COLUMN "lapsed_attempts", DROP COLUMN "attempt", DROP COLUMN "request", DROP COLUMN "spool_file"`,
    );
  }
}
