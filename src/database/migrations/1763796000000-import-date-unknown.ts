import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import's cut-off date and its source may be unknown: a background import is recorded before its file
 * is read, and one that fails before the file states its date never has one. They were stamped with the
 * day of the upload ('today'), which the API then showed as the data's cut-off. Records of imports that
 * did not complete and carry that stamp lose it; completed imports keep theirs (some were dated so before
 * a file had to state its date).
 */
export class ImportDateUnknown1763796000000 implements MigrationInterface {
  name = 'ImportDateUnknown1763796000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import" ALTER COLUMN snapshot_date DROP NOT NULL, ALTER COLUMN snapshot_source DROP NOT NULL`);
    await q.query(`UPDATE "import" SET snapshot_date = NULL, snapshot_source = NULL WHERE snapshot_source = 'today' AND status <> 'completed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "import" SET snapshot_date = (created_at AT TIME ZONE 'America/Lima')::date, snapshot_source = 'today' WHERE snapshot_date IS NULL`);
    await q.query(`ALTER TABLE "import" ALTER COLUMN snapshot_date SET NOT NULL, ALTER COLUMN snapshot_source SET NOT NULL`);
  }
}
