import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ECLAC dimensions of the budget: versioned rules, and version 1, the default by función from the
 * Espinar study's reading (DOMAIN.md). A rule on a división or grupo overrides its función's.
 */
export class EclacClassification1763792400000 implements MigrationInterface {
  name = 'EclacClassification1763792400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "classification_version" ("id" SERIAL NOT NULL, "note" text NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_90ed0d107cffed98dec3a1220f3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "classification_rule" ("version_id" integer NOT NULL, "level" character varying(8) NOT NULL, "code" character varying(4) COLLATE "C" NOT NULL, "dimension" character varying(24) NOT NULL, CONSTRAINT "PK_085b0c598d5008a926ff4f71710" PRIMARY KEY ("version_id", "level", "code"))`,
    );
    await q.query(
      `INSERT INTO classification_version (id, note, created_by) VALUES (1, 'Default by función (ECLAC: structural change, income and productivity, equal rights)', 'migration')`,
    );
    await q.query(`SELECT setval(pg_get_serial_sequence('classification_version', 'id'), 1)`);
    const defaults: Record<string, string[]> = {
      structural_change: ['08', '09', '10', '11', '13', '14'],
      income_productivity: ['03', '12', '15', '16', '17', '19'],
      equal_rights: ['05', '07', '18', '20', '21', '22', '23', '24'],
      unclassified: ['01', '02', '04', '06', '25'],
    };
    for (const [dimension, codes] of Object.entries(defaults)) {
      for (const code of codes) {
        await q.query(`INSERT INTO classification_rule (version_id, level, code, dimension) VALUES (1, 'function', $1, $2)`, [code, dimension]);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "classification_rule"`);
    await q.query(`DROP TABLE "classification_version"`);
  }
}
