import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The follow-up of works on the ground (MEF SSI): one row per CUI, source file and date, kept as history.
 * `source` is the layout the row came from: 'f12b' (Formato 12-B follow-up: the authority for physical
 * progress and planned dates) or 'detail' (SSI investment detail: accumulated devengado, owning entity).
 * `as_of` is the day the row describes: the 12-B's date of last update, else the import's snapshot date.
 * A later row of the same CUI and source supersedes; an import only adds a row when it differs from the
 * one that stood on its date. `entity_ubigeo` is the municipality the owning entity's name designates,
 * found at import time (null when it names none or several).
 */
export class WorkFollowUps1763794700000 implements MigrationInterface {
  name = 'WorkFollowUps1763794700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "work_follow_up" (
      "cui" varchar(12) COLLATE "C" NOT NULL, "source" varchar(8) NOT NULL, "as_of" date NOT NULL, "import_id" integer NOT NULL,
      "reported_on" date, "name" text, "unit" text, "entity" text, "entity_ubigeo" varchar(6) COLLATE "C", "level" varchar(4), "snip_code" varchar(12),
      "viable_amount" numeric(18,2), "updated_cost" numeric(18,2), "accrued_total" numeric(18,2),
      "physical_pct" numeric(6,2), "financial_pct" numeric(6,2), "stalled" boolean, "planned_start" date, "planned_end" date,
      "modality" text, "situation" text, "last_situation" text, "last_problem" text,
      CONSTRAINT "work_follow_up_pk" PRIMARY KEY ("cui", "source", "as_of", "import_id"),
      CONSTRAINT "work_follow_up_source_check" CHECK ("source" IN ('f12b', 'detail')),
      CONSTRAINT "work_follow_up_import_fk" FOREIGN KEY ("import_id") REFERENCES "import"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "work_follow_up_import_idx" ON "work_follow_up" ("import_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "work_follow_up"`);
  }
}
