import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import {
  byDepartment,
  COST_OF,
  departmentCode,
  projectsRead,
  rowsWhere,
  selectionUbigeos,
  selectionWhere,
  SPLIT,
  SPLIT_ORDER,
  splitYear,
} from './analytics-sql.js';
import { asOf, pricesOf, projectYears, type Selection } from './analysis-query.js';
import { LOCATION_SHARE } from './formulas.js';
import type { AreaRow, MunicipalityGroupRow, NeverExecutedRow, PopulationSplit, ProjectAreas } from './urban-rural.js';
import type { ProjectSheetRow, ProjectsReadRow } from './analytics-rows.js';

/** The SQL of the urban/rural analysis and of the report's projects sheet, which classifies projects the same way. */
@Injectable()
export class UrbanRuralRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Municipality-year totals (Consulta Amigable) of the selection grouped by whether the municipality's
   * population is mostly rural (rural share over 50 % in the split of the period's last year, else the
   * nearest year with one: SPLIT).
   */
  async urbanRuralMunicipalities(sel: Selection): Promise<MunicipalityGroupRow[]> {
    const params: unknown[] = [];
    const execution = asOf('execution', sel.snapshot, params, selectionUbigeos(sel));
    const where = selectionWhere(sel, 'e.year');
    const prices = pricesOf(sel);
    return this.db.query(
      `SELECT CASE WHEN split.rural IS NULL OR split.total = 0 THEN 'unknown'
                   WHEN split.rural * 2 > split.total THEN 'mostly_rural' ELSE 'mostly_urban' END AS grp,
              array_agg(DISTINCT e.ubigeo ORDER BY e.ubigeo) AS municipalities,
              array_agg(DISTINCT e.year ORDER BY e.year) AS years,
              array_agg(DISTINCT e.import_id ORDER BY e.import_id) AS import_ids,
              count(DISTINCT e.year)::int AS year_count,
              sum(${prices.sql('e.pim', 'e.year')}) AS pim, sum(${prices.sql('e.devengado', 'e.year')}) AS devengado,
              sum(pop.total) AS person_years, bool_and(pop.total IS NOT NULL) AS population_known
       FROM ${execution} e
       JOIN municipality m ON m.ubigeo = e.ubigeo
       LEFT JOIN LATERAL ${SPLIT('e.ubigeo', splitYear(sel))} split ON true
       LEFT JOIN population_nearest pop ON pop.year = e.year AND pop.ubigeo = e.ubigeo
       ${where}
       GROUP BY 1`,
      params,
    );
  }

  /**
   * The selection's projects (budget lines of activity kind 2, summed per CUI over the period), each
   * with its area and where the area came from: a value set by a person; the character of the district
   * where it is (the registry's location, else the executing municipality) when at least
   * LOCATION_SHARE of its people are urban or rural; the keywords of its name; else unknown.
   */
  private classifiedProjects(sel: Selection, params: unknown[]): string {
    const budget = this.projectSums(sel, params);
    params.push(LOCATION_SHARE);
    const share = `$${params.length}`;
    return `
      WITH budget AS (${budget}),
      splits AS MATERIALIZED (
        SELECT DISTINCT ON (p.ubigeo) p.ubigeo, p.total, p.urban, p.rural FROM population p WHERE p.rural IS NOT NULL AND p.total > 0 ORDER BY p.ubigeo, ${SPLIT_ORDER(splitYear(sel))}
      ),
      located AS (
        SELECT b.*, coalesce(p.name, b.line_name) AS name, coalesce(p.location_ubigeo, b.executor_ubigeo) AS location,
               p.area_source = 'explicit' AS explicit, p.area AS explicit_area,
               -- the keywords of the name it goes by: the registry's when the project is there (read at import)
               CASE WHEN p.cui IS NOT NULL THEN p.name_area ELSE b.line_name_area END AS name_area
        FROM budget b LEFT JOIN project p ON p.cui = b.cui
      ),
      judged AS (
        SELECT x.*, s.rural >= ${share}::numeric * s.total AS rural_place, s.urban >= ${share}::numeric * s.total AS urban_place
        FROM located x LEFT JOIN splits s ON s.ubigeo = x.location
      ),
      areas AS (
        SELECT j.*, CASE WHEN j.explicit THEN j.explicit_area WHEN j.rural_place THEN 'rural' WHEN j.urban_place THEN 'urban'
                         ELSE coalesce(j.name_area, 'unknown') END AS area
        FROM judged j
      )
      SELECT a.*, CASE WHEN a.explicit THEN 'explicit' WHEN a.rural_place OR a.urban_place THEN 'location'
                       WHEN a.area <> 'unknown' THEN 'keyword' END AS area_source
      FROM areas a`;
  }

  /**
   * The selection's projects summed per CUI over the period (PIA, PIM, devengado), with the name and keywords'
   * area of their lines and the first municipality executing them. A department or the country: its projects
   * as each import summed them (rollup_project_scope), as they are for one year; else the municipalities' rows.
   */
  private projectSums(sel: Selection, params: unknown[]): string {
    const prices = pricesOf(sel);
    const amounts = (sum: (sql: string) => string) => ['pia', 'pim', 'devengado'].map((c) => `${sum(prices.sql(`l.${c}`, 'l.year'))} AS ${c}`).join(', ');
    if (byDepartment(sel)) {
      const where = yearWhere(sel, 'l.year', [`l.scope = '${sel.department ? departmentCode(sel.department) : ''}'`]).join(' AND ');
      if (sel.fromYear !== undefined && sel.fromYear === sel.toYear) {
        return `SELECT l.cui, l.name AS line_name, l.name_area AS line_name_area, l.executor_ubigeo, ${amounts((a) => a)} FROM rollup_project_scope l WHERE ${where}`;
      }
      return `SELECT l.cui, max(l.name) AS line_name, max(l.name_area) AS line_name_area, min(l.executor_ubigeo) AS executor_ubigeo, ${amounts((a) => `sum(${a})`)}
              FROM rollup_project_scope l WHERE ${where} GROUP BY l.cui`;
    }
    return `
        SELECT l.product_code AS cui, max(l.product_name) AS line_name, max(l.name_area) AS line_name_area, min(l.ubigeo) AS executor_ubigeo, ${amounts((a) => `sum(${a})`)}
        FROM ${projectYears(sel.snapshot, params)} l ${rowsWhere(sel, 'l')}
        GROUP BY l.product_code`;
  }

  /** Per area: PIM, devengado, projects, planned (PIA > 0) never executed; and by provenance. One pass over the projects. */
  async urbanRuralProjects(sel: Selection, top: number): Promise<ProjectAreas> {
    const params: unknown[] = [];
    const projects = this.classifiedProjects(sel, params);
    const [result] = await this.db.query<({ areas: AreaRow[]; never: NeverExecutedRow[] } & ProjectsReadRow)[]>(
      `WITH c AS MATERIALIZED (${projects})
       SELECT (SELECT coalesce(json_agg(a), '[]') FROM (
                 SELECT area, count(*)::int AS projects, coalesce(sum(pim), 0)::text AS pim, coalesce(sum(devengado), 0)::text AS devengado,
                        count(*) FILTER (WHERE pia > 0 AND devengado <= 0)::int AS planned_never_executed,
                        count(*) FILTER (WHERE area_source = 'explicit')::int AS explicit,
                        count(*) FILTER (WHERE area_source = 'location')::int AS location,
                        count(*) FILTER (WHERE area_source = 'keyword')::int AS keyword
                 FROM c GROUP BY area) a) AS areas,
              read.import_ids, read.years,
              (SELECT coalesce(json_agg(n), '[]') FROM (
                 SELECT cui, name, location, area, area_source, pia::text AS pia, pim::text AS pim, devengado::text AS devengado FROM c
                 WHERE area = 'rural' AND pia > 0 AND devengado <= 0 ORDER BY c.pia DESC, cui LIMIT ${top}) n) AS never
       FROM ${projectsRead(sel, params)} read`,
      params,
    );
    return {
      areas: result.areas,
      meta: { import_ids: result.import_ids, years: result.years },
      neverExecuted: result.never,
    };
  }

  /** The urban and rural population of the selection (latest split of each municipality). */
  async populationSplit(sel: Selection): Promise<PopulationSplit> {
    const params: unknown[] = [];
    const where = geographyWhere(sel);
    const [row] = await this.db.query<PopulationSplit[]>(
      `SELECT sum(split.urban) AS urban, sum(split.rural) AS rural, array_agg(DISTINCT split.year ORDER BY split.year) AS years FROM municipality m
       JOIN LATERAL ${SPLIT('m.ubigeo', splitYear(sel))} split ON true ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return row;
  }

  /** Every project of the selection with its area, PIA, PIM, devengado and cost growth: the report's projects sheet. */
  async projects(sel: Selection): Promise<ProjectSheetRow[]> {
    const params: unknown[] = [];
    const projects = this.classifiedProjects(sel, params);
    return this.db.query<ProjectSheetRow[]>(
      `SELECT c.cui, c.name, c.location, c.area, c.area_source, c.pia, c.pim, c.devengado, cost.first_cost, cost.latest_cost
       FROM (${projects}) c
       LEFT JOIN LATERAL (${COST_OF('c.cui')}) cost ON true
       ORDER BY c.pim DESC, c.cui`,
      params,
    );
  }
}
