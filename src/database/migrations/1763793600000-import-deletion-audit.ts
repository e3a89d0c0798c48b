import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import deleted in the database (by an operator: the service has no route for it) is recorded in the
 * audit trail, with what it was, like any other change. That also moves the data version, so ETags and
 * the answers kept in memory (src/common/response-cache.ts) stop standing for figures that changed.
 */
export class ImportDeletionAudit1763793600000 implements MigrationInterface {
  name = 'ImportDeletionAudit1763793600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION import_deleted_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_event (key_id, action, municipalities, subject, before)
        VALUES (NULL, 'import_deleted', '{}', OLD.id::text,
                jsonb_build_object('importId', OLD.id, 'fileName', OLD.file_name, 'sha256', OLD.sha256, 'format', OLD.format,
                                   'snapshotDate', OLD.snapshot_date, 'status', OLD.status, 'deletedBy', session_user));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER import_deleted_audit AFTER DELETE ON import FOR EACH ROW EXECUTE FUNCTION import_deleted_audit()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER import_deleted_audit ON import`);
    await q.query(`DROP FUNCTION import_deleted_audit()`);
  }
}
