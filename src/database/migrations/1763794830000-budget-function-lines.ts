import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budget lines at función grain (the budget-by-función layout): PIM and devengado per municipality, year,
 * función and rubro, and nothing finer: no programme, product, división or grupo, no PIA. A file of them
 * states its rubro scope (a column, the request or the file itself: `rubro_source`), so an analysis that
 * reads them says exactly what they cover. Kept like the other datasets: every import keeps its lines, its
 * municipality-years are in import_scope (dataset 'budget_function'), and the latest snapshot of each
 * municipality-year is the one read, as a whole.
 */
export class BudgetFunctionLines1763794830000 implements MigrationInterface {
  name = 'BudgetFunctionLines1763794830000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "budget_function_line" (
      "import_id" integer NOT NULL, "ubigeo" varchar(6) COLLATE "C" NOT NULL, "year" smallint NOT NULL,
      "function_code" varchar(2) COLLATE "C" NOT NULL, "function_name" text NOT NULL,
      "rubro_code" varchar(2) COLLATE "C" NOT NULL, "rubro_source" varchar(8) NOT NULL,
      "pim" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL, "source_row" integer NOT NULL,
      CONSTRAINT "budget_function_line_pk" PRIMARY KEY ("import_id", "ubigeo", "year", "rubro_code", "function_code"),
      CONSTRAINT "budget_function_line_rubro_source_check" CHECK ("rubro_source" IN ('column', 'request', 'file')),
      CONSTRAINT "budget_function_line_import_fk" FOREIGN KEY ("import_id") REFERENCES "import"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "budget_function_line_ubigeo_year_idx" ON "budget_function_line" ("ubigeo", "year")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "budget_function_line"`);
  }
}
