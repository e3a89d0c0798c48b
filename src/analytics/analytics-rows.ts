/**
 * The rows of the analyses' statements (AnalyticsRepository, UrbanRuralRepository, PlanningGapRepository),
 * as pg hands them over: numeric (and sums of it) as text, int and smallint as numbers, arrays of them as
 * arrays, JSON parsed. Amounts inside json_agg are cast to text in SQL so that they stay exact.
 */

/** One classified sum (classifiedSums): a función, división and grupo, its dimension and what it read. */
export interface ClassifiedSumRow extends ReadRow {
  /** null unless summed per municipality */
  ubigeo: string | null;
  function_code: string;
  division_code: string;
  group_code: string;
  /** the dimension a person set on the projects moved here; null for the rule's sum */
  override: string | null;
  /** null when the función's only sums are projects moved by hand (their lines carry no name) */
  function_name: string | null;
  pim: string;
  devengado: string;
  dimension: string;
  without_rule: boolean;
  overridden: boolean;
}

/** What a selection read: imports, years and municipalities (null entries where a department's sums name none; null lists when nothing was read). */
export interface ReadRow {
  import_ids: (number | null)[] | null;
  years: (number | null)[] | null;
  ubigeos: (string | null)[] | null;
}

/** budgetRanks()'s one row. */
export interface BudgetRanksRow {
  rows: { ubigeo: string; level: 'dimension' | 'function'; code: string; pim: string }[];
  import_ids: number[];
  years: number[];
}

/** What projectsRead() gives: the imports and years of the selection's project lines. */
export interface ProjectsReadRow {
  import_ids: number[];
  years: number[];
}

/** A project in the report's projects sheet (UrbanRuralRepository.projects). */
export interface ProjectSheetRow {
  cui: string;
  name: string;
  location: string;
  area: string;
  /** null when the area is unknown */
  area_source: 'explicit' | 'location' | 'keyword' | null;
  pia: string;
  pim: string;
  devengado: string;
  first_cost: string | null;
  latest_cost: string | null;
}

/** A project-year among the largest PIA (planning gap), amounts as text. */
export interface TopPiaRow {
  /** its place in the list, dropped before it is answered */
  n: number;
  cui: string;
  year: number;
  name: string;
  pia: string;
  pim: string;
  devengado: string;
}

/** The planning gap's counts and amounts, what was read and the top PIA projects (both planningGap queries). */
export interface PlanningGapRow extends ProjectsReadRow {
  pim_projects: number;
  pim_amount: string;
  planned_projects: number;
  planned_pim: string;
  added_projects: number;
  added_pim: string;
  pia_projects: number;
  pia_amount: string;
  dropped_projects: number;
  dropped_pia: string;
  top_pia: TopPiaRow[];
}

/** A project whose cost grew, amounts as text. */
export interface CostGrowthProjectRow {
  n: number;
  cui: string;
  /** null when the registry does not know the project */
  name: string | null;
  first_cost: string;
  latest_cost: string;
  snapshots: number;
}

/** costGrowth()'s one row. */
export interface CostGrowthRow {
  with_costs: number;
  grew: number;
  doubled: number;
  first_total: string;
  latest_total: string;
  import_ids: number[];
  rows: CostGrowthProjectRow[];
}

/** Public devengado and PIM of a selection (Consulta Amigable totals), and what was read. */
export interface PublicTotalsRow {
  devengado: string;
  pim: string;
  import_ids: number[];
  years: number[];
}

/** Private contributions of one district, year, funder and sector. */
export interface ContributionRow {
  ubigeo: string;
  municipality: string;
  year: number;
  funder: string;
  sector: string;
  amount: string;
  import_ids: number[];
}
