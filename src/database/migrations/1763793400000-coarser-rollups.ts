import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coarser rollups for reads without a función, rubro or project filter (national ones above all).
 *
 * rollup_budget_key: the current budget of each municipality-year by one classifier at a time (dim
 * 'function', 'division', 'group', 'rubro' or 'fuente', with its code and name) and in total (dim
 * 'total', key ''): what /execution?level=detail reads when it groups by one of them, or by geography
 * or year, with no función, rubro or project filter. At national scale that is 1,900-41,000 rows a year
 * instead of rollup_budget's 145,000 to add up per request.
 *
 * rollup_budget_month_total: each municipality-year's months, all funciones and rubros together (1,891
 * × 12 rows a year in the country instead of about 1.3 million), and rollup_budget_year.pim_with_months.
 *
 * Kept with the other rollups by each import (src/budget/rollups.ts); this migration marks the rollups
 * stale, so the next start fills them.
 */
export class CoarserRollups1763793400000 implements MigrationInterface {
  name = 'CoarserRollups1763793400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rollup_budget_key" (
      "dim" varchar(8) NOT NULL, "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "key" varchar(4) COLLATE "C" NOT NULL, "name" text NOT NULL,
      "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "certificacion" numeric(18,2) NOT NULL, "compromiso_anual" numeric(18,2) NOT NULL,
      "devengado" numeric(18,2) NOT NULL, "girado" numeric(18,2) NOT NULL,
      PRIMARY KEY ("dim", "year", "ubigeo", "key"))`);
    await q.query(`CREATE TABLE "rollup_budget_month_total" (
      "year" smallint NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "month" smallint NOT NULL,
      "devengado" numeric(18,2) NOT NULL, "pim_change" numeric(18,2) NOT NULL, "pim_figures" integer NOT NULL,
      PRIMARY KEY ("year", "ubigeo", "month"))`);
    await q.query(`ALTER TABLE "rollup_budget_year" ADD COLUMN "pim_with_months" numeric(18,2) NOT NULL DEFAULT 0`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rollup_budget_year" DROP COLUMN "pim_with_months"`);
    await q.query(`DROP TABLE "rollup_budget_key", "rollup_budget_month_total"`);
  }
}
