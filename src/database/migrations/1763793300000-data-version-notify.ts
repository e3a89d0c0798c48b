import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that reads can see appends to audit_event in its own transaction; this trigger tells
 * every instance of the service when such a transaction commits (NOTIFY is delivered at commit, never
 * for a rollback), with the new data version as the payload: instances keep the version in memory
 * instead of reading it for every request (src/common/http-cache.ts, DataVersion).
 */
export class DataVersionNotify1763793300000 implements MigrationInterface {
  name = 'DataVersionNotify1763793300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION audit_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('data_version', (SELECT coalesce(max(id), 0)::text FROM audit_event));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_notify AFTER INSERT ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_notify ON audit_event`);
    await q.query(`DROP FUNCTION audit_event_notify()`);
  }
}
