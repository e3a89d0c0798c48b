import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GeographyFilterDto, ubigeoWhere, whereAdder, yearWhere } from '../common/query-params.js';
import type { GroupBy, SortField } from './dto/execution.dto.js';
import { type FiguresRow, type Level, ROWS_JSON, rowJson } from './figures.js';
import { fromCents, toCents } from '../common/decimal.js';
import { pagedTotal } from '../common/paging.js';
import { KEY_DIMENSIONS } from '../budget/rollups.js';
import { byDepartmentRollup, departmentGroups } from './department-groups.js';
import type { ExecutionSelection } from './selection.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';

export type { Level } from './figures.js';

/** How a row is keyed and named: geography from the municipality, the rest from the budget lines' rollups (`line`: the rollups' code and name columns). */
const GROUP_KEYS: Record<GroupBy, { key: string; name: string; line?: { code: string; name: string } }> = {
  municipality: { key: 'b.ubigeo', name: 'b.name' },
  province: { key: 'b.province_code', name: 'b.province_name' },
  department: { key: 'b.department_code', name: 'b.department_name' },
  year: { key: 'b.year::text', name: 'b.year::text' },
  function: { key: 'b.line_key', name: 'b.line_name', line: { code: 'function_code', name: 'function_name' } },
  division: { key: 'b.line_key', name: 'b.line_name', line: { code: 'division_code', name: 'division_name' } },
  group: { key: 'b.line_key', name: 'b.line_name', line: { code: 'group_code', name: 'group_name' } },
  rubro: { key: 'b.line_key', name: 'b.line_name', line: { code: 'rubro_code', name: 'rubro_name' } },
  fuente: { key: 'b.line_key', name: 'b.line_name', line: { code: 'fuente_code', name: 'fuente_name' } },
  project: { key: 'b.line_key', name: 'b.line_name', line: { code: 'product_code', name: 'product_name' } },
};

export const isDetailOnly = (groupBy: GroupBy): boolean => GROUP_KEYS[groupBy].line !== undefined;

const SORT_SQL: Record<SortField, string> = {
  key: 'key',
  name: 'name',
  pia: 'pia',
  pim: 'pim',
  devengado: 'devengado',
  unspent: 'unspent',
  executionRatePct: 'execution_rate_pct',
  pimPerCapita: 'pim_per_capita',
  devengadoPerCapita: 'devengado_per_capita',
};

/**
 * The aggregate figures, in SQL: sums of exact numerics, MEF's rate (round half away from zero to one
 * decimal). Population is counted once per municipality-year (`first`), however many budget lines it
 * has, and per-capita amounts exist only where every municipality-year has a population. Each row's
 * amounts are taken through `prices` (each in soles of a base year with its own year's factor, for
 * figures of several years in constant soles), so the sums, rate and per-capita figures are of those.
 */
function figures(prices: PriceBasis): string {
  const [pia, pim, certificacion, compromisoAnual, atencion, devengado, girado] = [
    'pia',
    'pim',
    'certificacion',
    'compromiso_anual',
    'atencion_compromiso_mensual',
    'devengado',
    'girado',
  ].map((c) => `sum(${prices.sql(`b.${c}`, 'b.year')})`);
  return `
  ${pia} AS pia, ${pim} AS pim, ${certificacion} AS certificacion,
  ${compromisoAnual} AS compromiso_anual, ${atencion} AS atencion_compromiso_mensual,
  ${devengado} AS devengado, ${girado} AS girado,
  round(${devengado} * 100 / nullif(${pim}, 0), 1) AS execution_rate_pct,
  ${pim} - ${devengado} AS unspent,
  count(DISTINCT b.ubigeo)::int AS municipalities,
  CASE WHEN bool_and(b.population IS NOT NULL) THEN round(sum(b.population) FILTER (WHERE b.first)::numeric / count(DISTINCT b.year))::int END AS population,
  CASE WHEN bool_and(b.population IS NOT NULL) AND sum(b.population) FILTER (WHERE b.first) > 0
       THEN round(${pim} / sum(b.population) FILTER (WHERE b.first), 2) END AS pim_per_capita,
  CASE WHEN bool_and(b.population IS NOT NULL) AND sum(b.population) FILTER (WHERE b.first) > 0
       THEN round(${devengado} / sum(b.population) FILTER (WHERE b.first), 2) END AS devengado_per_capita`;
}
const FIGURES = figures(NOMINAL);

/** A group of GET /execution, or (is_total) the row of totals with what the selection was read from. */
interface GroupRow extends FiguresRow {
  is_total: boolean;
  key: string;
  name: string;
  total_rows: number;
  years: number[];
  import_ids: number[];
  snapshot_dates: string[];
}

export interface RankingRow extends FiguresRow {
  key: string;
  name: string;
  province_code: string;
  kind: string;
  rank: number;
  total: number;
}

/** A Consulta Amigable snapshot of a municipality-year, with its file and whether it is the current one. */
export interface ControlTotalsRow {
  ubigeo: string;
  name: string;
  year: number;
  summary_pia: string;
  summary_pim: string;
  summary_devengado: string;
  lines_pia: string;
  lines_pim: string;
  lines_devengado: string;
  lines: number;
  lines_import_id: number;
  summary_import_id: number;
}

const POPULATION = 'LEFT JOIN population_nearest pop ON pop.year = e.year AND pop.ubigeo = e.ubigeo';
const MUNICIPALITY = 'm.name, m.kind, m.province_code, m.province_name, m.department_code, m.department_name';

@Injectable()
export class ExecutionRepository {
  constructor(private readonly db: DataSource) {}

  async grouped(
    selection: ExecutionSelection,
    level: Level,
    groupBy: GroupBy,
    sort: SortField,
    order: 'asc' | 'desc',
    limit: number,
    offset: number,
    prices: PriceBasis = NOMINAL,
    /** The page's rows as the API writes them (rowsJson, as JSON text built by PostgreSQL; null for rates ROWS_JSON leaves out), not as objects (rows is then empty). */
    asJson = false,
  ): Promise<{
    rows: GroupRow[];
    rowsJson?: string | null;
    totals: GroupRow;
    totalRows: number;
    years: number[];
    importIds: number[];
    snapshotDates: string[];
  }> {
    const params: unknown[] = [];
    const byDepartment = level === 'detail' && byDepartmentRollup(selection, groupBy);
    // the totals (and, but for department rollups, the groups) add up one row per municipality-year and key
    const base = this.base(selection, level, params, byDepartment ? 'year' : groupBy);
    const { key, name } = GROUP_KEYS[groupBy];
    const direction = order === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST';
    const department = byDepartment ? departmentGroups(selection, groupBy, params) : undefined;
    const groups =
      department?.groups ??
      `SELECT b.key, max(${name}) AS name, ${figures(prices)} FROM (SELECT b.*, ${key} AS key, true AS first FROM base b) b GROUP BY b.key`;
    const [limitParam, offsetParam] = [`$${params.length + 1}`, `$${params.length + 2}`];
    const page =
      department?.page?.(SORT_SQL[sort], direction, limitParam, offsetParam) ??
      `SELECT false AS is_total, g.*, NULL::int AS total_rows, NULL::int[] AS years, NULL::int[] AS import_ids, NULL::text[] AS snapshot_dates
       FROM g ORDER BY ${SORT_SQL[sort]} ${direction}, key LIMIT ${limitParam} OFFSET ${offsetParam}`;
    // One statement, the selection's rows read once: the page of groups, then one row of totals.
    // `first` marks the row of a municipality-year where its population is counted: every base row in a
    // group (base has one row per municipality-year and key), the first of each municipality-year in the totals.
    // Groups read as they are (page) are only counted: not materialised, so their figures are not worked out.
    const totalsRow = `
       SELECT true AS is_total, NULL AS key, NULL AS name, ${figures(prices)}, (SELECT count(*) FROM g)::int AS total_rows,
              coalesce(array_agg(DISTINCT b.year::int ORDER BY b.year::int), '{}') AS years,
              coalesce(array_agg(DISTINCT b.import_id ORDER BY b.import_id), '{}') AS import_ids,
              coalesce(array_agg(DISTINCT b.snapshot_date::text ORDER BY b.snapshot_date::text), '{}') AS snapshot_dates
              ${asJson ? `, ${ROWS_JSON(`SELECT ${rowJson('x', level)} AS row, x.execution_rate_pct AS rate, row_number() OVER () AS n FROM (${page}) x`)} AS rows_json` : ''}
       FROM (SELECT b.*, row_number() OVER (PARTITION BY b.ubigeo, b.year) = 1 AS first FROM base b) b`;
    const answer: (GroupRow & { rows_json?: string | null })[] = await this.db.query(
      `WITH base AS MATERIALIZED (${base}),
       g AS ${department?.page ? 'NOT MATERIALIZED ' : ''}(${groups})
       ${asJson ? totalsRow : `(${page}) UNION ALL ${totalsRow}`}`,
      [...params, limit, offset],
    );
    const totals = answer.find((r) => r.is_total)!;
    const rows = answer.filter((r) => !r.is_total);
    return {
      rows,
      rowsJson: totals.rows_json,
      totals,
      totalRows: totals.total_rows,
      years: totals.years,
      importIds: totals.import_ids,
      snapshotDates: totals.snapshot_dates,
    };
  }

  async ranking(
    selection: GeographyFilterDto,
    year: number,
    by: SortField,
    order: 'asc' | 'desc',
    limit: number,
    offset: number,
  ): Promise<{ rows: RankingRow[]; total: number }> {
    const params: unknown[] = [];
    const base = this.base({ ...selection, fromYear: year, toYear: year }, 'municipality', params);
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    const page = (limit: number, offset: number) =>
      this.db.query<RankingRow[]>(
        `WITH base AS (${base}),
           g AS (SELECT b.ubigeo AS key, b.name, b.province_code, b.kind, ${FIGURES} FROM (SELECT *, true AS first FROM base) b GROUP BY 1, 2, 3, 4 HAVING sum(b.pim) > 0)
           SELECT *, rank() OVER (ORDER BY ${SORT_SQL[by]} ${direction} NULLS LAST)::int AS rank, count(*) OVER ()::int AS total
           FROM g ORDER BY rank, key LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      );
    const rows = await page(limit, offset);
    return { rows, total: await pagedTotal(rows, offset, () => page(1, 0)) };
  }

  /**
   * Control totals: where a municipality-year has both Consulta Amigable totals and budget lines,
   * the two side by side (they come from different MEF extracts and need not agree to the sol).
   */
  async controlTotals(selection: ExecutionSelection): Promise<ControlTotalsRow[]> {
    const params: unknown[] = [];
    const where = yearWhere(selection, 'e.year', ubigeoWhere(selection, 'e'));
    return this.db.query(
      `SELECT e.ubigeo, m.name, e.year, e.pia AS summary_pia, e.pim AS summary_pim, e.devengado AS summary_devengado,
              l.pia AS lines_pia, l.pim AS lines_pim, l.devengado AS lines_devengado, l.lines, l.import_id AS lines_import_id,
              e.import_id AS summary_import_id
       FROM execution_current e
       JOIN municipality m ON m.ubigeo = e.ubigeo
       JOIN rollup_budget_year l ON l.ubigeo = e.ubigeo AND l.year = e.year
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.ubigeo, e.year LIMIT 5000`,
      params,
    );
  }

  /**
   * The rows of the selection at the chosen level, one per municipality-year (and key of the grouping,
   * for budget lines): the latest snapshot's municipality totals, or the rollups of its current budget
   * lines (never the lines themselves); with the population of the same year or, failing that, the
   * nearest year available (population_nearest).
   */
  private base(selection: ExecutionSelection, level: Level, params: unknown[], groupBy?: GroupBy): string {
    if (level === 'municipality') {
      const where = yearWhere(selection, 'e.year', ubigeoWhere(selection, 'e'));
      return `
        SELECT e.*, ${MUNICIPALITY}, pop.total AS population
        FROM execution_current e JOIN municipality m ON m.ubigeo = e.ubigeo ${POPULATION}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    }
    const where = yearWhere(selection, 'r.year', ubigeoWhere(selection, 'r'));
    lineWhere(selection, where, params);
    const line = groupBy ? GROUP_KEYS[groupBy].line : undefined;
    // projects are in rollup_project (the lines' grain), which names only the product: the other codes'
    // names come from the rollup_budget row (n) each line adds up into
    const byProject = groupBy === 'project' || selection.project !== undefined;
    const named = byProject && line !== undefined && groupBy !== 'project';
    // without a función, rubro or project filter: the budget by one classifier (or in total), one row per municipality-year and key
    if (!byProject && selection.function === undefined && selection.rubro === undefined) {
      const dim = groupBy && groupBy in KEY_DIMENSIONS ? groupBy : 'total';
      where.push(`r.dim = '${dim}'`);
      const amounts = ['pia', 'pim', 'certificacion', 'compromiso_anual', 'devengado', 'girado'].map((c) => `r.${c}`).join(', ');
      return this.joined(
        `SELECT r.year, r.ubigeo, ${line ? 'r.key' : 'NULL::text'} AS line_key, ${line ? 'r.name' : 'NULL'} AS line_name, ${amounts}
                          FROM rollup_budget_key r WHERE ${where.join(' AND ')}`,
        selection,
      );
    }
    const source = byProject
      ? `rollup_project r${named ? ' JOIN rollup_budget n USING (year, ubigeo, function_code, division_code, group_code, rubro_code, fuente_code)' : ''}`
      : 'rollup_budget r';
    const lineKey = line ? `r.${line.code}` : 'NULL::text';
    const lineName = line ? `${named ? 'n' : 'r'}.${line.name}` : 'NULL';
    const sums = ['pia', 'pim', 'certificacion', 'compromiso_anual', 'devengado', 'girado'].map((c) => `sum(r.${c}) AS ${c}`).join(', ');
    return this.joined(
      `SELECT r.year, r.ubigeo, ${lineKey} AS line_key, max(${lineName}) AS line_name, ${sums}
       FROM ${source} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY r.year, r.ubigeo${line ? `, ${lineKey}` : ''}`,
      selection,
    );
  }

  /**
   * Budget rows `e` (year, ubigeo, line key and name, amounts) with their import, snapshot, municipality
   * and population: those looked up once per municipality-year (a materialised set the planner hashes),
   * not once per row (22,000 index probes for the country by función).
   */
  private joined(e: string, selection: ExecutionSelection): string {
    const years = yearWhere(selection, 'y.year', ubigeoWhere(selection, 'y'));
    return `
      SELECT e.*, NULL::numeric AS atencion_compromiso_mensual, y.import_id, y.snapshot_date, y.name, y.kind, y.province_code, y.province_name,
             y.department_code, y.department_name, y.population
      FROM (${e}) e
      JOIN (SELECT y.year, y.ubigeo, y.import_id, y.snapshot_date, ${MUNICIPALITY}, pop.total AS population
            FROM rollup_budget_year y JOIN municipality m ON m.ubigeo = y.ubigeo LEFT JOIN population_nearest pop ON pop.year = y.year AND pop.ubigeo = y.ubigeo
            ${years.length ? `WHERE ${years.join(' AND ')}` : ''} OFFSET 0) y ON y.year = e.year AND y.ubigeo = e.ubigeo`;
  }

  /**
   * The current budget lines of the selection and year month by month (from their rollups): devengado
   * of each month, and PIM as of each month, the running sum of the lines' changes of PIM (null until
   * some line has a figure).
   */
  async monthly(q: {
    department?: string;
    province?: string;
    municipality?: string;
    kind?: 'provincial' | 'district';
    year: number;
    rubro?: string;
    function?: string;
  }) {
    const params: unknown[] = [];
    const where = ubigeoWhere(q, 'r');
    whereAdder(where, params)('r.year = ?', q.year);
    lineWhere(q, where, params);
    // without a función or rubro filter, the municipality-years' own totals (month by month, and per year)
    const whole = q.function === undefined && q.rubro === undefined;
    // (rollup_budget_month holds a row's twelve months in arrays)
    const byMonth: { month: number; devengado: string; pim_change: string; pim_figures: number }[] = await this.db.query(
      whole
        ? `SELECT r.month, sum(r.devengado)::text AS devengado, sum(r.pim_change)::text AS pim_change, sum(r.pim_figures)::int AS pim_figures
           FROM rollup_budget_month_total r WHERE ${where.join(' AND ')} GROUP BY r.month`
        : `SELECT u.month::int AS month, sum(u.devengado)::text AS devengado, sum(u.pim_change)::text AS pim_change, sum(u.pim_figures)::int AS pim_figures
           FROM rollup_budget_month r CROSS JOIN LATERAL unnest(r.devengado, r.pim_change, r.pim_figures) WITH ORDINALITY u(devengado, pim_change, pim_figures, month)
           WHERE ${where.join(' AND ')} GROUP BY u.month`,
      params,
    );
    let pim = 0n;
    let figures = 0;
    const months = Array.from({ length: 12 }, (_, i) => {
      const m = byMonth.find((r) => r.month === i + 1);
      pim += m ? toCents(m.pim_change) : 0n;
      figures += m?.pim_figures ?? 0;
      return { month: i + 1, devengado: m?.devengado ?? '0.00', pim: figures > 0 ? fromCents(pim) : null, has_pim: figures > 0 };
    });
    const [meta] = await this.db.query<{ with_months: number; without_months: number; annual_pim: string; import_ids: number[] }[]>(
      `SELECT coalesce(sum(r.lines_with_months), 0)::int AS with_months, coalesce(sum(r.lines - r.lines_with_months), 0)::int AS without_months,
              coalesce(sum(r.pim_with_months), 0)::text AS annual_pim, coalesce(array_agg(DISTINCT r.import_id ORDER BY r.import_id), '{}') AS import_ids
       FROM ${whole ? 'rollup_budget_year' : 'rollup_budget'} r WHERE ${where.join(' AND ')}`,
      params,
    );
    return { months, meta };
  }
}

/** The budget-line filters (función, rubro, project code) over a rollup `r`, added to a parameterised WHERE list. */
function lineWhere(filter: { function?: string; rubro?: string; project?: string }, where: string[], params: unknown[]): void {
  const add = whereAdder(where, params);
  if (filter.function) add('r.function_code = ?', filter.function);
  if (filter.rubro) add('r.rubro_code = ?', filter.rubro);
  if (filter.project) add('r.product_code = ?', filter.project);
}
