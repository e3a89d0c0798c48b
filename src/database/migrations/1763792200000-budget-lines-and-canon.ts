import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Budget lines (MEF open data), canon transfers, import scopes and filters, background-import progress. */
export class BudgetLinesAndCanon1763792200000 implements MigrationInterface {
  name = 'BudgetLinesAndCanon1763792200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."import_sha256_format_idx"`);
    await q.query(
      `CREATE TABLE "budget_line" ("id" BIGSERIAL NOT NULL, "import_id" integer NOT NULL, "ubigeo" character varying(6) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "activity_kind" smallint NOT NULL, "product_code" character varying(12) COLLATE "C" NOT NULL, "product_name" text NOT NULL, "function_code" character varying(2) COLLATE "C" NOT NULL, "function_name" text NOT NULL, "division_code" character varying(3) COLLATE "C" NOT NULL, "division_name" text NOT NULL, "group_code" character varying(4) COLLATE "C" NOT NULL, "group_name" text NOT NULL, "fuente_code" character varying(2) NOT NULL, "fuente_name" text NOT NULL, "rubro_code" character varying(2) COLLATE "C" NOT NULL, "rubro_name" text NOT NULL, "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "certificacion" numeric(18,2) NOT NULL, "compromiso_anual" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL, "girado" numeric(18,2) NOT NULL, "through_month" smallint, CONSTRAINT "PK_18b9f7e8a4626eb7f1fd4a63f57" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "budget_line_ubigeo_year_idx" ON "budget_line"  ("ubigeo", "year") `);
    await q.query(
      `CREATE UNIQUE INDEX "budget_line_grain_idx" ON "budget_line"  ("import_id", "ubigeo", "year", "activity_kind", "product_code", "function_code", "division_code", "group_code", "rubro_code") `,
    );
    await q.query(
      `CREATE TABLE "canon_transfer" ("id" BIGSERIAL NOT NULL, "import_id" integer NOT NULL, "ubigeo" character varying(6) NOT NULL, "year" smallint NOT NULL, "through_month" smallint NOT NULL, "concept" character varying(24) NOT NULL, "amount" numeric(18,2) NOT NULL, "source_row" integer NOT NULL, CONSTRAINT "PK_46788ab1930cc4a4467397ca705" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "canon_transfer_ubigeo_year_idx" ON "canon_transfer"  ("ubigeo", "year") `);
    await q.query(`CREATE UNIQUE INDEX "canon_transfer_key_idx" ON "canon_transfer"  ("import_id", "ubigeo", "year", "concept") `);
    await q.query(
      `CREATE TABLE "import_scope" ("import_id" integer NOT NULL, "dataset" character varying(16) NOT NULL, "ubigeo" character varying(6) NOT NULL, "year" smallint NOT NULL, "snapshot_date" date NOT NULL, CONSTRAINT "PK_36b264f04e08ceb12fc5fcf904d" PRIMARY KEY ("import_id", "dataset", "ubigeo", "year"))`,
    );
    await q.query(`CREATE INDEX "import_scope_latest_idx" ON "import_scope"  ("dataset", "ubigeo", "year", "snapshot_date", "import_id") `);
    await q.query(`ALTER TABLE "import" ADD "rows_skipped" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "import" ADD "scope" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "import" ADD "bytes_read" bigint NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "import" ADD "started_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "import" ADD "finished_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "import" ADD "failure" jsonb`);
    await q.query(`ALTER TABLE "import" ADD "rows_rejected" integer NOT NULL DEFAULT '0'`);
    await q.query(
      `CREATE TABLE "import_error" ("id" BIGSERIAL NOT NULL, "import_id" integer NOT NULL, "row" integer NOT NULL, "column" text, "code" character varying(40) NOT NULL, "message" text NOT NULL, "value" text, CONSTRAINT "PK_428e984c525aaecf89a353e83d2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "import_error_import_idx" ON "import_error"  ("import_id", "id") `);
    // One live import per file and filters; a rejected or failed one may be retried.
    await q.query(`CREATE UNIQUE INDEX "import_sha256_scope_idx" ON "import" ("sha256", "scope") WHERE status IN ('running', 'completed')`);
    await q.query(
      `ALTER TABLE "canon_transfer" ADD CONSTRAINT "FK_dacd52e38524035018546009038" FOREIGN KEY ("import_id") REFERENCES "import"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "canon_transfer" ADD CONSTRAINT "FK_d7cf8f4aa4ae3a957a50f7d739f" FOREIGN KEY ("ubigeo") REFERENCES "municipality"("ubigeo") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "import_scope" ADD CONSTRAINT "FK_1c52eb9b81f6eefa96d6dd267e2" FOREIGN KEY ("import_id") REFERENCES "import"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // For each municipality-year, the lines (or transfers) of the covering import with the latest snapshot, as a whole.
    for (const [view, table, dataset] of [
      ['budget_line_latest', 'budget_line', 'budget'],
      ['canon_transfer_latest', 'canon_transfer', 'canon'],
    ]) {
      await q.query(`CREATE VIEW "${view}" AS
        SELECT t.* FROM "${table}" t
        JOIN (SELECT DISTINCT ON (ubigeo, year) ubigeo, year, import_id
              FROM import_scope WHERE dataset = '${dataset}'
              ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC) s
          ON s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "canon_transfer_latest"`);
    await q.query(`DROP VIEW "budget_line_latest"`);
    await q.query(`DROP TABLE "import_error"`);
    await q.query(`DROP TABLE "import_scope"`);
    await q.query(`DROP TABLE "canon_transfer"`);
    await q.query(`DROP TABLE "budget_line"`);
    await q.query(`DROP INDEX "import_sha256_scope_idx"`);
    await q.query(`ALTER TABLE "import" DROP COLUMN "scope"`);
    await q.query(`ALTER TABLE "import" DROP COLUMN "rows_rejected"`);
    await q.query(`ALTER TABLE "import" DROP COLUMN "failure"`);
    await q.query(`ALTER TABLE "import" DROP COLUMN "finished_at"`);
    await q.query(`ALTER TABLE "import" DROP COLUMN "started_at"`);
    await q.query(`ALTER TABLE "import" DROP COLUMN "bytes_read"`);
    await q.query(`ALTER TABLE "import" DROP COLUMN "rows_skipped"`);
    await q.query(`CREATE UNIQUE INDEX "import_sha256_format_idx" ON "import" ("sha256", "format")`);
  }
}
