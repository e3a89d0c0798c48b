import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rollup_budget_classifier_department: the budget per department, year, función, división and grupo
 * (the codes the ECLAC rules look up), from rollup_budget: what a national or departmental ECLAC
 * analysis classifies, a few thousand sums instead of one per municipality and classifier (some 100,000
 * a year for the country). Kept with rollup_budget_department by each import for the departments it
 * touches (src/budget/rollups.ts); this migration marks the rollups stale, so the next start fills it.
 */
export class DepartmentClassifierSums1763794200000 implements MigrationInterface {
  name = 'DepartmentClassifierSums1763794200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rollup_budget_classifier_department" (
      "year" smallint NOT NULL, "department_code" varchar(2) COLLATE "C" NOT NULL, "function_code" varchar(2) COLLATE "C" NOT NULL,
      "division_code" varchar(3) COLLATE "C" NOT NULL, "group_code" varchar(4) COLLATE "C" NOT NULL, "function_name" text NOT NULL,
      "pim" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL, "lines" integer NOT NULL,
      PRIMARY KEY ("year", "department_code", "function_code", "division_code", "group_code"))`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rollup_budget_classifier_department"`);
  }
}
