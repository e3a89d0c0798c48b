import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Geography, population, imports and municipality-year execution snapshots. */
export class InitialSchema1763792000000 implements MigrationInterface {
  name = 'InitialSchema1763792000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "municipality" ("ubigeo" character varying(6) NOT NULL, "name" text NOT NULL, "kind" character varying(10) NOT NULL, "department_code" character varying(2) NOT NULL, "department_name" text NOT NULL, "province_code" character varying(4) NOT NULL, "province_name" text NOT NULL, "capital" text, "latitude" numeric(11,8), "longitude" numeric(11,8), "altitude_m" numeric(7,1), "sec_ejec" integer, "mef_name" text, "in_current_geography" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_11ff56fd4a0b5c0dface2feea08" PRIMARY KEY ("ubigeo"))`,
    );
    await q.query(`CREATE INDEX "municipality_province_idx" ON "municipality"  ("province_code") `);
    await q.query(
      `CREATE TABLE "import" ("id" SERIAL NOT NULL, "file_name" text NOT NULL, "sha256" character varying(64) NOT NULL, "size_bytes" bigint NOT NULL, "format" character varying(40) NOT NULL, "file_type" character varying(8) NOT NULL, "snapshot_date" date NOT NULL, "snapshot_source" character varying(10) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'completed', "rows_read" integer NOT NULL, "inserted" integer NOT NULL, "revised" integer NOT NULL, "unchanged" integer NOT NULL, "years" smallint array NOT NULL, "errors" jsonb NOT NULL DEFAULT '[]', "warnings" jsonb NOT NULL DEFAULT '[]', "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4ed733f5bcc70cec27187bd90eb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "import_sha256_format_idx" ON "import"  ("sha256", "format") `);
    await q.query(
      `CREATE TABLE "execution_snapshot" ("id" BIGSERIAL NOT NULL, "import_id" integer NOT NULL, "ubigeo" character varying(6) NOT NULL, "year" smallint NOT NULL, "snapshot_date" date NOT NULL, "pia" numeric(18,2) NOT NULL, "pim" numeric(18,2) NOT NULL, "certificacion" numeric(18,2) NOT NULL, "compromiso_anual" numeric(18,2) NOT NULL, "atencion_compromiso_mensual" numeric(18,2) NOT NULL, "devengado" numeric(18,2) NOT NULL, "girado" numeric(18,2) NOT NULL, "avance_reported" numeric(7,2), "source_row" integer NOT NULL, CONSTRAINT "PK_2e0cfd734d55af0832e64e847d3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "execution_snapshot_latest_idx" ON "execution_snapshot"  ("ubigeo", "year", "snapshot_date", "import_id") `);
    await q.query(`CREATE UNIQUE INDEX "execution_snapshot_import_row_idx" ON "execution_snapshot"  ("import_id", "ubigeo", "year") `);
    await q.query(
      `CREATE TABLE "population" ("ubigeo" character varying(6) NOT NULL, "year" smallint NOT NULL, "total" integer NOT NULL, "urban" integer, "rural" integer, "source" text NOT NULL, CONSTRAINT "PK_24f4c8d99f15b0928a440ed3808" PRIMARY KEY ("ubigeo", "year"))`,
    );
    await q.query(
      `ALTER TABLE "execution_snapshot" ADD CONSTRAINT "FK_1510a0a912eb6e7647ec7835763" FOREIGN KEY ("import_id") REFERENCES "import"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "execution_snapshot" ADD CONSTRAINT "FK_d14d3a9d156742c2a8d84ca1df1" FOREIGN KEY ("ubigeo") REFERENCES "municipality"("ubigeo") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "population" ADD CONSTRAINT "FK_fd1122bddd188198cc5d5bf1419" FOREIGN KEY ("ubigeo") REFERENCES "municipality"("ubigeo") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // What every query reads: the latest snapshot of each municipality-year (ties: the later import).
    await q.query(`CREATE VIEW "execution_latest" AS
      SELECT DISTINCT ON (ubigeo, year) *
      FROM "execution_snapshot"
      ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "execution_latest"`);
    await q.query(`DROP TABLE "execution_snapshot"`);
    await q.query(`DROP TABLE "population"`);
    await q.query(`DROP TABLE "import"`);
    await q.query(`DROP TABLE "municipality"`);
  }
}
