import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GeographyFilterDto, geographyWhere } from '../common/query-params.js';
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
  async dimensions(selection: GeographyFilterDto & { fromYear?: number; toYear?: number }, version: number) {
    const params: unknown[] = [version];
    const where = geographyWhere(selection, params);
    if (selection.fromYear !== undefined) {
      params.push(selection.fromYear);
      where.push(`l.year >= $${params.length}`);
    }
    if (selection.toYear !== undefined) {
      params.push(selection.toYear);
      where.push(`l.year <= $${params.length}`);
    }
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
}
