import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A background import's lease: its instance renews heartbeat_at every second while it reads the file.
 * Any instance fails a running import whose lease has lapsed and whose transaction is gone (its advisory
 * lock can be taken): never another live instance's import that has not yet reached its transaction.
 */
export class ImportLease1763794100000 implements MigrationInterface {
  name = 'ImportLease1763794100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import" ADD "heartbeat_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import" DROP COLUMN "heartbeat_at"`);
  }
}
