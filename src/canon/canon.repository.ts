import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import type { CanonTransfersQueryDto } from './dto/canon.dto.js';
import type { CanonPlacesQueryDto } from './dto/canon-places.dto.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import { canonReceived, type PlaceCanon, type PlaceCanonColumns, placeCanon, placeCanonColumns } from './canon-received.js';

const LEVELS = {
  department: { key: 'department_code', name: 'department_name' },
  province: { key: 'province_code', name: 'province_name' },
  municipality: { key: 'ubigeo', name: 'name' },
} as const;

/** One row of canonPlaces: what the place received (PlaceCanon) and its rubro-18 spending, amounts as PostgreSQL numeric text. */
export interface CanonPlaceRow extends PlaceCanon {
  key: string;
  name: string;
  withSpending: number;
  devengado: string | null;
  unspent: string | null;
  transferredPerCapita: string | null;
}

interface PlaceSqlRow extends PlaceCanonColumns {
  key: string;
  name: string;
  with_spending: number;
  devengado: string | null;
  unspent: string | null;
  per_capita: string | null;
}

const KEYS = {
  municipality: { key: 't.ubigeo', name: 'm.name' },
  province: { key: 'm.province_code', name: 'm.province_name' },
  year: { key: 't.year::text', name: 't.year::text' },
  concept: { key: 't.concept', name: 't.concept' },
} as const;

@Injectable()
export class CanonRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Transfers of the latest import of each municipality-year, summed per group, with each group's share.
   * `prices`: how each municipality-year's transfer is added up (NOMINAL, or in soles of a base year).
   */
  async transfers(q: CanonTransfersQueryDto & { fromYear?: number; toYear?: number }, prices: PriceBasis = NOMINAL) {
    const amount = prices.sql('t.amount', 't.year');
    const params: unknown[] = [];
    const where = geographyWhere(q);
    const groupBy = q.groupBy ?? 'municipality';
    if (groupBy !== 'concept') {
      params.push(q.concept ?? 'rubro18_total');
      where.push(`t.concept = $${params.length}`);
    }
    yearWhere(q, 't.year', where);
    const { key, name } = KEYS[groupBy];
    const filtered = `FROM canon_transfer_latest t JOIN municipality m ON m.ubigeo = t.ubigeo ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const rows: { key: string; name: string; amount: string; through_month: number; share_pct: string | null }[] = await this.db.query(
      `SELECT ${key} AS key, max(${name}) AS name, sum(${amount}) AS amount, min(t.through_month)::int AS through_month,
              round(sum(${amount}) * 100 / nullif(sum(sum(${amount})) OVER (), 0), 1) AS share_pct
       ${filtered} GROUP BY 1 ORDER BY 1`,
      params,
    );
    const [meta]: { total: string; years: number[]; import_ids: number[] }[] = await this.db.query(
      `SELECT coalesce(sum(${amount}), 0)::numeric(18,2) AS total,
              coalesce(array_agg(DISTINCT t.year ORDER BY t.year), '{}') AS years,
              coalesce(array_agg(DISTINCT t.import_id ORDER BY t.import_id), '{}') AS import_ids
       ${filtered}`,
      params,
    );
    return { rows, meta };
  }

  /**
   * One year's canon received (canonReceived: own transfers, else the department's entities file), rubro-18
   * devengado and unspent canon per department, province or municipality, from the tables kept per
   * municipality-year: rollup_budget_year's rubro-18 sums (where the lines have rubro 18) else the current
   * función lines on rubro 18, and the population. A place's figure only when every one of its municipalities
   * has it: never a partial sum (the counts say how many do, and which lack it).
   */
  async places(q: CanonPlacesQueryDto): Promise<CanonPlaceRow[]> {
    const params: unknown[] = [q.year];
    const where: string[] = [];
    if (q.department) where.push(`m.department_code = $${params.push(q.department)}`);
    if (q.province) where.push(`m.province_code = $${params.push(q.province)}`);
    const { key, name } = LEVELS[q.groupBy ?? 'municipality'];
    const received = canonReceived(params, { within: 'SELECT ubigeo FROM sel' });
    const rows: PlaceSqlRow[] = await this.db.query(
      `WITH sel AS MATERIALIZED (SELECT m.ubigeo, m.name, m.province_code, m.province_name, m.department_code, m.department_name
                                 FROM municipality m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}),
       t AS (SELECT c.ubigeo, c.amount, c.source FROM ${received} c WHERE c.year = $1),
       b AS (SELECT y.ubigeo, y.rubro18_devengado AS dev18 FROM rollup_budget_year y JOIN sel ON sel.ubigeo = y.ubigeo
             WHERE y.year = $1 AND y.rubro18_lines > 0),
       f AS (SELECT l.ubigeo, sum(l.devengado) AS dev18 FROM budget_function_line l
             JOIN scope_current s ON s.dataset = 'budget_function' AND s.ubigeo = l.ubigeo AND s.year = l.year AND s.import_id = l.import_id
             JOIN sel ON sel.ubigeo = l.ubigeo
             WHERE l.year = $1 AND l.rubro_code = '18' GROUP BY l.ubigeo),
       per AS (SELECT sel.*, t.amount, t.source, coalesce(b.dev18, f.dev18) AS dev18, pop.total AS population
               FROM sel LEFT JOIN t ON t.ubigeo = sel.ubigeo LEFT JOIN b ON b.ubigeo = sel.ubigeo LEFT JOIN f ON f.ubigeo = sel.ubigeo
               LEFT JOIN population_nearest pop ON pop.year = $1 AND pop.ubigeo = sel.ubigeo),
       g AS (SELECT ${key} AS key, max(${name}) AS name, ${placeCanonColumns('per')},
                    count(dev18)::int AS with_spending,
                    count(*) FILTER (WHERE amount IS NOT NULL AND dev18 IS NOT NULL)::int AS with_both,
                    sum(amount) AS amount, sum(dev18) AS devengado,
                    sum(population) FILTER (WHERE amount IS NOT NULL) AS population,
                    count(*) FILTER (WHERE amount IS NOT NULL AND population IS NULL)::int AS without_population
             FROM per GROUP BY 1)
       SELECT key, name, canon_municipalities, canon_with, canon_from_transfers, canon_from_entities, canon_transferred, canon_without,
              with_spending, CASE WHEN with_spending = canon_municipalities THEN devengado::numeric(18,2)::text END AS devengado,
              CASE WHEN with_both = canon_municipalities THEN (amount - devengado)::numeric(18,2)::text END AS unspent,
              CASE WHEN canon_transferred IS NOT NULL AND without_population = 0 AND population > 0
                   THEN round(amount / population, 2)::numeric(18,2)::text END AS per_capita
       FROM g ORDER BY key`,
      params,
    );
    return rows.map((r) => ({
      key: r.key,
      name: r.name,
      ...placeCanon(r),
      withSpending: r.with_spending,
      devengado: r.devengado,
      unspent: r.unspent,
      transferredPerCapita: r.per_capita,
    }));
  }
}
