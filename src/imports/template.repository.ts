import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TemplateProjectRow } from './template-prefill.js';
import type { ReferenceFunctionRow, ReferenceTotalsRow, TemplateLineRow, TemplateReference } from './template-workbook.js';

/** Template lines read per query: a page is about 1 MB in memory. */
const TEMPLATE_PAGE = 2_000;
/** One import's lines of a municipality-year as the template reads them ($1 import, $2 ubigeo, $3 year); a line lives in the shared partition or in its import's own. */
const TEMPLATE_LINES = `SELECT l.year, l.ubigeo, l.activity_kind, l.product_code, l.product_name, l.function_code, l.function_name, l.division_code,
         l.division_name, l.group_code, l.group_name, l.rubro_code, l.rubro_name, l.pia, l.pim, l.certificacion,
         l.compromiso_anual, l.devengado, l.girado, p.area, p.area_source
  FROM budget_line l LEFT JOIN project p ON p.cui = l.product_code AND l.activity_kind = 2
  WHERE l.part IN (0, $1) AND l.import_id = $1 AND l.ubigeo = $2 AND l.year = $3`;
/** A line's place within its import's municipality-year: its grain, unique there. */
const TEMPLATE_GRAIN = '(l.activity_kind, l.product_code, l.function_code, l.division_code, l.group_code, l.rubro_code)';

/** What the planner's template reads: a municipality's current lines, else its projects, and what is known of its spending. */
@Injectable()
export class TemplateRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * A municipality's current budget lines (of a year, or of every year), as rows of the planner's template,
   * at most `limit`, in pages of TEMPLATE_PAGE in the template's order (year, kind, code, classifiers).
   *
   * Keyset pagination, not a cursor: a cursor keeps a connection (with its snapshot and its locks) for as
   * long as the client takes to read the workbook, and the pool has 10; a client that stops reading would keep
   * one forever, and an operator's deletion of an import would queue behind it and block every read after
   * it. Each page here is a short query on a connection of its own. The pages stay one version of the
   * lines: the import current for each municipality-year is read once, at the start, and its lines are
   * followed by its grain, which is unique within an import (budget_line_grain_idx, the same order); a
   * newer import arriving meanwhile changes nothing in the download. If one of those imports is deleted
   * meanwhile, the download fails rather than ending short.
   */
  async *templateLines(ubigeo: string, year: number | undefined, limit: number): AsyncGenerator<TemplateLineRow[]> {
    const scopes: { year: number; importId: number }[] = await this.db.query(
      `SELECT year, import_id AS "importId" FROM scope_current WHERE dataset = 'budget' AND ubigeo = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year`,
      [ubigeo, year ?? null],
    );
    let left = limit;
    for (const scope of scopes) {
      let after: TemplateLineRow | undefined;
      while (left > 0) {
        const size = Math.min(TEMPLATE_PAGE, left);
        const page: TemplateLineRow[] = after
          ? await this.db.query(`${TEMPLATE_LINES} AND ${TEMPLATE_GRAIN} > ($4, $5, $6, $7, $8, $9) ORDER BY ${TEMPLATE_GRAIN} LIMIT ${size}`, [
              scope.importId,
              ubigeo,
              scope.year,
              after.activity_kind,
              after.product_code,
              after.function_code,
              after.division_code,
              after.group_code,
              after.rubro_code,
            ])
          : await this.db.query(`${TEMPLATE_LINES} ORDER BY ${TEMPLATE_GRAIN} LIMIT ${size}`, [scope.importId, ubigeo, scope.year]);
        if (page.length > 0) yield page;
        left -= page.length;
        if (page.length < size) break;
        after = page[page.length - 1];
      }
    }
    const [{ kept }] = await this.db.query<{ kept: number }[]>(`SELECT count(*)::int AS kept FROM import WHERE id = ANY($1::int[])`, [
      scopes.map((s) => s.importId),
    ]);
    if (kept < scopes.length) throw new Error(`An import of ${ubigeo}'s budget lines was deleted while they were being written`);
  }

  /**
   * The registry projects located in a municipality (any of the districts the registry lists it in), at most
   * `limit`, in pages of TEMPLATE_PAGE by CUI: the template's rows to fill when the municipality has no budget lines.
   */
  async *templateProjects(ubigeo: string, limit: number): AsyncGenerator<TemplateProjectRow[]> {
    let after = '';
    for (let left = limit; left > 0; ) {
      const size = Math.min(TEMPLATE_PAGE, left);
      const page: TemplateProjectRow[] = await this.db.query(
        `SELECT cui, name, area, area_source FROM project WHERE $1 = ANY(locations) AND cui > $2 ORDER BY cui LIMIT ${size}`,
        [ubigeo, after],
      );
      if (page.length > 0) yield page;
      left -= page.length;
      if (page.length < size) return;
      after = page[page.length - 1].cui;
    }
  }

  /**
   * What the template shows beside its data of a municipality (of a year, or of every year): the current
   * Consulta Amigable totals and the current budget-by-función lines. A municipality has a few dozen of them a year.
   */
  async templateReference(ubigeo: string, year: number | undefined): Promise<TemplateReference> {
    const totals = await this.db.query<ReferenceTotalsRow[]>(
      `SELECT year, snapshot_date::text AS snapshot_date, pia::text, pim::text, certificacion::text, compromiso_anual::text, devengado::text, girado::text
       FROM execution_current WHERE ubigeo = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year`,
      [ubigeo, year ?? null],
    );
    const byFunction = await this.db.query<ReferenceFunctionRow[]>(
      `SELECT l.year, s.snapshot_date::text AS snapshot_date, l.function_code, l.function_name, l.rubro_code, l.pim::text, l.devengado::text
       FROM budget_function_line l
       JOIN scope_current s ON s.dataset = 'budget_function' AND s.ubigeo = l.ubigeo AND s.year = l.year AND s.import_id = l.import_id
       WHERE l.ubigeo = $1 AND ($2::int IS NULL OR l.year = $2) ORDER BY l.year, l.function_code, l.rubro_code LIMIT 10000`,
      [ubigeo, year ?? null],
    );
    return { totals, byFunction };
  }
}
