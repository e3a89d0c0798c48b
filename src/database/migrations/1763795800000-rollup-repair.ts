import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budget rollups put right after an operator's change in the database. Deleting a budget import (its scope
 * rows go with it, by cascade) notes the municipality-years it covered in rollup_repair; a TRUNCATE of
 * import_scope marks every rollup stale. Either notifies `rollup_repair`, and an instance of the service
 * works those rollups out again from the lines that remain (src/budget/rollup-repair.ts), in a transaction
 * of its own, moments after the operator's commit. Before, the rollups kept a deleted import's figures
 * until someone marked them stale by hand and restarted the service.
 */
export class RollupRepair1763795800000 implements MigrationInterface {
  name = 'RollupRepair1763795800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rollup_repair (
      import_id integer NOT NULL, year smallint NOT NULL, ubigeo varchar(6) COLLATE "C" NOT NULL, PRIMARY KEY (import_id, year, ubigeo))`);
    await q.query(`CREATE FUNCTION import_scope_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO rollup_repair (import_id, year, ubigeo)
        SELECT DISTINCT import_id, year, ubigeo FROM gone WHERE dataset = 'budget' ON CONFLICT DO NOTHING;
        IF FOUND THEN PERFORM pg_notify('rollup_repair', ''); END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER import_scope_deleted AFTER DELETE ON import_scope REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION import_scope_deleted()`,
    );
    await q.query(`CREATE FUNCTION import_scope_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE rollup_state SET stale = true;
        PERFORM pg_notify('rollup_repair', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER import_scope_truncated AFTER TRUNCATE ON import_scope FOR EACH STATEMENT EXECUTE FUNCTION import_scope_truncated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER import_scope_truncated ON import_scope`);
    await q.query(`DROP FUNCTION import_scope_truncated()`);
    await q.query(`DROP TRIGGER import_scope_deleted ON import_scope`);
    await q.query(`DROP FUNCTION import_scope_deleted()`);
    await q.query(`DROP TABLE rollup_repair`);
  }
}
