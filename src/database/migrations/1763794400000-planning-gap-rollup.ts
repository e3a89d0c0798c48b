import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The planning gap of each department and of the country, per year (scope '' is the country): the counts
 * and sums of the (CUI, year) pairs the analysis counts, and the 100 projects with the largest PIA. A
 * project budgeted in two years counts twice, so years add up; the country is its own scope because a CUI
 * budgeted by municipalities of two departments is one pair there. At five national years the country's
 * answer grouped 110,000-550,000 pairs per request (0.8-4.9 s); read from here it adds a few rows. Kept by
 * each import for the years and departments it touches (src/budget/rollups.ts); this migration marks the
 * rollups stale, so the next start fills them.
 */
export class PlanningGapRollup1763794400000 implements MigrationInterface {
  name = 'PlanningGapRollup1763794400000';

  async up(q: QueryRunner): Promise<void> {
    const amounts = ['pim_amount', 'planned_pim', 'added_pim', 'pia_amount', 'dropped_pia'].map((c) => `"${c}" numeric(18,2) NOT NULL`).join(', ');
    const counts = ['pim_projects', 'planned_projects', 'added_projects', 'pia_projects', 'dropped_projects'].map((c) => `"${c}" integer NOT NULL`).join(', ');
    await q.query(`CREATE TABLE "rollup_planning_gap" (
      "year" smallint NOT NULL, "scope" varchar(2) COLLATE "C" NOT NULL, ${counts}, ${amounts},
      PRIMARY KEY ("year", "scope"))`);
    await q.query(`CREATE TABLE "rollup_planning_gap_top" (
      "year" smallint NOT NULL, "scope" varchar(2) COLLATE "C" NOT NULL, "rank" smallint NOT NULL, "cui" varchar(12) COLLATE "C" NOT NULL, "name" text NOT NULL,
      "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL,
      PRIMARY KEY ("year", "scope", "rank"))`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rollup_planning_gap_top"`);
    await q.query(`DROP TABLE "rollup_planning_gap"`);
  }
}
