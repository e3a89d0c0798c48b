import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rollup_budget_department: rollup_budget_key added up per department (dim, year, department, key),
 * with how many municipalities have budget in each key and their population (and how many of them have
 * none): what a national or departmental /execution?level=detail of one year reads, about 25 rows per
 * key instead of one per municipality (22,000 for the country by función). Kept by each import for the
 * departments whose municipality-years it replaces, and whole after a population import
 * (src/budget/rollups.ts); this migration marks the rollups stale, so the next start fills it.
 */
export class DepartmentRollups1763793500000 implements MigrationInterface {
  name = 'DepartmentRollups1763793500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rollup_budget_department" (
      "dim" varchar(8) NOT NULL, "year" smallint NOT NULL, "department_code" varchar(2) COLLATE "C" NOT NULL, "key" varchar(4) COLLATE "C" NOT NULL,
      "name" text NOT NULL, "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "certificacion" numeric(18,2) NOT NULL,
      "compromiso_anual" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL, "girado" numeric(18,2) NOT NULL,
      "municipalities" integer NOT NULL, "population" bigint NOT NULL, "without_population" integer NOT NULL,
      PRIMARY KEY ("dim", "year", "department_code", "key"))`);
    await q.query(`UPDATE rollup_state SET stale = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rollup_budget_department"`);
  }
}
