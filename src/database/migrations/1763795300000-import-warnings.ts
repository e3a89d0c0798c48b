import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Warnings of an import (what looks wrong but does not stop it: devengado over PIM, codes outside the
 * classifiers, ignored columns, a CUI repeated in a registry file): kept beside its row errors in
 * import_error, told apart by `severity`; the import keeps the first 1,000 and a count per code. An import
 * whose figures repeat an earlier one's at the same cut-off stores nothing again and names that import.
 */
export class ImportWarnings1763795300000 implements MigrationInterface {
  name = 'ImportWarnings1763795300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_error" ADD "severity" character varying(7) NOT NULL DEFAULT 'error'`);
    await q.query(
      `ALTER TABLE "import" ADD "row_warnings" jsonb NOT NULL DEFAULT '[]', ADD "warning_counts" jsonb NOT NULL DEFAULT '{}', ADD "same_content_as" integer`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import" DROP COLUMN "same_content_as", DROP COLUMN "warning_counts", DROP COLUMN "row_warnings"`);
    await q.query(`ALTER TABLE "import_error" DROP COLUMN "severity"`);
  }
}
