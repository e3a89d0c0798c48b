import type { ApiResponseCommonMetadata } from '@nestjs/swagger';
import type { REPORT_TABLES } from './reports.service.js';

type ReportTable = (typeof REPORT_TABLES)[number];

/**
 * What the contract promises of each table of the audit report: its CSV header row and the name of its
 * sheet in the workbook, in Spanish (`hoja`, the default) and in English (`sheet`, with lang=en). Written out by hand, not derived from the tables (report-tables.ts): the
 * contract test reads these from openapi.json and checks the CSV and workbooks actually served against
 * them, so renaming a column or a sheet without saying so in the docs fails.
 */
export const REPORT_TABLE_DOCS: Record<ReportTable, { hoja: string; sheet: string; header: string }> = {
  summary: { hoja: 'Resumen', sheet: 'Summary', header: 'period,finding' },
  dimensions: { hoja: 'Dimensiones CEPAL', sheet: 'ECLAC dimensions', header: 'period,dimension,pim,devengado,share_of_pim_pct,execution_rate_pct' },
  canon: {
    hoja: 'Canon no gastado',
    sheet: 'Unspent canon',
    header:
      'period,ubigeo,municipality,transferred,pim_rubro18,devengado_rubro18,unspent_of_transferred,unspent_of_pim,' +
      'utilization_pct,execution_pct,share_of_transfers_pct,transferred_per_capita,canon_share_of_pim_pct',
  },
  canon_by_year: {
    hoja: 'Canon por año y saldo',
    sheet: 'Canon by year and carry-over',
    header: 'period,year,transferred,pim_rubro18,devengado_rubro18,unspent,carry_over',
  },
  planning_gap: {
    hoja: 'Brecha PIA → PIM',
    sheet: 'Planning gap PIA → PIM',
    header: 'period,measure,projects,amount,share_of_projects_pct,share_of_amount_pct,in_words',
  },
  top_pia: { hoja: 'Mayores proyectos del PIA', sheet: 'Largest PIA projects', header: 'period,cui,year,name,pia,pim,devengado,execution_rate_pct' },
  cost_growth: { hoja: 'Aumento de costo', sheet: 'Cost growth', header: 'period,cui,name,first_cost,latest_cost,growth_pct,snapshots' },
  urban_rural: {
    hoja: 'Proyectos urbanos y rurales',
    sheet: 'Urban-rural projects',
    header:
      'period,area,projects,pim,devengado,share_of_pim_pct,share_of_devengado_pct,execution_rate_pct,planned_never_executed,' +
      'share_of_population_pct,skew_index',
  },
  urban_rural_municipalities: {
    hoja: 'Municipios urbanos y rurales',
    sheet: 'Urban-rural municipalities',
    header:
      'period,group,municipalities,population,share_of_population_pct,pim,devengado,share_of_devengado_pct,execution_rate_pct,' +
      'pim_per_capita,devengado_per_capita',
  },
  rural_never_executed: {
    hoja: 'Rurales nunca ejecutados',
    sheet: 'Rural planned never executed',
    header: 'period,cui,name,location,area_source,pia,pim,devengado',
  },
  public_private: { hoja: 'Público y privado', sheet: 'Public vs private', header: 'period,breakdown,key,label,amount,share_pct,ratio_public_to_private' },
  plan_alignment: {
    hoja: 'Alineamiento con el plan',
    sheet: 'Plan alignment',
    header: 'period,ubigeo,municipality,plan_rank,level,code,label,budget_rank,pim,share_of_pim_pct,aligned',
  },
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

/** The analyses whose main table `GET /analytics/{name}.csv` serves, and which table of the report that is. */
export const ANALYSIS_CSV_TABLES = {
  dimensions: 'dimensions',
  canon: 'canon',
  'urban-rural': 'urban_rural',
  'planning-gap': 'planning_gap',
  'public-private': 'public_private',
  'plan-alignment': 'plan_alignment',
} as const satisfies Record<string, ReportTable>;

/** A text/csv response documented by the header row of each table it can be, as named examples. */
export function csvHeaderExamples(tables: Record<string, ReportTable>): ApiResponseCommonMetadata['content'] {
  const examples = Object.fromEntries(
    Object.entries(tables).map(([name, table]) => [
      name,
      { summary: `${name}: the header row (the rows follow it)`, value: `${REPORT_TABLE_DOCS[table].header}\r\n` },
    ]),
  );
  return { 'text/csv': { schema: { type: 'string' }, examples } };
}

/** The audit workbook's sheets, in order, as a Markdown list for the operation's docs: the Spanish name, the table, the English name. */
export function auditSheetList(order: readonly ReportTable[]): string {
  return order.map((t, i) => `${i + 1}. ${REPORT_TABLE_DOCS[t].hoja}: table \`${t}\`; with lang=en, ${REPORT_TABLE_DOCS[t].sheet}`).join('\n');
}
