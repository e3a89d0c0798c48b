import { ANALYSIS_TABLE_DOCS } from '../analytics/analysis-table-docs.js';
import type { REPORT_TABLES } from './reports.service.js';

type ReportTable = (typeof REPORT_TABLES)[number];

/**
 * What the contract promises of each table of the audit report: its CSV header row and the name of its
 * sheet in the workbook, in Spanish (`hoja`, the default) and in English (`sheet`, with lang=en); the analyses'
 * tables are documented beside them (src/analytics/analysis-table-docs.ts). Written out by hand, not derived from the tables: the
 * contract test reads these from openapi.json and checks the CSV and workbooks actually served against
 * them, so renaming a column or a sheet without saying so in the docs fails.
 */
export const REPORT_TABLE_DOCS: Record<ReportTable, { hoja: string; sheet: string; header: string }> = {
  summary: { hoja: 'Resumen', sheet: 'Summary', header: 'period,finding' },
  ...ANALYSIS_TABLE_DOCS,
  projects: {
    hoja: 'Proyectos',
    sheet: 'Projects',
    header: 'period,cui,name,location,area,area_source,pia,pim,devengado,execution_rate_pct,first_cost,latest_cost,cost_growth_pct,flags',
  },
  works: {
    hoja: 'Obras con alertas',
    sheet: 'Flagged works',
    header:
      'cui,name,municipalities,located_by,updated_cost,devengado,financial_progress_pct,physical_progress_pct,gap_points,planned_end,last_follow_up,cost_growth_pct,flags',
  },
  methodology: { hoja: 'Metodología', sheet: 'Methodology', header: 'item,value' },
};

/** The audit workbook's sheets, in order, as a Markdown list for the operation's docs: the Spanish name, the table, the English name. */
export function auditSheetList(order: readonly ReportTable[]): string {
  return order.map((t, i) => `${i + 1}. ${REPORT_TABLE_DOCS[t].hoja}: table \`${t}\`; with lang=en, ${REPORT_TABLE_DOCS[t].sheet}`).join('\n');
}
