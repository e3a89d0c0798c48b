import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Investment projects (Invierte.pe) and their cost per registry snapshot. */
export class Projects1763792300000 implements MigrationInterface {
  name = 'Projects1763792300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "project_cost" ("cui" character varying(12) COLLATE "C" NOT NULL, "import_id" integer NOT NULL, "snapshot_date" date NOT NULL, "viable_amount" numeric(18,2), "updated_cost" numeric(18,2), CONSTRAINT "PK_367fe49a2b4d01a22e371c16b3f" PRIMARY KEY ("cui", "import_id"))`,
    );
    await q.query(
      `CREATE TABLE "project" ("cui" character varying(12) COLLATE "C" NOT NULL, "snip_code" character varying(12), "name" text NOT NULL, "entity" text, "executor" text, "location_ubigeo" character varying(6), "locations" character varying(6) array NOT NULL DEFAULT '{}', "sector" text, "status" text, "registered_on" date, "viable_on" date, "beneficiaries" integer, "area" character varying(8) NOT NULL DEFAULT 'unknown', "area_source" character varying(16), "import_id" integer NOT NULL, "snapshot_date" date NOT NULL, CONSTRAINT "PK_5af3bed79bafe0e37314cc69be5" PRIMARY KEY ("cui"))`,
    );
    await q.query(`CREATE INDEX "project_location_idx" ON "project"  ("location_ubigeo") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "project"`);
    await q.query(`DROP TABLE "project_cost"`);
  }
}
