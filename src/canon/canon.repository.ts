import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import type { CanonTransfersQueryDto } from './dto/canon.dto.js';
import type { CanonPlacesQueryDto } from './dto/canon-places.dto.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import { canonReceived, type PlaceCanon, type PlaceCanonColumns, placeCanon, placeCanonColumns, WITHOUT_LISTED } from './canon-received.js';

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

interface CanonTransferSqlRow {
  key: string;
  name: string;
  amount: string;
  through_month: number;
  share_pct: string | null;
}

interface CanonTransfersMetaRow {
  /** null when no municipality-year of the selection has a figure: nothing imported is unknown, never 0 */
  total: string | null;
  years: number[];
  import_ids: number[];
  municipality_years: number;
  with_figure: number;
  from_transfers: number;
  from_entities: number;
  without: string[];
}

/** What transfers() read: the rows, the selection's total and coverage, and the concept the total adds up. */
export interface CanonTransfersRead {
  rows: CanonTransferSqlRow[];
  meta: CanonTransfersMetaRow;
  counted: string;
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
   * Transfers by concept of each municipality-year's canon received (canonReceived's rule: its own transfers
   * where imported, else its row among its department's entities, the same MEF measure), summed per group,
   * with each group's share, and how much of the selection the figures cover. With groupBy=concept the total
   * is rubro 18's alone: the concepts are its parts (each one's share of the rubro-18 total of the
   * municipality-years that report it), and FONCOMUN, rubro 07, is listed apart with no share; adding them all
   * up counted rubro 18 twice. `prices`: how each municipality-year's transfer is added up (NOMINAL, or in
   * soles of a base year).
   */
  async transfers(q: CanonTransfersQueryDto & { fromYear?: number; toYear?: number }, prices: PriceBasis = NOMINAL): Promise<CanonTransfersRead> {
    const amount = prices.sql('t.amount', 't.year');
    const params: unknown[] = [];
    const groupBy = q.groupBy ?? 'municipality';
    const counted = groupBy === 'concept' ? 'rubro18_total' : (q.concept ?? 'rubro18_total');
    params.push(counted);
    const geography = geographyWhere(q);
    const years = yearWhere(q, 'c.year', []);
    const { key, name } = KEYS[groupBy];
    // the selection, each municipality-year's source, and its transfers by concept from that source
    const transfers = `
      WITH sel AS MATERIALIZED (SELECT m.ubigeo, m.name, m.province_code, m.province_name FROM municipality m ${geography.length ? `WHERE ${geography.join(' AND ')}` : ''}),
      c AS MATERIALIZED (SELECT c.ubigeo, c.year, c.source, c.import_id FROM canon_received_current c JOIN sel ON sel.ubigeo = c.ubigeo ${years.length ? `WHERE ${years.join(' AND ')}` : ''}),
      t AS MATERIALIZED (
        SELECT c.ubigeo, c.year, c.source, o.concept::text AS concept, o.amount, o.through_month, o.import_id
        FROM c JOIN canon_transfer o ON o.import_id = c.import_id AND o.ubigeo = c.ubigeo AND o.year = c.year WHERE c.source = 'transfers'
        UNION ALL
        SELECT c.ubigeo, c.year, c.source, e.concept::text, e.amount, e.through_month, e.import_id
        FROM c JOIN canon_entity_transfer e ON e.import_id = c.import_id AND e.ubigeo = c.ubigeo AND e.year = c.year AND e.entity_type = 'municipality'
        WHERE c.source = 'entities')`;
    const share =
      groupBy === 'concept'
        ? // each concept against rubro 18 of the municipality-years that report it; FONCOMUN is not part of it
          `CASE WHEN t.concept = 'foncomun' THEN NULL ELSE round(sum(${amount}) * 100 / nullif(sum(${prices.sql('r.amount', 'r.year')}), 0), 1) END`
        : `round(sum(${amount}) * 100 / nullif(sum(sum(${amount})) OVER (), 0), 1)`;
    const rows: CanonTransferSqlRow[] = await this.db.query(
      `${transfers}
       SELECT ${key} AS key, max(${name}) AS name, sum(${amount})::numeric(18,2)::text AS amount, min(t.through_month)::int AS through_month, ${share} AS share_pct
       FROM t JOIN sel m ON m.ubigeo = t.ubigeo
       ${groupBy === 'concept' ? `LEFT JOIN t r ON r.ubigeo = t.ubigeo AND r.year = t.year AND r.concept = $1` : 'WHERE t.concept = $1'}
       GROUP BY 1 ORDER BY 1`,
      params,
    );
    const [meta]: CanonTransfersMetaRow[] = await this.db.query(
      `${transfers},
       -- the years asked, else those with any figure in the selection
       y AS (SELECT DISTINCT year FROM ${q.fromYear !== undefined && q.toYear !== undefined ? `generate_series(${Number(q.fromYear)}, ${Number(q.toYear)}) AS g(year)` : 'c'}),
       -- the concept added up (rubro 18 with groupBy=concept: every municipality-year with transfers has it, from the same import)
       t1 AS MATERIALIZED (SELECT * FROM t WHERE t.concept = $1),
       f AS (SELECT DISTINCT t.ubigeo, t.year, t.source FROM t1 t)
       SELECT (SELECT sum(${amount})::numeric(18,2)::text FROM t1 t) AS total,
              coalesce((SELECT array_agg(DISTINCT t.year ORDER BY t.year) FROM t1 t), '{}') AS years,
              coalesce((SELECT array_agg(DISTINCT t.import_id ORDER BY t.import_id) FROM t1 t), '{}') AS import_ids,
              (SELECT count(*) FROM sel CROSS JOIN y)::int AS municipality_years,
              (SELECT count(*) FROM f)::int AS with_figure,
              (SELECT count(*) FROM f WHERE source = 'transfers')::int AS from_transfers,
              (SELECT count(*) FROM f WHERE source = 'entities')::int AS from_entities,
              coalesce((SELECT (array_agg(sel.ubigeo || '/' || y.year ORDER BY sel.ubigeo, y.year))[1:${WITHOUT_LISTED}] FROM sel CROSS JOIN y
                        WHERE NOT EXISTS (SELECT 1 FROM f WHERE f.ubigeo = sel.ubigeo AND f.year = y.year)), '{}') AS without`,
      params,
    );
    return { rows, meta, counted };
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
