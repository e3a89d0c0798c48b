import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import { sumToCents } from '../common/decimal.js';
import { canonReceived } from '../canon/canon-received.js';
import { asOf, budgetYears, type Selection } from './analysis-query.js';
import type { CoverageYear } from './coverage.js';

/** One year of a selection as the coverage query answers it. */
interface CoverageRow {
  year: number;
  municipalities: number;
  with_lines: number;
  with_totals: number;
  totals_pim: string;
  totals_devengado: string;
  lines_pim_of_totals: string;
  lines_devengado_of_totals: string;
  with_rubro18: number;
  with_transfers: number;
  transfers_through_month: number | null;
  with_population: number;
  without_lines: string[];
  without_rubro18: string[];
  without_transfers: string[];
  without_totals: string[];
  with_function_lines: number;
  with_function_rubro18: number;
  without_function_lines: string[];
  without_function_rubro18: string[];
  function_rubros: string | null;
  function_pim18_of_lines: string;
  lines_pim18_with_function: string;
}

const cents = sumToCents;

@Injectable()
export class CoverageRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * What the database holds for each year of a selection: per year, how many of its municipalities have
   * budget lines, rubro-18 lines, Consulta Amigable totals, canon transfers and population, and the PIM
   * and devengado of the totals against the lines' over the municipality-years that have both. The years
   * are the period's; for an open period, the years with data of any kind.
   */
  async coverage(sel: Selection): Promise<CoverageYear[]> {
    const params: unknown[] = [];
    const geo = geographyWhere(sel);
    const budget = budgetYears(sel.snapshot, params);
    const execution = asOf('execution', sel.snapshot, params, 'SELECT ubigeo FROM sel');
    // canon received by the rule the analysis reads (own transfers, else the department's entities file)
    const transfers = canonReceived(params, {
      own: asOf('canon', sel.snapshot, params, 'SELECT ubigeo FROM sel'),
      snapshot: sel.snapshot,
      within: 'SELECT ubigeo FROM sel',
    });
    const functionLines = asOf('budget_function', sel.snapshot, params, 'SELECT ubigeo FROM sel');
    const bounded = sel.fromYear !== undefined && sel.toYear !== undefined;
    const bounds = (column: string) => {
      const where = yearWhere(sel, column, []);
      return where.length ? `WHERE ${where.join(' AND ')}` : '';
    };
    const years = bounded
      ? `SELECT generate_series(${Number(sel.fromYear)}, ${Number(sel.toYear)}) AS year`
      : `SELECT DISTINCT year FROM (SELECT b.year FROM ${budget} b JOIN sel ON sel.ubigeo = b.ubigeo UNION SELECT e.year FROM ${execution} e JOIN sel ON sel.ubigeo = e.ubigeo
                                    UNION SELECT t.year FROM ${transfers} t JOIN sel ON sel.ubigeo = t.ubigeo
                                    UNION SELECT f.year FROM ${functionLines} f JOIN sel ON sel.ubigeo = f.ubigeo) x ${bounds('x.year')}`;
    const missing = (condition: string) => `coalesce((array_agg(s.ubigeo ORDER BY s.ubigeo) FILTER (WHERE ${condition}))[1:20], '{}')`;
    const rows: CoverageRow[] = await this.db.query(
      `WITH sel AS MATERIALIZED (SELECT m.ubigeo::varchar(6) COLLATE "C" AS ubigeo FROM municipality m ${geo.length ? `WHERE ${geo.join(' AND ')}` : ''}),
       yrs AS MATERIALIZED (${years})
       SELECT y.year, count(*)::int AS municipalities, count(b.ubigeo)::int AS with_lines, count(e.ubigeo)::int AS with_totals,
              coalesce(sum(e.pim), 0)::text AS totals_pim, coalesce(sum(e.devengado), 0)::text AS totals_devengado,
              coalesce(sum(b.pim) FILTER (WHERE e.ubigeo IS NOT NULL), 0)::text AS lines_pim_of_totals,
              coalesce(sum(b.devengado) FILTER (WHERE e.ubigeo IS NOT NULL), 0)::text AS lines_devengado_of_totals,
              count(*) FILTER (WHERE b.rubro18_lines > 0)::int AS with_rubro18, count(t.ubigeo)::int AS with_transfers,
              min(t.through_month) FILTER (WHERE t.through_month < 12)::int AS transfers_through_month, count(p.ubigeo)::int AS with_population,
              ${missing('b.ubigeo IS NULL')} AS without_lines, ${missing('b.ubigeo IS NOT NULL AND b.rubro18_lines = 0')} AS without_rubro18,
              ${missing('t.ubigeo IS NULL')} AS without_transfers, ${missing('e.ubigeo IS NULL')} AS without_totals,
              count(f.ubigeo)::int AS with_function_lines, count(*) FILTER (WHERE f.has18)::int AS with_function_rubro18,
              ${missing('f.ubigeo IS NULL')} AS without_function_lines, ${missing('f.has18 IS NOT TRUE')} AS without_function_rubro18,
              string_agg(f.rubros, ',') AS function_rubros,
              -- función lines are rubro 18's: measured against the budget lines' rubro-18 PIM, where a municipality-year has both
              coalesce(sum(f.pim18) FILTER (WHERE b.rubro18_lines > 0), 0)::text AS function_pim18_of_lines,
              coalesce(sum(b.rubro18_pim) FILTER (WHERE f.has18 AND b.rubro18_lines > 0), 0)::text AS lines_pim18_with_function
       FROM sel s CROSS JOIN yrs y
       LEFT JOIN ${budget} b ON b.year = y.year AND b.ubigeo = s.ubigeo
       LEFT JOIN ${execution} e ON e.year = y.year AND e.ubigeo = s.ubigeo
       LEFT JOIN (SELECT c.year, c.ubigeo, c.through_month FROM ${transfers} c) t ON t.year = y.year AND t.ubigeo = s.ubigeo
       LEFT JOIN population_nearest p ON p.year = y.year AND p.ubigeo = s.ubigeo
       LEFT JOIN (SELECT l.year, l.ubigeo, string_agg(DISTINCT l.rubro_code, ',') AS rubros, bool_or(l.rubro_code = '18') AS has18,
                         sum(l.pim) FILTER (WHERE l.rubro_code = '18') AS pim18
                  FROM ${functionLines} l GROUP BY l.year, l.ubigeo) f ON f.year = y.year AND f.ubigeo = s.ubigeo
       GROUP BY y.year ORDER BY y.year`,
      params,
    );
    return rows.map((r) => ({
      year: r.year,
      municipalities: r.municipalities,
      withLines: r.with_lines,
      withTotals: r.with_totals,
      totalsPim: cents(r.totals_pim),
      totalsDevengado: cents(r.totals_devengado),
      linesPimOfTotals: cents(r.lines_pim_of_totals),
      linesDevengadoOfTotals: cents(r.lines_devengado_of_totals),
      withRubro18: r.with_rubro18,
      withTransfers: r.with_transfers,
      transfersThroughMonth: r.transfers_through_month,
      withPopulation: r.with_population,
      withoutLines: r.without_lines,
      withoutRubro18: r.without_rubro18,
      withoutTransfers: r.without_transfers,
      withoutTotals: r.without_totals,
      withFunctionLines: r.with_function_lines,
      withFunctionRubro18: r.with_function_rubro18,
      withoutFunctionLines: r.without_function_lines,
      withoutFunctionRubro18: r.without_function_rubro18,
      functionRubros: [...new Set(r.function_rubros?.split(',') ?? [])].sort(),
      functionPim18OfLines: cents(r.function_pim18_of_lines),
      linesPim18WithFunction: cents(r.lines_pim18_with_function),
    }));
  }
}
