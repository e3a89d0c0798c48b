import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rollup_budget_department gains the dimension 'project': the current budget lines summed per department,
 * year and product or project code, and per year for the whole country (department_code '', the sum of
 * the departments' rows, kept only for this dimension). A national or departmental
 * /execution?level=detail&groupBy=project of one year reads them instead of grouping the lines' rollup
 * (285,000 lines a year for the country at national scale: 2.4 s alone, 1.2 s for Cusco under load). The
 * key widens to a product's twelve characters. Kept by each import with the department's other rows
 * (src/budget/rollups.ts); this migration marks the rollups stale, so the next start fills it.
 */
export class ProjectDepartmentRollup1763795500000 implements MigrationInterface {
  name = 'ProjectDepartmentRollup1763795500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rollup_budget_department" ALTER COLUMN "key" TYPE varchar(12) COLLATE "C"`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "rollup_budget_department" WHERE "dim" = 'project'`);
    await q.query(`ALTER TABLE "rollup_budget_department" ALTER COLUMN "key" TYPE varchar(4) COLLATE "C"`);
  }
}
