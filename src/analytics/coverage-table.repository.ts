import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CanonSource, canonReceived } from '../canon/canon-received.js';
import { type GeographyFilterDto, geographyWhere, type YearSpan, yearWhere } from '../common/query-params.js';

/** One municipality-year as the coverage table reads it: what each dataset holds, or nulls where it holds nothing. */
export interface CoverageTableRow {
  ubigeo: string;
  name: string;
  year: number;
  population: number | null;
  populationYear: number | null;
  totalsPim: string | null;
  totalsDevengado: string | null;
  totalsCutOff: string | null;
  lines: number | null;
  linesPim: string | null;
  linesDevengado: string | null;
  rubro18Lines: number | null;
  projectLines: number | null;
  linesCutOff: string | null;
  functionLinesCutOff: string | null;
  transferred: string | null;
  transfersCutOff: string | null;
  transfersSource: CanonSource | null;
}

/** A dataset over the whole selection: how many municipality-years it covers and its cut-off dates. */
export interface CoverageSourceRow {
  source: 'consulta_amigable' | 'budget_lines' | 'function_lines' | 'canon_transfers';
  municipalityYears: number;
  firstCutOff: string | null;
  lastCutOff: string | null;
}

interface Row {
  ubigeo: string;
  name: string;
  year: number;
  population: number | null;
  population_year: number | null;
  totals_pim: string | null;
  totals_devengado: string | null;
  totals_cut_off: string | null;
  lines: number | null;
  lines_pim: string | null;
  lines_devengado: string | null;
  rubro18_lines: number | null;
  project_lines: number | null;
  lines_cut_off: string | null;
  function_lines_cut_off: string | null;
  transferred: string | null;
  transfers_cut_off: string | null;
  transfers_source: CanonSource | null;
  total: number;
}

interface SourceRow {
  source: CoverageSourceRow['source'];
  municipality_years: number;
  first_cut_off: string | null;
  last_cut_off: string | null;
}

/**
 * The coverage of each municipality-year of a selection, from the tables the imports keep (execution_current,
 * rollup_budget_year, scope_current, population_nearest) and the canon received by the rule the map, the peers and
 * the canon analysis read (canon-received.ts: own transfers, else the department's entities file): one row per
 * municipality-year read by key, no budget line read. The years are the span's; without one, the years with
 * data of any kind for the selection.
 */
@Injectable()
export class CoverageTableRepository {
  constructor(private readonly db: DataSource) {}

  private cte(filter: GeographyFilterDto, span: YearSpan): string {
    const geo = geographyWhere(filter);
    const bounded = span.fromYear !== undefined && span.toYear !== undefined;
    const within = (table: string, extra = '') => {
      const where = yearWhere(span, 'year', [`ubigeo IN (SELECT ubigeo FROM sel)`]);
      return `SELECT year FROM ${table} WHERE ${where.join(' AND ')}${extra}`;
    };
    const years = bounded
      ? `SELECT generate_series(${Number(span.fromYear)}, ${Number(span.toYear)}) AS year`
      : `${within('execution_current')} UNION ${within('rollup_budget_year')} UNION ${within('scope_current', " AND dataset IN ('budget_function', 'canon')")}`;
    return `WITH sel AS MATERIALIZED (SELECT m.ubigeo::varchar(6) COLLATE "C" AS ubigeo, m.name FROM municipality m ${geo.length ? `WHERE ${geo.join(' AND ')}` : ''}),
       yrs AS MATERIALIZED (${years}),
       r AS (
         SELECT s.ubigeo, s.name, y.year::int AS year, p.total AS population, p.source_year AS population_year,
                e.pim::text AS totals_pim, e.devengado::text AS totals_devengado, e.snapshot_date::text AS totals_cut_off,
                b.lines, b.pim::text AS lines_pim, b.devengado::text AS lines_devengado, b.rubro18_lines, b.project_lines,
                b.snapshot_date::text AS lines_cut_off, f.snapshot_date::text AS function_lines_cut_off,
                t.amount::text AS transferred, ti.snapshot_date::text AS transfers_cut_off, t.source AS transfers_source
         FROM sel s CROSS JOIN yrs y
         LEFT JOIN population_nearest p ON p.year = y.year AND p.ubigeo = s.ubigeo
         LEFT JOIN execution_current e ON e.year = y.year AND e.ubigeo = s.ubigeo
         LEFT JOIN rollup_budget_year b ON b.year = y.year AND b.ubigeo = s.ubigeo
         LEFT JOIN scope_current f ON f.dataset = 'budget_function' AND f.year = y.year AND f.ubigeo = s.ubigeo
         LEFT JOIN ${canonReceived([], { within: 'SELECT ubigeo FROM sel' })} t ON t.year = y.year AND t.ubigeo = s.ubigeo
         LEFT JOIN import ti ON ti.id = t.import_id)`;
  }

  /** A page of the selection's municipality-years, newest year first, then by ubigeo; with how many there are in all. */
  async rows(filter: GeographyFilterDto, span: YearSpan, page?: { limit: number; offset: number }): Promise<{ rows: CoverageTableRow[]; total: number }> {
    const paging = page ? `LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset)}` : '';
    const rows: Row[] = await this.db.query(
      `${this.cte(filter, span)} SELECT r.*, count(*) OVER ()::int AS total FROM r ORDER BY r.year DESC, r.ubigeo ${paging}`,
    );
    const total = rows[0]?.total ?? (page ? await this.count(filter, span) : 0);
    return {
      total,
      rows: rows.map((r) => ({
        ubigeo: r.ubigeo,
        name: r.name,
        year: r.year,
        population: r.population,
        populationYear: r.population_year,
        totalsPim: r.totals_pim,
        totalsDevengado: r.totals_devengado,
        totalsCutOff: r.totals_cut_off,
        lines: r.lines,
        linesPim: r.lines_pim,
        linesDevengado: r.lines_devengado,
        rubro18Lines: r.rubro18_lines,
        projectLines: r.project_lines,
        linesCutOff: r.lines_cut_off,
        functionLinesCutOff: r.function_lines_cut_off,
        transferred: r.transferred,
        transfersCutOff: r.transfers_cut_off,
        transfersSource: r.transfers_source,
      })),
    };
  }

  /** How many municipality-years the selection has (for a page past its end). */
  private async count(filter: GeographyFilterDto, span: YearSpan): Promise<number> {
    const [row]: { total: number }[] = await this.db.query(`${this.cte(filter, span)} SELECT count(*)::int AS total FROM r`);
    return row.total;
  }

  /** Each dataset over the whole selection: the municipality-years it covers and its earliest and latest cut-off dates. */
  async sources(filter: GeographyFilterDto, span: YearSpan): Promise<CoverageSourceRow[]> {
    const rows: SourceRow[] = await this.db.query(
      `${this.cte(filter, span)}
       SELECT x.source, count(x.cut_off)::int AS municipality_years, min(x.cut_off) AS first_cut_off, max(x.cut_off) AS last_cut_off
       FROM r CROSS JOIN LATERAL (VALUES ('consulta_amigable', r.totals_cut_off), ('budget_lines', r.lines_cut_off),
                                         ('function_lines', r.function_lines_cut_off), ('canon_transfers', r.transfers_cut_off)) x(source, cut_off)
       GROUP BY x.source`,
    );
    const order: CoverageSourceRow['source'][] = ['consulta_amigable', 'budget_lines', 'function_lines', 'canon_transfers'];
    return order.map((source) => {
      const r = rows.find((s) => s.source === source);
      return { source, municipalityYears: r?.municipality_years ?? 0, firstCutOff: r?.first_cut_off ?? null, lastCutOff: r?.last_cut_off ?? null };
    });
  }
}
