import type { ApiResponseCommonMetadata } from '@nestjs/swagger';

/**
 * What the contract promises of each table of the analyses (their CSV, and sheets of the audit report):
 * its CSV header row and its sheet's name in Spanish (`hoja`, the default) and English (`sheet`, lang=en).
 * Written out by hand, not derived from the tables (analysis-tables.ts): the contract test reads these from
 * openapi.json and checks what is served against them, so renaming a column or a sheet without saying so fails.
 */
export const ANALYSIS_TABLE_DOCS = {
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
} as const satisfies Record<string, { hoja: string; sheet: string; header: string }>;

export type AnalysisTable = keyof typeof ANALYSIS_TABLE_DOCS;

/** The analyses whose main table `GET /analytics/{name}.csv` serves, and which table of the report that is. */
export const ANALYSIS_CSV_TABLES = {
  dimensions: 'dimensions',
  canon: 'canon',
  'urban-rural': 'urban_rural',
  'planning-gap': 'planning_gap',
  'public-private': 'public_private',
  'plan-alignment': 'plan_alignment',
} as const satisfies Record<string, AnalysisTable>;

/** A text/csv response documented by the header row of each table it can be (name → header row), as named examples. */
export function csvExamples(headers: Record<string, string>): ApiResponseCommonMetadata['content'] {
  const examples = Object.fromEntries(
    Object.entries(headers).map(([name, header]) => [name, { summary: `${name}: the header row (the rows follow it)`, value: `${header}\r\n` }]),
  );
  return { 'text/csv': { schema: { type: 'string' }, examples } };
}

/** The CSV of analyses (name → its table), documented by each table's header row. */
export function csvHeaderExamples(tables: Record<string, AnalysisTable>): ApiResponseCommonMetadata['content'] {
  return csvExamples(Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, ANALYSIS_TABLE_DOCS[table].header])));
}
