import type { MigrationInterface, QueryRunner } from 'typeorm';

const LATEST_VIEW = `CREATE OR REPLACE VIEW "budget_line_latest" AS
  SELECT t.* FROM "budget_line" t
  JOIN (SELECT DISTINCT ON (ubigeo, year) ubigeo, year, import_id
        FROM import_scope WHERE dataset = 'budget'
        ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC) s
    ON s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id`;

/**
 * The monthly grain of budget lines from monthly sources: devengado of each month and PIM as of each
 * month, kept on the yearly line as twelve-element arrays (a row per month would multiply the table
 * by twelve for two numbers). Lines imported before stay without them.
 */
export class MonthlyGrain1763792900000 implements MigrationInterface {
  name = 'MonthlyGrain1763792900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "budget_line" ADD "devengado_by_month" numeric(18,2) array`);
    await q.query(`ALTER TABLE "budget_line" ADD "pim_by_month" numeric(18,2) array`);
    await q.query(LATEST_VIEW);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "budget_line_latest"`);
    await q.query(`ALTER TABLE "budget_line" DROP COLUMN "pim_by_month"`);
    await q.query(`ALTER TABLE "budget_line" DROP COLUMN "devengado_by_month"`);
    await q.query(LATEST_VIEW.replace('CREATE OR REPLACE VIEW', 'CREATE VIEW'));
  }
}
