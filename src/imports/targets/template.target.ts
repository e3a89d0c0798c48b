import type { TemplateRecord } from '../formats/template.format.js';
import { budgetLinesTarget } from './budget-lines.target.js';
import type { ImportTarget, MergeResult, Sql, TargetContext } from './import-target.js';

/** The planner's template: budget lines like MEF's, plus the area of each project as the planner set it. */
export const templateTarget: ImportTarget<TemplateRecord> = {
  stagingColumns: `${budgetLinesTarget.stagingColumns}, area varchar(8)`,

  toCopyRow: (r) => [...budgetLinesTarget.toCopyRow(r), r.area],

  validate: (sql) => budgetLinesTarget.validate!(sql),

  async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
    const result = await budgetLinesTarget.merge(sql, context);
    // An area set by a person is explicit: it outranks the location and the name heuristics.
    await sql(
      `INSERT INTO project (cui, name, name_area, area, area_source, import_id, snapshot_date)
       SELECT DISTINCT ON (product_code) product_code, product_name, name_area, area, 'explicit', $1, $2
       FROM staging WHERE activity_kind = 2 AND area IS NOT NULL ORDER BY product_code, source_row
       ON CONFLICT (cui) DO UPDATE SET area = EXCLUDED.area, area_source = 'explicit'`,
      [context.importId, context.snapshotDate],
    );
    return result;
  },
};
