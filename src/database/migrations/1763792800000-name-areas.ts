import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AREA_KEYWORDS } from '../../analytics/formulas.js';

/**
 * The area the keywords of a project's name suggest, read once at import instead of matched by every
 * query (matching tens of thousands of names per request took most of a second). Rows already
 * imported are classified here with the same patterns.
 */
export class NameAreas1763792800000 implements MigrationInterface {
  name = 'NameAreas1763792800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "budget_line" ADD "name_area" character varying(5)`);
    await q.query(`ALTER TABLE "project" ADD "name_area" character varying(5)`);
    // the view was made with t.*, which PostgreSQL expanded then: make it again to include the column
    await q.query(`CREATE OR REPLACE VIEW "budget_line_latest" AS
      SELECT t.* FROM "budget_line" t
      JOIN (SELECT DISTINCT ON (ubigeo, year) ubigeo, year, import_id
            FROM import_scope WHERE dataset = 'budget'
            ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC) s
        ON s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id`);
    const plain = (column: string) => `lower(translate(${column}, 'ÁÉÍÓÚÜÑáéíóúüñ', 'AEIOUUNaeiouun'))`;
    const area = (column: string) => `CASE WHEN ${plain(column)} ~ $1 THEN 'rural' WHEN ${plain(column)} ~ $2 THEN 'urban' END`;
    await q.query(`UPDATE "budget_line" SET name_area = ${area('product_name')} WHERE activity_kind = 2`, [AREA_KEYWORDS.rural, AREA_KEYWORDS.urban]);
    await q.query(`UPDATE "project" SET name_area = ${area('name')}`, [AREA_KEYWORDS.rural, AREA_KEYWORDS.urban]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "budget_line_latest"`);
    await q.query(`ALTER TABLE "project" DROP COLUMN "name_area"`);
    await q.query(`ALTER TABLE "budget_line" DROP COLUMN "name_area"`);
    await q.query(`CREATE VIEW "budget_line_latest" AS
      SELECT t.* FROM "budget_line" t
      JOIN (SELECT DISTINCT ON (ubigeo, year) ubigeo, year, import_id
            FROM import_scope WHERE dataset = 'budget'
            ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC) s
        ON s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id`);
  }
}
