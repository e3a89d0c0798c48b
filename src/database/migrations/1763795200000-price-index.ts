import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly price indices (BCRP's BCRPData series, e.g. PN38705PM, Lima CPI, Dec.2021 = 100), the deflator of
 * constant-price reads (src/prices). One row per series, month and import: `series` is the series' name as
 * the document gives it, `month` the first day of the month, `value` the index exactly as written (numeric
 * without scale, so "57.5986117200474" keeps every digit). For each series and month the latest import (by
 * snapshot date, then id) is the one read; the older rows stay as history.
 */
export class PriceIndex1763795200000 implements MigrationInterface {
  name = 'PriceIndex1763795200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "price_index_month" (
      "import_id" integer NOT NULL, "series" text NOT NULL, "month" date NOT NULL, "value" numeric NOT NULL, "source_row" integer NOT NULL,
      CONSTRAINT "price_index_month_pk" PRIMARY KEY ("series", "month", "import_id"),
      CONSTRAINT "price_index_month_first_day" CHECK (extract(day FROM "month") = 1),
      CONSTRAINT "price_index_month_positive" CHECK ("value" > 0),
      CONSTRAINT "price_index_month_import_fk" FOREIGN KEY ("import_id") REFERENCES "import"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "price_index_month_import_idx" ON "price_index_month" ("import_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "price_index_month"`);
  }
}
