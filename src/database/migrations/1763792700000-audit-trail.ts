import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only audit trail: a trigger refuses UPDATE, DELETE and TRUNCATE whoever asks. */
export class AuditTrail1763792700000 implements MigrationInterface {
  name = 'AuditTrail1763792700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "key_id" integer, "action" character varying(24) NOT NULL, "municipalities" character varying(6) array NOT NULL DEFAULT '{}', "subject" text NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "audit_event_at_idx" ON "audit_event"  ("at") `);
    await q.query(`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_event"`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
