import type { MigrationInterface, QueryRunner } from 'typeorm';

const AMOUNTS = `"pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "certificacion" numeric(18,2) NOT NULL, "compromiso_anual" numeric(18,2) NOT NULL,
  "devengado" numeric(18,2) NOT NULL, "girado" numeric(18,2) NOT NULL`;

/**
 * Rollups of the current budget lines (the latest import of each municipality-year), at the grains
 * the endpoints read, kept by each import in its own transaction (src/budget/rollups.ts). Reads of the
 * current snapshot never go to budget_line: at national scale a GROUP BY over its millions of lines
 * took minutes per request.
 *
 * - rollup_budget_year: one row per municipality-year with budget lines: which import is current, its
 *   line counts and totals (all, rubro 18, with months): coverage, control totals, meta.
 * - rollup_budget: per función, división, grupo, rubro and fuente: execution, dimensions, canon.
 * - rollup_budget_month: per función and rubro and month: devengado of the month and the change of PIM
 *   as it stood that month (the running sum of changes is PIM as of the month).
 * - rollup_project: the lines themselves, slim (no names but the product's): project-level reads;
 *   partitioned like budget_line (a large import's lines in a partition of their own, dropped when
 *   none of its municipality-years is current any more).
 * - rollup_project_import: every import's projects (not only the current), per CUI, year and
 *   municipality: a project's budget by year and snapshot without reading budget_line.
 * - population_nearest: the population of every municipality and year 1999-2100, from the same year
 *   or the nearest one available (the earlier on a tie), resolved once instead of once per line.
 *
 * The tables are filled by the service at start-up when rollup_state says they are stale (this
 * migration does not copy the rollup SQL, which lives with the code that keeps the tables).
 */
export class Rollups1763793100000 implements MigrationInterface {
  name = 'Rollups1763793100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rollup_state" ("id" smallint PRIMARY KEY CHECK ("id" = 1), "stale" boolean NOT NULL)`);
    await q.query(`INSERT INTO "rollup_state" VALUES (1, true)`);
    await q.query(`CREATE TABLE "rollup_budget_year" (
      "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "import_id" integer NOT NULL, "snapshot_date" date NOT NULL,
      "lines" integer NOT NULL, "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL,
      "rubro18_lines" integer NOT NULL, "rubro18_pim" numeric(18,2) NOT NULL, "rubro18_devengado" numeric(18,2) NOT NULL,
      "project_lines" integer NOT NULL, "lines_with_months" integer NOT NULL,
      PRIMARY KEY ("year", "ubigeo"))`);
    await q.query(`CREATE INDEX "rollup_budget_year_ubigeo_idx" ON "rollup_budget_year" ("ubigeo", "year")`);
    await q.query(`CREATE TABLE "rollup_budget" (
      "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "function_code" varchar(2) COLLATE "C" NOT NULL, "division_code" varchar(3) COLLATE "C" NOT NULL,
      "group_code" varchar(4) COLLATE "C" NOT NULL, "rubro_code" varchar(2) COLLATE "C" NOT NULL, "fuente_code" varchar(2) COLLATE "C" NOT NULL,
      "function_name" text NOT NULL, "division_name" text NOT NULL, "group_name" text NOT NULL, "rubro_name" text NOT NULL, "fuente_name" text NOT NULL,
      ${AMOUNTS}, "lines" integer NOT NULL, "project_lines" integer NOT NULL, "lines_with_months" integer NOT NULL, "pim_with_months" numeric(18,2) NOT NULL,
      "import_id" integer NOT NULL, PRIMARY KEY ("year", "ubigeo", "function_code", "division_code", "group_code", "rubro_code", "fuente_code"))`);
    await q.query(`CREATE TABLE "rollup_budget_month" (
      "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "function_code" varchar(2) COLLATE "C" NOT NULL, "rubro_code" varchar(2) COLLATE "C" NOT NULL,
      "month" smallint NOT NULL, "devengado" numeric(18,2) NOT NULL, "pim_change" numeric(18,2) NOT NULL, "pim_figures" integer NOT NULL,
      PRIMARY KEY ("year", "ubigeo", "function_code", "rubro_code", "month"))`);
    // partitioned like budget_line: a large import's lines get a table of their own, indexed in one pass after it is filled
    await q.query(`CREATE TABLE "rollup_project" (
      "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "activity_kind" smallint NOT NULL, "product_code" varchar(12) COLLATE "C" NOT NULL,
      "function_code" varchar(2) COLLATE "C" NOT NULL, "division_code" varchar(3) COLLATE "C" NOT NULL, "group_code" varchar(4) COLLATE "C" NOT NULL,
      "rubro_code" varchar(2) COLLATE "C" NOT NULL, "fuente_code" varchar(2) COLLATE "C" NOT NULL, "product_name" text NOT NULL, "name_area" varchar(5),
      ${AMOUNTS}, "import_id" integer NOT NULL, "part" integer NOT NULL DEFAULT 0) PARTITION BY LIST ("part")`);
    await q.query(`CREATE INDEX "rollup_project_year_ubigeo_idx" ON "rollup_project" ("year", "ubigeo")`);
    await q.query(`CREATE TABLE "rollup_project_shared" PARTITION OF "rollup_project" FOR VALUES IN (0)`);
    await q.query(`CREATE TABLE "rollup_project_import" (
      "product_code" varchar(12) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "import_id" integer NOT NULL,
      "product_name" text NOT NULL, "name_area" varchar(5), "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL,
      PRIMARY KEY ("product_code", "year", "ubigeo", "import_id"))`);
    await q.query(`CREATE TABLE "population_nearest" (
      "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "total" integer NOT NULL, "source_year" smallint NOT NULL,
      PRIMARY KEY ("year", "ubigeo"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'population_nearest',
      'rollup_project_import',
      'rollup_project_shared',
      'rollup_project',
      'rollup_budget_month',
      'rollup_budget',
      'rollup_budget_year',
      'rollup_state',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
