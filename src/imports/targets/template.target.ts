import type { TemplateRecord } from '../formats/template.format.js';
import { openBudgetLines } from './budget-lines.target.js';
import type { LoadingTarget } from './import-target.js';

/** The planner's template: budget lines like MEF's, plus the area of each project as the planner set it. */
export const templateTarget: LoadingTarget<TemplateRecord> = {
  open: (sql, importId, options) =>
    openBudgetLines<TemplateRecord>(sql, importId, options, {
      definitions: 'area varchar(8), source_row integer',
      names: ['area', 'source_row'],
      values: (r) => [r.area, r.sourceRow],
      ubigeoColumn: 'Ubigeo',
      // An area set by a person is explicit: it outranks the location and the name heuristics.
      beforeFold: async (sql, table, { importId, snapshotDate }) => {
        await sql(
          `INSERT INTO project (cui, name, name_area, area, area_source, import_id, snapshot_date)
           SELECT DISTINCT ON (product_code) product_code, product_name, name_area, area, 'explicit', $1, $2
           FROM ${table} WHERE activity_kind = 2 AND area IS NOT NULL ORDER BY product_code, source_row
           ON CONFLICT (cui) DO UPDATE SET area = EXCLUDED.area, area_source = 'explicit'`,
          [importId, snapshotDate],
        );
      },
    }),
};
