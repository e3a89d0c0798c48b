import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rollup_budget_month keeps one row per municipality-year, función and rubro with its twelve months as
 * arrays (January first; 0 in a month without a figure), instead of a row per month: a twelfth of the rows.
 * An import wrote 542,808 month rows for the bench file's 83,328 lines of twelve months, 7.4 s of its
 * merge, most of it inserting them; 45,234 rows of arrays take 2.1 s (BENCHMARKS.md). GET
 * /execution/monthly with a función or rubro unnests them. Marks the rollups stale: the next start fills it.
 */
export class MonthlyArrays1763795900000 implements MigrationInterface {
  name = 'MonthlyArrays1763795900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollup_budget_month`);
    await q.query(`CREATE TABLE rollup_budget_month (
      year smallint NOT NULL, ubigeo varchar(6) COLLATE "C" NOT NULL, function_code varchar(2) COLLATE "C" NOT NULL, rubro_code varchar(2) COLLATE "C" NOT NULL,
      devengado numeric(18,2)[] NOT NULL, pim_change numeric(18,2)[] NOT NULL, pim_figures integer[] NOT NULL,
      PRIMARY KEY (year, ubigeo, function_code, rubro_code))`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollup_budget_month`);
    await q.query(`CREATE TABLE rollup_budget_month (
      year smallint NOT NULL, ubigeo varchar(6) COLLATE "C" NOT NULL, function_code varchar(2) COLLATE "C" NOT NULL, rubro_code varchar(2) COLLATE "C" NOT NULL,
      month smallint NOT NULL, devengado numeric(18,2) NOT NULL, pim_change numeric(18,2) NOT NULL, pim_figures integer NOT NULL,
      PRIMARY KEY (year, ubigeo, function_code, rubro_code, month))`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }
}
