import type { Sql } from '../common/sql.js';

// the projects among $1 of the import that is current for their municipality-year, read by CUI
const CURRENT = `rollup_project_import h JOIN rollup_budget_year y ON y.import_id = h.import_id AND y.year = h.year AND y.ubigeo = h.ubigeo WHERE h.product_code = ANY($1::varchar[])`;

/**
 * Of `cuis`, the projects a planner scoped to `municipalities` may not touch, for every path that
 * changes one (PUT /projects/:cui/area and /dimension, the template import): projects the tracker
 * knows (in the registry or in a current budget line) with neither a current budget line (the latest
 * import of its municipality-year) nor a registry location in those municipalities. Superseded lines
 * do not count: one line that a later import replaced would otherwise make any project its writer's for
 * good. A CUI the tracker does not know is nobody's yet: a planner's template may bring it in.
 */
export async function projectsNotAllowed(sql: Sql, cuis: string[], municipalities: string[]): Promise<string[]> {
  const rows: { cui: string }[] = await sql(
    `SELECT cui FROM project WHERE cui = ANY($1::varchar[])
     UNION SELECT h.product_code FROM ${CURRENT}
     EXCEPT (
       SELECT cui FROM project WHERE cui = ANY($1::varchar[]) AND locations && $2::varchar[]
       UNION SELECT h.product_code FROM ${CURRENT} AND h.ubigeo = ANY($2::varchar[])
     )
     ORDER BY 1`,
    [cuis, municipalities],
  );
  return rows.map((r) => r.cui);
}
