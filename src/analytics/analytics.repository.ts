import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GeographyFilterDto, geographyWhere, type YearSpan, yearWhere } from '../common/query-params.js';
import type { RuleDto } from './dto/dimensions.dto.js';

@Injectable()
export class AnalyticsRepository {
  constructor(private readonly db: DataSource) {}

  async latestVersion(): Promise<number | null> {
    const [row] = await this.db.query('SELECT max(id) AS id FROM classification_version');
    return row?.id ?? null;
  }

  async version(id: number): Promise<{ id: number; note: string; created_at: Date; rules: RuleDto[] } | null> {
    const [version] = await this.db.query('SELECT id, note, created_at FROM classification_version WHERE id = $1', [id]);
    if (!version) return null;
    const rules = await this.db.query(
      `SELECT level, code, dimension FROM classification_rule WHERE version_id = $1 ORDER BY length(code), code`,
      [id],
    );
    return { ...version, rules };
  }

  /** A new version with these rules, in one transaction; earlier versions stay for reports that used them. */
  async createVersion(note: string, createdBy: string, rules: RuleDto[]): Promise<number> {
    return this.db.transaction(async (m) => {
      const [{ id }] = await m.query('INSERT INTO classification_version (note, created_by) VALUES ($1, $2) RETURNING id', [note, createdBy]);
      await m.query(
        `INSERT INTO classification_rule (version_id, level, code, dimension)
         SELECT $1, r->>'level', r->>'code', r->>'dimension' FROM jsonb_array_elements($2::jsonb) AS r`,
        [id, JSON.stringify(rules)],
      );
      return id;
    });
  }

  /**
   * The latest budget lines of the selection, each in the dimension of its most specific rule
   * (grupo, then división, then función), summed per dimension (and función).
   */
  async dimensions(selection: GeographyFilterDto & YearSpan, version: number) {
    const params: unknown[] = [version];
    const where = geographyWhere(selection, params);
    yearWhere(selection, 'l.year', params, where);
    const classified = `
      SELECT l.*, coalesce(g.dimension, d.dimension, f.dimension, 'unclassified') AS dimension,
             (g.dimension IS NULL AND d.dimension IS NULL AND f.dimension IS NULL) AS without_rule
      FROM budget_line_latest l
      JOIN municipality m ON m.ubigeo = l.ubigeo
      LEFT JOIN classification_rule g ON g.version_id = $1 AND g.level = 'group' AND g.code = l.group_code
      LEFT JOIN classification_rule d ON d.version_id = $1 AND d.level = 'division' AND d.code = l.division_code
      LEFT JOIN classification_rule f ON f.version_id = $1 AND f.level = 'function' AND f.code = l.function_code
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const rows = await this.db.query(
      `SELECT dimension, function_code, max(function_name) AS function_name, sum(pim) AS pim, sum(devengado) AS devengado
       FROM (${classified}) c GROUP BY dimension, function_code ORDER BY dimension, function_code`,
      params,
    );
    const [meta] = await this.db.query(
      `SELECT coalesce(sum(pim) FILTER (WHERE without_rule), 0)::numeric(18,2) AS without_rule_pim,
              coalesce(array_agg(DISTINCT year ORDER BY year), '{}') AS years,
              count(DISTINCT ubigeo)::int AS municipalities,
              coalesce(array_agg(DISTINCT import_id ORDER BY import_id), '{}') AS import_ids
       FROM (${classified}) c`,
      params,
    );
    return { rows, meta };
  }

  /**
   * Per municipality: rubro-18 transfers (latest import of each municipality-year), and PIM, devengado
   * on rubro 18 and all PIM from the latest budget lines, summed over the years of the selection; with
   * the population of each year (nearest available) for per-capita figures.
   */
  async canon(selection: GeographyFilterDto & YearSpan): Promise<Record<string, any>[]> {
    const params: unknown[] = [];
    const where = geographyWhere(selection, params);
    const years = yearWhere(selection, 'year', params, []);
    const yearFilter = years.length ? `WHERE ${years.join(' AND ')}` : '';
    return this.db.query(
      `WITH t AS (SELECT ubigeo, year, amount FROM canon_transfer_latest WHERE concept = 'rubro18_total'),
       b AS (SELECT ubigeo, year, sum(pim) FILTER (WHERE rubro_code = '18') AS pim18, sum(devengado) FILTER (WHERE rubro_code = '18') AS dev18,
                    sum(pim) AS pim_all
             FROM budget_line_latest GROUP BY ubigeo, year),
       k AS (SELECT * FROM (SELECT coalesce(t.ubigeo, b.ubigeo) AS ubigeo, coalesce(t.year, b.year) AS year, t.amount, b.pim18, b.dev18, b.pim_all
                            FROM t FULL JOIN b ON b.ubigeo = t.ubigeo AND b.year = t.year) x ${yearFilter})
       SELECT m.ubigeo, m.name, array_agg(DISTINCT k.year ORDER BY k.year) AS years,
              coalesce(sum(k.amount), 0)::numeric(18,2) AS transferred, coalesce(sum(k.pim18), 0)::numeric(18,2) AS pim,
              coalesce(sum(k.dev18), 0)::numeric(18,2) AS devengado, coalesce(sum(k.pim_all), 0)::numeric(18,2) AS pim_all,
              count(k.amount)::int AS years_with_transfers, count(k.pim_all)::int AS years_with_budget,
              sum(pop.total) FILTER (WHERE k.amount IS NOT NULL) AS person_years,
              bool_and(pop.total IS NOT NULL) FILTER (WHERE k.amount IS NOT NULL) AS population_known
       FROM k JOIN municipality m ON m.ubigeo = k.ubigeo
       LEFT JOIN LATERAL (SELECT p.total FROM population p WHERE p.ubigeo = k.ubigeo ORDER BY abs(p.year - k.year), p.year LIMIT 1) pop ON true
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY m.ubigeo, m.name ORDER BY m.ubigeo`,
      params,
    );
  }

  /**
   * Municipality-year totals (Consulta Amigable) of the selection grouped by whether the municipality's
   * population is mostly rural (rural share over 50 % in the latest year with an urban/rural split).
   */
  async urbanRural(selection: GeographyFilterDto & YearSpan): Promise<Record<string, any>[]> {
    const params: unknown[] = [];
    const where = geographyWhere(selection, params);
    yearWhere(selection, 'e.year', params, where);
    return this.db.query(
      `SELECT CASE WHEN split.rural IS NULL OR split.total = 0 THEN 'unknown'
                   WHEN split.rural * 2 > split.total THEN 'mostly_rural' ELSE 'mostly_urban' END AS grp,
              array_agg(DISTINCT e.ubigeo ORDER BY e.ubigeo) AS municipalities,
              array_agg(DISTINCT e.year ORDER BY e.year) AS years,
              count(DISTINCT e.year)::int AS year_count,
              sum(e.pim) AS pim, sum(e.devengado) AS devengado,
              sum(pop.total) AS person_years, bool_and(pop.total IS NOT NULL) AS population_known
       FROM execution_latest e
       JOIN municipality m ON m.ubigeo = e.ubigeo
       LEFT JOIN LATERAL (SELECT p.total, p.rural FROM population p WHERE p.ubigeo = e.ubigeo AND p.rural IS NOT NULL ORDER BY p.year DESC LIMIT 1) split ON true
       LEFT JOIN LATERAL (SELECT p.total FROM population p WHERE p.ubigeo = e.ubigeo ORDER BY abs(p.year - e.year), p.year LIMIT 1) pop ON true
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY 1`,
      params,
    );
  }
}
