import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import's row problems keep their message's key and parameters (src/i18n/row-problems.ts), so that
 * errors.csv words them in the language asked for when it is downloaded. Rows stored before keep their
 * English message, which is recognised by the registry's English templates when it can be.
 */
export class ImportErrorMessageKey1763794600000 implements MigrationInterface {
  name = 'ImportErrorMessageKey1763794600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_error" ADD "message_key" character varying(60), ADD "params" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_error" DROP COLUMN "params", DROP COLUMN "message_key"`);
  }
}
