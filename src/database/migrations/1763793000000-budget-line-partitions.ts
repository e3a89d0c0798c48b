import type { MigrationInterface, QueryRunner } from 'typeorm';

const LATEST_VIEW = `CREATE VIEW "budget_line_latest" AS
  SELECT t.* FROM "budget_line" t
  JOIN (SELECT DISTINCT ON (ubigeo, year) ubigeo, year, import_id
        FROM import_scope WHERE dataset = 'budget'
        ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC) s
    ON s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id`;

const COLUMN_NAMES = `"id", "import_id", "ubigeo", "year", "activity_kind", "product_code", "product_name", "function_code", "function_name", "division_code", "division_name",
  "group_code", "group_name", "fuente_code", "fuente_name", "rubro_code", "rubro_name", "pia", "pim", "certificacion", "compromiso_anual", "devengado", "girado", "through_month",
  "name_area", "devengado_by_month", "pim_by_month"`;

const COLUMNS = `"id" bigint NOT NULL DEFAULT nextval('budget_line_id_seq'), "import_id" integer NOT NULL, "ubigeo" character varying(6) COLLATE "C" NOT NULL, "year" smallint NOT NULL,
  "activity_kind" smallint NOT NULL, "product_code" character varying(12) COLLATE "C" NOT NULL, "product_name" text NOT NULL, "function_code" character varying(2) COLLATE "C" NOT NULL,
  "function_name" text NOT NULL, "division_code" character varying(3) COLLATE "C" NOT NULL, "division_name" text NOT NULL, "group_code" character varying(4) COLLATE "C" NOT NULL,
  "group_name" text NOT NULL, "fuente_code" character varying(2) NOT NULL, "fuente_name" text NOT NULL, "rubro_code" character varying(2) COLLATE "C" NOT NULL, "rubro_name" text NOT NULL,
  "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "certificacion" numeric(18,2) NOT NULL, "compromiso_anual" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL,
  "girado" numeric(18,2) NOT NULL, "through_month" smallint, "name_area" character varying(5), "devengado_by_month" numeric(18,2) array, "pim_by_month" numeric(18,2) array`;

/**
 * Budget lines partitioned for bulk imports: a large import COPYs its lines straight into a table of
 * its own, builds that table's indexes in one sorted pass and attaches it as a partition, instead of
 * staging every row and inserting it a second time through the indexes of one big table (a million-row
 * file: 9 s of the 23 s merge). Smaller imports, and every line imported before, live together in the
 * shared partition (part 0): one partition per import would make every read plan and probe hundreds
 * of partitions (300 imports: 27 ms for one municipality's lines, against 0.4 ms in one table).
 * Uniqueness of the grain is the import's fold (rows at the same grain are added up before the lines
 * are stored); the shared partition keeps its unique index on the grain as well.
 */
export class BudgetLinePartitions1763793000000 implements MigrationInterface {
  name = 'BudgetLinePartitions1763793000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "budget_line_latest"`);
    await q.query(`ALTER TABLE "budget_line" RENAME TO "budget_line_shared"`);
    await q.query(`ALTER TABLE "budget_line_shared" DROP CONSTRAINT "PK_18b9f7e8a4626eb7f1fd4a63f57"`);
    await q.query(`ALTER TABLE "budget_line_shared" ADD "part" integer NOT NULL DEFAULT 0 CONSTRAINT "budget_line_shared_part" CHECK ("part" = 0)`);
    await q.query(`ALTER TABLE "budget_line_shared" ADD CONSTRAINT "budget_line_shared_pkey" PRIMARY KEY ("part", "import_id", "id")`);
    await q.query(`ALTER INDEX "budget_line_grain_idx" RENAME TO "budget_line_shared_grain_idx"`);
    await q.query(`DROP INDEX "budget_line_ubigeo_year_idx"`);
    await q.query(
      `CREATE TABLE "budget_line" (${COLUMNS}, "part" integer NOT NULL DEFAULT 0, CONSTRAINT "PK_budget_line_part" PRIMARY KEY ("part", "import_id", "id")) PARTITION BY LIST ("part")`,
    );
    await q.query(`ALTER SEQUENCE "budget_line_id_seq" OWNED BY "budget_line"."id"`);
    await q.query(`CREATE INDEX "budget_line_ubigeo_year_idx" ON "budget_line" ("ubigeo", "year")`);
    await q.query(`ALTER TABLE "budget_line" ATTACH PARTITION "budget_line_shared" FOR VALUES IN (0)`);
    await q.query(LATEST_VIEW);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "budget_line_latest"`);
    await q.query(`CREATE TABLE "budget_line_unpartitioned" (${COLUMNS})`);
    await q.query(`INSERT INTO "budget_line_unpartitioned" SELECT ${COLUMN_NAMES} FROM "budget_line"`);
    await q.query(`ALTER SEQUENCE "budget_line_id_seq" OWNED BY NONE`);
    await q.query(`DROP TABLE "budget_line"`);
    await q.query(`ALTER TABLE "budget_line_unpartitioned" RENAME TO "budget_line"`);
    await q.query(`ALTER SEQUENCE "budget_line_id_seq" OWNED BY "budget_line"."id"`);
    // ids are unique per import since the partitioning: the old key on id alone is renumbered from the sequence
    await q.query(`UPDATE "budget_line" SET "id" = nextval('budget_line_id_seq')`);
    await q.query(`ALTER TABLE "budget_line" ADD CONSTRAINT "PK_18b9f7e8a4626eb7f1fd4a63f57" PRIMARY KEY ("id")`);
    await q.query(`CREATE INDEX "budget_line_ubigeo_year_idx" ON "budget_line" ("ubigeo", "year")`);
    await q.query(
      `CREATE UNIQUE INDEX "budget_line_grain_idx" ON "budget_line" ("import_id", "ubigeo", "year", "activity_kind", "product_code", "function_code", "division_code", "group_code", "rubro_code")`,
    );
    await q.query(LATEST_VIEW);
  }
}
