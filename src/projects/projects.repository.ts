import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import type { ProjectQueryDto } from './dto/project.dto.js';
import { projectMunicipalities, projectsNotAllowed } from './project-access.js';
import type { Area } from './project.entity.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';

/** A project of a search: from the current budget lines, the registry, or both. */
export interface ProjectSearchRow {
  cui: string;
  name: string;
  status: string | null;
  location_ubigeo: string | null;
  locations: string[] | null;
  budgeted_by: string[];
  pim: string | null;
  devengado: string | null;
  execution_rate_pct: string | null;
  updated_cost: string | null;
  area: Area | null;
  area_source: string | null;
  total: number;
  /** The years of every line the search added up (not only this page's). */
  years: number[];
}

/** A registry project with its location's name and its latest costs. */
export interface ProjectRow {
  cui: string;
  name: string;
  status: string | null;
  location_ubigeo: string | null;
  location_name: string | null;
  locations: string[];
  snip_code: string | null;
  entity: string | null;
  viable_on: string | null;
  area: Area;
  area_source: string | null;
  area_reason: string | null;
  dimension: string | null;
  dimension_reason: string | null;
  updated_cost: string | null;
  viable_amount: string | null;
}

/** A project's budget in one municipality-year and snapshot. */
/** A project's area or dimension as a person set it (override's before and after, for the audit trail). */
type ProjectChoice = Partial<Pick<ProjectRow, 'area' | 'area_source' | 'area_reason' | 'dimension' | 'dimension_reason'>>;

export interface ProjectBudgetRow {
  year: number;
  ubigeo: string;
  snapshot_date: string;
  import_id: number;
  name: string;
  pia: string;
  pim: string;
  devengado: string;
  execution_rate_pct: string | null;
  current: boolean;
}

export interface ProjectCostRow {
  snapshot_date: string;
  import_id: number;
  viable_amount: string | null;
  updated_cost: string | null;
}

@Injectable()
export class ProjectsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Projects of the budget lines (activity kind 2, the product code is the CUI) and of the registry,
   * one row per CUI, with their latest budget: each line's amounts in the soles of `prices` before they are added up.
   */
  async search(q: ProjectQueryDto, prices: PriceBasis = NOMINAL): Promise<{ total: number; years: number[]; rows: ProjectSearchRow[] }> {
    const params: unknown[] = [];
    const lineWhere = ['l.activity_kind = 2'];
    const registryWhere: string[] = [];
    if (q.year !== undefined) {
      params.push(q.year);
      lineWhere.push(`l.year = $${params.length}`);
      registryWhere.push('false'); // with a year, only projects budgeted that year
    }
    if (q.municipality) {
      params.push(q.municipality.split(','));
      lineWhere.push(`l.ubigeo = ANY($${params.length})`);
      registryWhere.push(`p.locations && $${params.length}::varchar[]`);
    }
    // the parameters of lineWhere (the search words' come after)
    const lineParams = params.length;
    const words = (q.q ?? '').split(/\s+/).filter(Boolean);
    const textWhere = words.map((w) => {
      params.push(`%${w.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      return `(lower(coalesce(p.name, x.line_name)) LIKE $${params.length} OR x.cui LIKE ltrim($${params.length}, '%'))`;
    });
    const sql = `
      WITH lines AS (
        SELECT l.product_code AS cui, max(l.product_name) AS line_name, sum(${prices.sql('l.pim', 'l.year')}) AS pim,
               sum(${prices.sql('l.devengado', 'l.year')}) AS devengado, array_agg(DISTINCT l.ubigeo ORDER BY l.ubigeo) AS budgeted_by,
               array_agg(DISTINCT l.year) AS years
        FROM rollup_project l WHERE ${lineWhere.join(' AND ')} GROUP BY l.product_code
      ),
      x AS (
        SELECT cui, line_name, pim, devengado, budgeted_by FROM lines
        UNION ALL
        SELECT p.cui, NULL, NULL, NULL, '{}' FROM project p
        WHERE ${registryWhere.length ? registryWhere.join(' AND ') : 'true'} AND NOT EXISTS (SELECT 1 FROM lines WHERE lines.cui = p.cui)
      )
      SELECT x.*, coalesce(p.name, x.line_name) AS name, p.status, p.location_ubigeo, p.locations, p.area, p.area_source,
             round(x.devengado * 100 / nullif(x.pim, 0), 1) AS execution_rate_pct,
             (SELECT c.updated_cost FROM project_cost c WHERE c.cui = x.cui ORDER BY c.snapshot_date DESC, c.import_id DESC LIMIT 1) AS updated_cost,
             count(*) OVER ()::int AS total,
             (SELECT coalesce(array_agg(DISTINCT y ORDER BY y), '{}') FROM lines, unnest(lines.years) y) AS years
      FROM x LEFT JOIN project p ON p.cui = x.cui
      ${textWhere.length ? `WHERE ${textWhere.join(' AND ')}` : ''}
      ORDER BY x.pim DESC NULLS LAST, x.cui
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    const page = (limit: number, offset: number) => this.db.query<ProjectSearchRow[]>(sql, [...params, limit, offset]);
    const rows = await page(q.limit ?? 100, q.offset ?? 0);
    // a page past the end has no row to carry the total and the years: the first match does; with no match, the years are read alone
    const first = rows[0] ?? (q.offset ? (await page(1, 0))[0] : undefined);
    const years =
      first?.years ??
      (
        await this.db.query<{ years: number[] }[]>(
          `SELECT coalesce(array_agg(DISTINCT l.year ORDER BY l.year), '{}') AS years FROM rollup_project l WHERE ${lineWhere.join(' AND ')}`,
          params.slice(0, lineParams),
        )
      )[0].years;
    return { total: first?.total ?? 0, years: years.map(Number), rows };
  }

  async findOne(cui: string): Promise<ProjectRow | null> {
    const [row] = await this.db.query<ProjectRow[]>(
      `SELECT p.*, m.name AS location_name,
              (SELECT c.updated_cost FROM project_cost c WHERE c.cui = p.cui ORDER BY c.snapshot_date DESC, c.import_id DESC LIMIT 1) AS updated_cost,
              (SELECT c.viable_amount FROM project_cost c WHERE c.cui = p.cui ORDER BY c.snapshot_date DESC, c.import_id DESC LIMIT 1) AS viable_amount
       FROM project p LEFT JOIN municipality m ON m.ubigeo = p.location_ubigeo WHERE p.cui = $1`,
      [cui],
    );
    return row ?? null;
  }

  /** The project's budget per year, municipality and import (rollup_project_import), marking the ones queries read. */
  budget(cui: string): Promise<ProjectBudgetRow[]> {
    return this.db.query(
      `SELECT l.year, l.ubigeo, s.snapshot_date::text AS snapshot_date, l.import_id, l.product_name AS name, l.pia, l.pim, l.devengado,
              round(l.devengado * 100 / nullif(l.pim, 0), 1) AS execution_rate_pct,
              EXISTS (SELECT 1 FROM rollup_budget_year y WHERE y.import_id = l.import_id AND y.ubigeo = l.ubigeo AND y.year = l.year) AS current
       FROM rollup_project_import l
       JOIN import_scope s ON s.import_id = l.import_id AND s.dataset = 'budget' AND s.ubigeo = l.ubigeo AND s.year = l.year
       WHERE l.product_code = $1
       ORDER BY l.year, l.ubigeo, s.snapshot_date, l.import_id`,
      [cui],
    );
  }

  notAllowed(cuis: string[], municipalities: string[]): Promise<string[]> {
    return projectsNotAllowed((text, params) => this.db.query(text, params), cuis, municipalities);
  }

  /**
   * A project's costs by snapshot date and import, without an entry that repeats the one before it at the same
   * date (the registry's CSV and XLSX of one day: nothing new). One that returns to earlier figures of its date
   * after others (a wrong file, then the right one again) is listed: it is what is current.
   */
  costHistory(cui: string): Promise<ProjectCostRow[]> {
    return this.db.query(
      `SELECT snapshot_date, import_id, viable_amount, updated_cost FROM (
         SELECT snapshot_date::text AS snapshot_date, import_id, viable_amount, updated_cost,
                (viable_amount, updated_cost) IS NOT DISTINCT FROM (lag(viable_amount) OVER w, lag(updated_cost) OVER w) AND lag(import_id) OVER w IS NOT NULL AS repeats
         FROM project_cost WHERE cui = $1 WINDOW w AS (PARTITION BY snapshot_date ORDER BY import_id)) c
       WHERE NOT repeats ORDER BY snapshot_date, import_id`,
      [cui],
    );
  }

  async override(cui: string, change: { area?: string; dimension?: string; reason: string }, keyId: number | null): Promise<boolean> {
    return this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO project (cui, name, name_area, import_id, snapshot_date)
         SELECT l.product_code, l.product_name, l.name_area, l.import_id, y.snapshot_date FROM rollup_project_import l
         JOIN rollup_budget_year y ON y.import_id = l.import_id AND y.year = l.year AND y.ubigeo = l.ubigeo
         WHERE l.product_code = $1
         ORDER BY y.snapshot_date DESC, l.import_id DESC LIMIT 1
         ON CONFLICT (cui) DO NOTHING`,
        [cui],
      );
      const set =
        change.area !== undefined
          ? change.area === 'unknown'
            ? `area = 'unknown', area_source = NULL, area_reason = $2`
            : `area = $3, area_source = 'explicit', area_reason = $2`
          : change.dimension === 'rules'
            ? `dimension = NULL, dimension_reason = $2`
            : `dimension = $3, dimension_reason = $2`;
      const value = change.area ?? change.dimension;
      const params = set.includes('$3') ? [cui, change.reason, value] : [cui, change.reason];
      const fields = change.area !== undefined ? 'area, area_source, area_reason' : 'dimension, dimension_reason';
      const [before] = await m.query<ProjectChoice[]>(`SELECT ${fields} FROM project WHERE cui = $1`, [cui]);
      if (!before) return false;
      // TypeORM answers an UPDATE … RETURNING with [rows, count]
      const [[after]] = await m.query<[ProjectChoice[], number]>(`UPDATE project SET ${set} WHERE cui = $1 RETURNING ${fields}`, params);
      const [{ touched }] = await m.query<{ touched: string[] }[]>(`SELECT ARRAY(${projectMunicipalities('$1')} ORDER BY 1) AS touched`, [cui]);
      await recordAudit((sql, p) => m.query(sql, p as unknown[]), {
        keyId,
        action: change.area !== undefined ? 'project_area' : 'project_dimension',
        municipalities: touched,
        subject: cui,
        before,
        after,
      });
      return true;
    });
  }
}
