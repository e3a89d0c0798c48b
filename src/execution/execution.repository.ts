import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GeographyFilterDto, geographyWhere, yearWhere } from '../common/query-params.js';
import type { ExecutionFiguresDto, GroupBy, SortField } from './dto/execution.dto.js';
import { monthlySeries } from '../budget/monthly-series.js';

export type Level = 'municipality' | 'detail';

export interface ExecutionSelection extends GeographyFilterDto {
  fromYear?: number;
  toYear?: number;
  /** Detail level only: función (2 digits), rubro (2 digits), project or activity code. */
  function?: string;
  rubro?: string;
  project?: string;
}

const GROUP_KEYS: Record<GroupBy, { key: string; name: string; detailOnly?: boolean }> = {
  municipality: { key: 'b.ubigeo', name: 'b.name' },
  province: { key: 'b.province_code', name: 'b.province_name' },
  department: { key: 'b.department_code', name: 'b.department_name' },
  year: { key: 'b.year::text', name: 'b.year::text' },
  function: { key: 'b.function_code', name: 'b.function_name', detailOnly: true },
  division: { key: 'b.division_code', name: 'b.division_name', detailOnly: true },
  group: { key: 'b.group_code', name: 'b.group_name', detailOnly: true },
  rubro: { key: 'b.rubro_code', name: 'b.rubro_name', detailOnly: true },
  fuente: { key: 'b.fuente_code', name: 'b.fuente_name', detailOnly: true },
  project: { key: 'b.product_code', name: 'b.product_name', detailOnly: true },
};

export const isDetailOnly = (groupBy: GroupBy): boolean => GROUP_KEYS[groupBy].detailOnly === true;

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
 * has, and per-capita amounts exist only where every municipality-year has a population.
 */
const FIGURES = `
  sum(b.pia) AS pia, sum(b.pim) AS pim, sum(b.certificacion) AS certificacion,
  sum(b.compromiso_anual) AS compromiso_anual, sum(b.atencion_compromiso_mensual) AS atencion_compromiso_mensual,
  sum(b.devengado) AS devengado, sum(b.girado) AS girado,
  round(sum(b.devengado) * 100 / nullif(sum(b.pim), 0), 1) AS execution_rate_pct,
  sum(b.pim) - sum(b.devengado) AS unspent,
  count(DISTINCT b.ubigeo)::int AS municipalities,
  CASE WHEN bool_and(b.population IS NOT NULL) THEN round(sum(b.population) FILTER (WHERE b.first)::numeric / count(DISTINCT b.year))::int END AS population,
  CASE WHEN bool_and(b.population IS NOT NULL) AND sum(b.population) FILTER (WHERE b.first) > 0
       THEN round(sum(b.pim) / sum(b.population) FILTER (WHERE b.first), 2) END AS pim_per_capita,
  CASE WHEN bool_and(b.population IS NOT NULL) AND sum(b.population) FILTER (WHERE b.first) > 0
       THEN round(sum(b.devengado) / sum(b.population) FILTER (WHERE b.first), 2) END AS devengado_per_capita`;

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
  ): Promise<{ rows: Record<string, any>[]; totals: Record<string, any>; totalRows: number; years: number[]; importIds: number[]; snapshotDates: string[] }> {
    const params: unknown[] = [];
    const base = this.base(selection, level, params);
    const { key, name } = GROUP_KEYS[groupBy];
    // `first` marks one row per municipality-year (per group): where its population is counted.
    const keyed = (partition: string) => `SELECT b.*, ${key} AS key, row_number() OVER (PARTITION BY ${partition}) = 1 AS first FROM base b`;
    const direction = order === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST';
    const rows = await this.db.query(
      `WITH base AS (${base}), g AS (
         SELECT b.key, max(${name}) AS name, ${FIGURES} FROM (${keyed(`b.ubigeo, b.year, ${key}`)}) b GROUP BY b.key
       )
       SELECT *, count(*) OVER ()::int AS total_rows FROM g
       ORDER BY ${SORT_SQL[sort]} ${direction}, key LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    const [totals] = await this.db.query(
      `WITH base AS (${base})
       SELECT ${FIGURES}, coalesce(array_agg(DISTINCT b.year ORDER BY b.year), '{}') AS years,
              coalesce(array_agg(DISTINCT b.import_id ORDER BY b.import_id), '{}') AS import_ids,
              coalesce(array_agg(DISTINCT b.snapshot_date::text ORDER BY b.snapshot_date::text), '{}') AS snapshot_dates,
              count(DISTINCT b.key)::int AS total_rows
       FROM (${keyed('b.ubigeo, b.year')}) b`,
      params,
    );
    return { rows, totals, totalRows: totals.total_rows, years: totals.years, importIds: totals.import_ids, snapshotDates: totals.snapshot_dates };
  }

  async ranking(
    selection: GeographyFilterDto,
    year: number,
    by: SortField,
    order: 'asc' | 'desc',
    limit: number,
    offset: number,
  ): Promise<{ rows: Record<string, any>[]; total: number }> {
    const params: unknown[] = [];
    const base = this.base({ ...selection, fromYear: year, toYear: year }, 'municipality', params);
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    const rows = await this.db.query(
      `WITH base AS (${base}),
       g AS (SELECT b.ubigeo AS key, b.name, b.province_code, b.kind, ${FIGURES} FROM (SELECT *, true AS first FROM base) b GROUP BY 1, 2, 3, 4 HAVING sum(b.pim) > 0)
       SELECT *, rank() OVER (ORDER BY ${SORT_SQL[by]} ${direction} NULLS LAST)::int AS rank, count(*) OVER ()::int AS total_rows
       FROM g ORDER BY rank, key LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total: rows[0]?.total_rows ?? 0 };
  }

  async history(ubigeo: string, year: number | undefined): Promise<Record<string, any>[]> {
    return this.db.query(
      `SELECT s.*, s.snapshot_date::text AS snapshot_date, i.file_name,
              round(s.devengado * 100 / nullif(s.pim, 0), 1) AS execution_rate_pct,
              (l.id = s.id) AS current
       FROM execution_snapshot s
       JOIN import i ON i.id = s.import_id
       JOIN execution_latest l ON l.ubigeo = s.ubigeo AND l.year = s.year
       WHERE s.ubigeo = $1 AND ($2::int IS NULL OR s.year = $2)
       ORDER BY s.year, s.snapshot_date, s.import_id`,
      [ubigeo, year ?? null],
    );
  }

  /**
   * Control totals: where a municipality-year has both Consulta Amigable totals and budget lines,
   * the two side by side (they come from different MEF extracts and need not agree to the sol).
   */
  async controlTotals(selection: ExecutionSelection): Promise<Record<string, any>[]> {
    const params: unknown[] = [];
    const where = this.where(selection, params);
    return this.db.query(
      `SELECT e.ubigeo, m.name, e.year, e.pia AS summary_pia, e.pim AS summary_pim, e.devengado AS summary_devengado,
              l.pia AS lines_pia, l.pim AS lines_pim, l.devengado AS lines_devengado, l.lines, l.import_id AS lines_import_id,
              e.import_id AS summary_import_id
       FROM execution_latest e
       JOIN municipality m ON m.ubigeo = e.ubigeo
       JOIN (SELECT ubigeo, year, max(import_id) AS import_id, count(*)::int AS lines,
                    sum(pia) AS pia, sum(pim) AS pim, sum(devengado) AS devengado
             FROM budget_line_latest GROUP BY ubigeo, year) l ON l.ubigeo = e.ubigeo AND l.year = e.year
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.ubigeo, e.year LIMIT 5000`,
      params,
    );
  }

  /**
   * The rows of the selection at the chosen level: the latest snapshot of each municipality-year
   * (municipality totals) or its budget lines, with the population of the same year or, failing that,
   * the nearest year available (the earlier one on a tie).
   */
  private base(selection: ExecutionSelection, level: Level, params: unknown[]): string {
    const where = this.where(selection, params);
    const source =
      level === 'detail'
        ? `(SELECT l.*, NULL::numeric AS atencion_compromiso_mensual, s.snapshot_date
            FROM budget_line_latest l JOIN import_scope s ON s.import_id = l.import_id AND s.dataset = 'budget' AND s.ubigeo = l.ubigeo AND s.year = l.year)`
        : 'execution_latest';
    if (level === 'detail') {
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (selection.function) add('e.function_code = ?', selection.function);
      if (selection.rubro) add('e.rubro_code = ?', selection.rubro);
      if (selection.project) add('e.product_code = ?', selection.project);
    }
    return `
      SELECT e.*, m.name, m.kind, m.province_code, m.province_name, m.department_code, m.department_name, pop.total AS population
      FROM ${source} e
      JOIN municipality m ON m.ubigeo = e.ubigeo
      LEFT JOIN LATERAL (
        SELECT p.total FROM population p WHERE p.ubigeo = e.ubigeo ORDER BY abs(p.year - e.year), p.year LIMIT 1
      ) pop ON true
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  }

  private where(selection: ExecutionSelection, params: unknown[]): string[] {
    return yearWhere(selection, 'e.year', params, geographyWhere(selection, params));
  }

  /**
   * The latest budget lines of the selection and year month by month: devengado of each month, and
   * PIM as of each month (the latest month with a figure at or before it, per line).
   */
  async monthly(q: { department?: string; province?: string; municipality?: string; kind?: 'provincial' | 'district'; year: number; rubro?: string; function?: string }) {
    const params: unknown[] = [];
    const where = geographyWhere(q, params);
    params.push(q.year);
    where.push(`l.year = $${params.length}`);
    if (q.rubro) {
      params.push(q.rubro);
      where.push(`l.rubro_code = $${params.length}`);
    }
    if (q.function) {
      params.push(q.function);
      where.push(`l.function_code = $${params.length}`);
    }
    const lines = `SELECT l.import_id, l.pim, ${monthlySeries('l', 'devengado')} AS devengado_by_month, ${monthlySeries('l', 'pim')} AS pim_by_month
                   FROM budget_line_latest l JOIN municipality m ON m.ubigeo = l.ubigeo WHERE ${where.join(' AND ')}`;
    const months = await this.db.query(
      `WITH lines AS MATERIALIZED (SELECT * FROM (${lines}) x WHERE x.devengado_by_month IS NOT NULL)
       SELECT g.i AS month, coalesce(sum(l.devengado_by_month[g.i]), 0)::text AS devengado,
              sum((SELECT u.p FROM unnest(l.pim_by_month[1:g.i]) WITH ORDINALITY u(p, k) WHERE u.p IS NOT NULL ORDER BY u.k DESC LIMIT 1))::text AS pim,
              bool_or(l.pim_by_month IS NOT NULL) AS has_pim
       FROM lines l CROSS JOIN generate_series(1, 12) g(i)
       GROUP BY g.i ORDER BY g.i`,
      params,
    );
    const [meta] = await this.db.query(
      `SELECT count(*) FILTER (WHERE l.devengado_by_month IS NOT NULL)::int AS with_months, count(*) FILTER (WHERE l.devengado_by_month IS NULL)::int AS without_months,
              coalesce(sum(l.pim) FILTER (WHERE l.devengado_by_month IS NOT NULL), 0)::text AS annual_pim,
              coalesce(array_agg(DISTINCT l.import_id ORDER BY l.import_id), '{}') AS import_ids
       FROM (${lines}) l`,
      params,
    );
    return { months, meta };
  }
}

/** A row of the aggregate query as the API shows it. */
export function toFigures(r: Record<string, any>, level: Level = 'municipality'): ExecutionFiguresDto {
  const amount = (v: string | null) => v ?? '0.00';
  return {
    pia: amount(r.pia),
    pim: amount(r.pim),
    certificacion: amount(r.certificacion),
    compromisoAnual: amount(r.compromiso_anual),
    atencionCompromisoMensual: level === 'detail' ? null : amount(r.atencion_compromiso_mensual),
    devengado: amount(r.devengado),
    girado: amount(r.girado),
    executionRatePct: r.execution_rate_pct === null ? null : Number(r.execution_rate_pct),
    unspent: amount(r.unspent),
    municipalities: r.municipalities,
    population: r.population,
    pimPerCapita: r.pim_per_capita,
    devengadoPerCapita: r.devengado_per_capita,
  };

}
