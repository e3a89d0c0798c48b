import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rollup_project_scope: the current projects of each department (scope, its code) and of the country (scope
 * '') per year and CUI, with the name, keywords' area and executing municipality (the first ubigeo) the
 * urban/rural analysis classifies them by. The planning gap already summed them so at each import (in a
 * table dropped at commit); kept, a department's or the country's urban/rural analysis of a year reads them
 * as they are instead of grouping the municipalities' project rows per CUI (the country's 110,000 projects:
 * 1.2 s a request at national scale, 0.5 s from this table). Kept by each import for the scopes it touches
 * (src/budget/rollups.ts, rollUpPlanningGap); this migration marks the rollups stale, so the next start fills it.
 */
export class ProjectScopeRollup1763795700000 implements MigrationInterface {
  name = 'ProjectScopeRollup1763795700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rollup_project_scope (
      year smallint NOT NULL, scope varchar(2) COLLATE "C" NOT NULL, cui varchar(12) COLLATE "C" NOT NULL, name text NOT NULL, name_area varchar(5),
      executor_ubigeo varchar(6) COLLATE "C" NOT NULL, pia numeric(18,2) NOT NULL, pim numeric(18,2) NOT NULL, devengado numeric(18,2) NOT NULL,
      PRIMARY KEY (scope, year, cui))`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollup_project_scope`);
  }
}
