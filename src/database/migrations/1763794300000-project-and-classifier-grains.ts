import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two grains for national analyses (measured at five national years: the country's urban-rural,
 * planning-gap and plan-alignment answers took 1.2-1.9 s, grouping 285,000 project lines or 145,000
 * budget sums a year at request time):
 * - an index on rollup_project_import by municipality-year and import, so the current projects per CUI,
 *   year and municipality (about half as many rows as project lines) are read through rollup_budget_year;
 * - rollup_budget_classifier: the budget per municipality, year, función, división and grupo (the codes the
 *   ECLAC rules look up), about 40,000 sums a year for the country where rollup_budget has 145,000. Kept
 *   by each import with the other rollups (src/budget/rollups.ts); this migration marks the rollups stale,
 *   so the next start fills it.
 */
export class ProjectAndClassifierGrains1763794300000 implements MigrationInterface {
  name = 'ProjectAndClassifierGrains1763794300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "rollup_project_import_current_idx" ON "rollup_project_import" ("year", "ubigeo", "import_id")`);
    await q.query(`CREATE TABLE "rollup_budget_classifier" (
      "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "function_code" varchar(2) COLLATE "C" NOT NULL,
      "division_code" varchar(3) COLLATE "C" NOT NULL, "group_code" varchar(4) COLLATE "C" NOT NULL, "function_name" text NOT NULL,
      "pim" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL, "lines" integer NOT NULL, "import_id" integer NOT NULL,
      PRIMARY KEY ("year", "ubigeo", "function_code", "division_code", "group_code"))`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rollup_budget_classifier"`);
    await q.query(`DROP INDEX "rollup_project_import_current_idx"`);
  }
}
