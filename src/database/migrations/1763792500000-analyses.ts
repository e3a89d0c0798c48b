import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-project overrides (area, dimension) with their reasons, private contributions, development-plan priorities, the sheet of a row error. */
export class Analyses1763792500000 implements MigrationInterface {
  name = 'Analyses1763792500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "private_contribution" ("id" BIGSERIAL NOT NULL, "import_id" integer NOT NULL, "ubigeo" character varying(6) NOT NULL, "year" smallint NOT NULL, "funder" text NOT NULL, "sector" text NOT NULL, "description" text, "amount" numeric(18,2) NOT NULL, "source_row" integer NOT NULL, CONSTRAINT "PK_98f5f365fbe126a962eaec14d9b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "private_contribution_import_idx" ON "private_contribution"  ("import_id") `);
    await q.query(`CREATE INDEX "private_contribution_ubigeo_year_idx" ON "private_contribution"  ("ubigeo", "year") `);
    await q.query(
      `CREATE TABLE "plan_priority" ("ubigeo" character varying(6) NOT NULL, "rank" smallint NOT NULL, "level" character varying(10) NOT NULL, "code" character varying(24) NOT NULL, "plan" text NOT NULL, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0c5db2e1ae478d88f1f833a3d68" PRIMARY KEY ("ubigeo", "rank"))`,
    );
    await q.query(`ALTER TABLE "project" ADD "area_reason" text`);
    await q.query(`ALTER TABLE "project" ADD "dimension" character varying(24)`);
    await q.query(`ALTER TABLE "project" ADD "dimension_reason" text`);
    await q.query(`ALTER TABLE "import_error" ADD "sheet" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_error" DROP COLUMN "sheet"`);
    await q.query(`ALTER TABLE "project" DROP COLUMN "dimension_reason"`);
    await q.query(`ALTER TABLE "project" DROP COLUMN "dimension"`);
    await q.query(`ALTER TABLE "project" DROP COLUMN "area_reason"`);
    await q.query(`DROP TABLE "plan_priority"`);
    await q.query(`DROP TABLE "private_contribution"`);
  }
}
