import { recordAudit } from '../../audit/audit.js';
import { projectMunicipalities } from '../../projects/project-access.js';
import { type BudgetRecord, openBudgetLines } from './budget-lines.target.js';
import type { LoadingTarget } from './import-target.js';

export interface TemplateRecord extends BudgetRecord {
  /** urban or rural as the planner set it; null when left empty. */
  area: 'urban' | 'rural' | null;
}

/** The template's column of the CUI, as its header says (TEMPLATE_COLUMNS). */
const CODE_COLUMN = 'Código (CUI o actividad)';

/** The planner's template: budget lines like MEF's, plus the area of each project as the planner set it. */
export const templateTarget: LoadingTarget<TemplateRecord> = {
  open: (sql, importId, options) =>
    openBudgetLines<TemplateRecord>(sql, importId, options, {
      definitions: 'area varchar(8), source_row integer',
      names: ['area', 'source_row'],
      values: (r) => [r.area, r.sourceRow],
      ubigeoColumn: 'Ubigeo',
      // (a planner's row under its own ubigeo naming another municipality's project, and so setting its area, is refused by the lines' own check)
      productColumn: CODE_COLUMN,
      // An area set by a person is explicit: it outranks the location and the name heuristics. Each change
      // is audited in the import's transaction, with the row it came from as its reason.
      beforeFold: async (sql, table, { importId, snapshotDate, keyId }) => {
        const changes: { cui: string; before: unknown; after: unknown; municipalities: string[] }[] = await sql(
          `WITH wanted AS (
             SELECT DISTINCT ON (product_code) product_code AS cui, product_name, name_area, area, source_row
             FROM ${table} WHERE activity_kind = 2 AND area IS NOT NULL ORDER BY product_code, source_row
           ),
           before AS (SELECT p.cui, p.area, p.area_source, p.area_reason FROM project p JOIN wanted USING (cui)),
           saved AS (
             INSERT INTO project AS p (cui, name, name_area, area, area_source, area_reason, import_id, snapshot_date)
             SELECT cui, product_name, name_area, area, 'explicit', format('template import %s, row %s', $1::int, source_row), $1, $2 FROM wanted
             ON CONFLICT (cui) DO UPDATE SET area = EXCLUDED.area, area_source = 'explicit', area_reason = EXCLUDED.area_reason
               WHERE (p.area, p.area_source) IS DISTINCT FROM (EXCLUDED.area, 'explicit')
             RETURNING p.cui, p.area, p.area_source, p.area_reason, p.locations
           )
           SELECT s.cui,
                  -- a project new to the registry had the default area, as GET /projects/:cui showed it
                  coalesce(to_jsonb(b) - 'cui', '{"area": "unknown", "area_source": null, "area_reason": null}') AS before,
                  jsonb_build_object('area', s.area, 'area_source', s.area_source, 'area_reason', s.area_reason) AS after,
                  ARRAY(${projectMunicipalities('s.cui')} UNION SELECT t.ubigeo FROM ${table} t WHERE t.activity_kind = 2 AND t.product_code = s.cui ORDER BY 1) AS municipalities
           FROM saved s LEFT JOIN before b USING (cui) ORDER BY s.cui`,
          [importId, snapshotDate],
        );
        for (const c of changes)
          await recordAudit(sql, { keyId, action: 'project_area', municipalities: c.municipalities, subject: c.cui, before: c.before, after: c.after });
        return changes.flatMap((c) => c.municipalities);
      },
    }),
};
