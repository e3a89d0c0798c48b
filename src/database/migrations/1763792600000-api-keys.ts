import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, stored hashed, with a role and (for planners) their municipalities. */
export class ApiKeys1763792600000 implements MigrationInterface {
  name = 'ApiKeys1763792600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "api_key" ("id" SERIAL NOT NULL, "name" text NOT NULL, "role" character varying(10) NOT NULL, "municipalities" character varying(6) array NOT NULL DEFAULT '{}', "key_hash" character(64) NOT NULL, "prefix" character varying(12) NOT NULL, "created_by" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "api_key_hash_idx" ON "api_key"  ("key_hash") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_key"`);
  }
}
