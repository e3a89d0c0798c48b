import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GeographyFilterDto, geographyWhere } from '../common/query-params.js';
import type { ExecutionFiguresDto, GroupBy, SortField } from './dto/execution.dto.js';

export interface ExecutionSelection extends GeographyFilterDto {
  fromYear?: number;
  toYear?: number;
}

const GROUP_KEYS: Record<GroupBy, { key: string; name: string }> = {
  municipality: { key: 'b.ubigeo', name: 'b.name' },
  province: { key: 'b.province_code', name: 'b.province_name' },
  department: { key: 'b.department_code', name: 'b.department_name' },
  year: { key: 'b.year::text', name: 'b.year::text' },
};

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
 * decimal), per-capita amounts only where every municipality-year has a population.
 */
const FIGURES = `
  sum(b.pia) AS pia, sum(b.pim) AS pim, sum(b.certificacion) AS certificacion,
  sum(b.compromiso_anual) AS compromiso_anual, sum(b.atencion_compromiso_mensual) AS atencion_compromiso_mensual,
  sum(b.devengado) AS devengado, sum(b.girado) AS girado,
  round(sum(b.devengado) * 100 / nullif(sum(b.pim), 0), 1) AS execution_rate_pct,
  sum(b.pim) - sum(b.devengado) AS unspent,
  count(DISTINCT b.ubigeo)::int AS municipalities,
  CASE WHEN count(b.population) = count(*) THEN round(sum(b.population)::numeric / count(DISTINCT b.year))::int END AS population,
  CASE WHEN count(b.population) = count(*) AND sum(b.population) > 0 THEN round(sum(b.pim) / sum(b.population), 2) END AS pim_per_capita,
  CASE WHEN count(b.population) = count(*) AND sum(b.population) > 0 THEN round(sum(b.devengado) / sum(b.population), 2) END AS devengado_per_capita`;

@Injectable()
export class ExecutionRepository {
  constructor(private readonly db: DataSource) {}

  async grouped(
    selection: ExecutionSelection,
    groupBy: GroupBy,
    sort: SortField,
    order: 'asc' | 'desc',
    limit: number,
    offset: number,
  ): Promise<{ rows: Record<string, any>[]; totals: Record<string, any>; totalRows: number; years: number[]; importIds: number[]; snapshotDates: string[] }> {
    const params: unknown[] = [];
    const base = this.base(selection, params);
    const { key, name } = GROUP_KEYS[groupBy];
    const grouped = `SELECT ${key} AS key, ${name} AS name, ${FIGURES} FROM base b GROUP BY 1, 2`;
    const direction = order === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST';
    const rows = await this.db.query(
      `WITH base AS (${base}), g AS (${grouped})
       SELECT *, count(*) OVER ()::int AS total_rows FROM g
       ORDER BY ${SORT_SQL[sort]} ${direction}, key LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    const [totals] = await this.db.query(
      `WITH base AS (${base})
       SELECT ${FIGURES}, coalesce(array_agg(DISTINCT b.year ORDER BY b.year), '{}') AS years,
              coalesce(array_agg(DISTINCT b.import_id ORDER BY b.import_id), '{}') AS import_ids,
              coalesce(array_agg(DISTINCT b.snapshot_date::text ORDER BY b.snapshot_date::text), '{}') AS snapshot_dates,
              count(DISTINCT ${key})::int AS total_rows
       FROM base b`,
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
    const base = this.base({ ...selection, fromYear: year, toYear: year }, params);
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    const rows = await this.db.query(
      `WITH base AS (${base}),
       g AS (SELECT b.ubigeo AS key, b.name, b.province_code, b.kind, ${FIGURES} FROM base b GROUP BY 1, 2, 3, 4 HAVING sum(b.pim) > 0)
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
   * The latest snapshot of each municipality-year in the selection, with the population of the same
   * year or, failing that, the nearest year available (the earlier one on a tie).
   */
  private base(selection: ExecutionSelection, params: unknown[]): string {
    const where = geographyWhere(selection, params);
    if (selection.fromYear !== undefined) {
      params.push(selection.fromYear);
      where.push(`e.year >= $${params.length}`);
    }
    if (selection.toYear !== undefined) {
      params.push(selection.toYear);
      where.push(`e.year <= $${params.length}`);
    }
    return `
      SELECT e.*, m.name, m.kind, m.province_code, m.province_name, m.department_code, m.department_name, pop.total AS population
      FROM execution_latest e
      JOIN municipality m ON m.ubigeo = e.ubigeo
      LEFT JOIN LATERAL (
        SELECT p.total FROM population p WHERE p.ubigeo = e.ubigeo ORDER BY abs(p.year - e.year), p.year LIMIT 1
      ) pop ON true
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  }
}

/** A row of the aggregate query as the API shows it. */
export function toFigures(r: Record<string, any>): ExecutionFiguresDto {
  const amount = (v: string | null) => v ?? '0.00';
  return {
    pia: amount(r.pia),
    pim: amount(r.pim),
    certificacion: amount(r.certificacion),
    compromisoAnual: amount(r.compromiso_anual),
    atencionCompromisoMensual: amount(r.atencion_compromiso_mensual),
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
