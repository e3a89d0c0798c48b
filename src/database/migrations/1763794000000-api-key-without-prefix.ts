import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys were listed by their first eight characters, which for an ADMIN_API_KEY chosen by a person is
 * a piece of the secret itself. Keys are now shown by their id (`key:2`, as imports name who made
 * them); the stored pieces are dropped. The hashes stay, so every key keeps working.
 */
export class ApiKeyWithoutPrefix1763794000000 implements MigrationInterface {
  name = 'ApiKeyWithoutPrefix1763794000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_key" DROP COLUMN "prefix"`);
  }

  async down(q: QueryRunner): Promise<void> {
    // the pieces of the keys are gone for good: the column comes back holding each key's id instead
    await q.query(`ALTER TABLE "api_key" ADD COLUMN "prefix" character varying(12)`);
    await q.query(`UPDATE "api_key" SET "prefix" = 'key:' || "id"`);
    await q.query(`ALTER TABLE "api_key" ALTER COLUMN "prefix" SET NOT NULL`);
  }
}
