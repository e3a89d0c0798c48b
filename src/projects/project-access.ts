import type { Sql } from '../common/sql.js';

// the projects among $1 of the import that is current for their municipality-year, read by CUI
const CURRENT = `rollup_project_import h JOIN rollup_budget_year y ON y.import_id = h.import_id AND y.year = h.year AND y.ubigeo = h.ubigeo WHERE h.product_code = ANY($1::varchar[])`;
// the projects among $1 that the tracker knows: in the registry or in a current budget line
const KNOWN = `SELECT cui FROM project WHERE cui = ANY($1::varchar[]) UNION SELECT h.product_code FROM ${CURRENT}`;

/**
 * Of `cuis`, the projects a planner scoped to `municipalities` may not touch, for every path that
 * changes one (PUT /projects/:cui/area and /dimension, the template and Invierte.pe imports): projects
 * the tracker knows (in the registry or in a current budget line) with neither a current budget line
 * (the latest import of its municipality-year) nor a registry location in those municipalities.
 * Superseded lines do not count: one line that a later import replaced would otherwise make any
 * project its writer's for good. A CUI the tracker does not know is nobody's yet: a planner's file
 * may bring it in (the Invierte.pe import also asks its owning entity: foreignMunicipalEntities).
 */
export async function projectsNotAllowed(sql: Sql, cuis: string[], municipalities: string[]): Promise<string[]> {
  const rows: { cui: string }[] = await sql(
    `${KNOWN}
     EXCEPT (
       SELECT cui FROM project WHERE cui = ANY($1::varchar[]) AND locations && $2::varchar[]
       UNION SELECT h.product_code FROM ${CURRENT} AND h.ubigeo = ANY($2::varchar[])
     )
     ORDER BY 1`,
    [cuis, municipalities],
  );
  return rows.map((r) => r.cui);
}

/** Of `cuis`, the projects the tracker knows (projectsNotAllowed); the others are new to it. */
export async function knownProjects(sql: Sql, cuis: string[]): Promise<string[]> {
  const rows: { cui: string }[] = await sql(`${KNOWN} ORDER BY 1`, [cuis]);
  return rows.map((r) => r.cui);
}

/** SQL: `text` in capitals without Spanish accents and with single spaces ("Rodríguez  de Mendoza" → "RODRIGUEZ DE MENDOZA"). */
const folded = (text: string) => `upper(regexp_replace(translate(btrim(${text}), 'áéíóúüñÁÉÍÓÚÜÑ', 'aeiouunAEIOUUN'), '\\s+', ' ', 'g'))`;

/**
 * Of the owning entities `entities` (Invierte.pe's "Entidad"), those that name a provincial or district
 * municipality other than `municipalities`: "MUNICIPALIDAD PROVINCIAL DE <its province>" or
 * "MUNICIPALIDAD DISTRITAL DE <its district>", or MEF's name of it, compared without accents or case.
 * Other owners (a ministry, a regional government) are no municipality's: their projects are placed
 * by their districts alone.
 */
export async function foreignMunicipalEntities(sql: Sql, entities: string[], municipalities: string[]): Promise<string[]> {
  const rows: { entity: string }[] = await sql(
    `WITH e AS (SELECT DISTINCT x AS entity, ${folded('x')} AS name FROM unnest($1::text[]) AS x)
     SELECT e.entity FROM e
     WHERE e.name ~ '^MUNICIPALIDAD (PROVINCIAL|DISTRITAL) DE '
       AND NOT EXISTS (
         SELECT 1 FROM municipality m
         WHERE m.ubigeo = ANY($2::varchar[])
           AND e.name IN (${folded(`CASE m.kind WHEN 'provincial' THEN 'MUNICIPALIDAD PROVINCIAL DE ' || m.province_name ELSE 'MUNICIPALIDAD DISTRITAL DE ' || m.name END`)}, ${folded('m.mef_name')}))
     ORDER BY 1`,
    [entities, municipalities],
  );
  return rows.map((r) => r.entity);
}

/**
 * SQL: the municipalities of the project whose CUI is the expression `cui`, for the audit trail: every
 * district of its registry row and every municipality that has budgeted it.
 */
export const projectMunicipalities = (cui: string): string =>
  `SELECT unnest(locations) FROM project WHERE cui = ${cui} UNION SELECT ubigeo FROM rollup_project_import WHERE product_code = ${cui}`;
