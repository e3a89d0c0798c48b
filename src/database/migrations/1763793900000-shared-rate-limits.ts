import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests counted per client and clock minute, shared by every instance of the service
 * (src/auth/rate-limit.guard.ts adds each instance's counts every second). UNLOGGED: counts of the
 * current minute are worth nothing after a crash, and need no WAL or replica.
 */
export class SharedRateLimits1763793900000 implements MigrationInterface {
  name = 'SharedRateLimits1763793900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNLOGGED TABLE "rate_limit_count" ("minute" integer NOT NULL, "tracker" varchar(80) COLLATE "C" NOT NULL, "count" integer NOT NULL, PRIMARY KEY ("minute", "tracker"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_limit_count"`);
  }
}
