import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import { byDepartment, COST_OF, departmentCode, projectsRead, rowsWhere } from './analytics-sql.js';
import { budgetRows, pricesOf, projectYears, type Selection } from './analysis-query.js';
import { PLANNING_GAP_TOP } from '../budget/rollups.js';
import type { CostGrowthRow, PlanningGapRow } from './analytics-rows.js';

/** The SQL of the planning-gap analysis: planned versus budgeted projects, and the registry's cost growth. */
@Injectable()
export class PlanningGapRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Projects of the selection's budget lines in the period, per CUI and year (a project budgeted in two
   * years counts twice), with PIA, PIM and devengado: the planning-gap counts and the top PIA projects.
   */
  async planningGap(sel: Selection, top: number) {
    if (byDepartment(sel)) return this.planningGapOfScope(sel, top);
    const params: unknown[] = [];
    const projects = projectYears(sel.snapshot, params);
    const read = projectsRead(sel, params);
    const prices = pricesOf(sel);
    // one statement, the projects added up once (three statements re-read 285,000 lines each for the country)
    const [answer] = await this.db.query<PlanningGapRow[]>(
      `WITH read AS ${read}, p AS MATERIALIZED (
         SELECT l.product_code AS cui, l.year, max(l.product_name) AS name, sum(${prices.sql('l.pia', 'l.year')}) AS pia,
                sum(${prices.sql('l.pim', 'l.year')}) AS pim, sum(${prices.sql('l.devengado', 'l.year')}) AS devengado
         FROM ${projects} l ${rowsWhere(sel, 'l')}
         GROUP BY l.product_code, l.year)
       SELECT count(*) FILTER (WHERE pim > 0)::int AS pim_projects, coalesce(sum(pim) FILTER (WHERE pim > 0), 0) AS pim_amount,
              count(*) FILTER (WHERE pim > 0 AND pia > 0)::int AS planned_projects, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia > 0), 0) AS planned_pim,
              count(*) FILTER (WHERE pim > 0 AND pia <= 0)::int AS added_projects, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia <= 0), 0) AS added_pim,
              count(*) FILTER (WHERE pia > 0)::int AS pia_projects, coalesce(sum(pia) FILTER (WHERE pia > 0), 0) AS pia_amount,
              count(*) FILTER (WHERE pia > 0 AND pim <= 0)::int AS dropped_projects, coalesce(sum(pia) FILTER (WHERE pia > 0 AND pim <= 0), 0) AS dropped_pia,
              (SELECT years FROM read) AS years, (SELECT import_ids FROM read) AS import_ids,
              -- amounts as text inside the JSON: exact, as the driver gives numeric columns (ORDER BY names the input columns, not the text)
              (SELECT coalesce(json_agg(t ORDER BY t.n), '[]') FROM (
                 SELECT row_number() OVER (ORDER BY pia DESC, cui, year) AS n, cui, year, name, pia::text AS pia, pim::text AS pim, devengado::text AS devengado
                 FROM p WHERE p.pia > 0 ORDER BY p.pia DESC, p.cui, p.year LIMIT ${top}) t) AS top_pia
       FROM p`,
      params,
    );
    const { import_ids: importIds, top_pia: topPia, ...counts } = answer;
    return { counts, topPia: topPia.map(({ n: _n, ...t }) => t), importIds };
  }

  /**
   * planningGap for a department or the country, latest snapshot: its years' counts added up (a pair is a
   * CUI and a year, so years add) and the largest PIA among its years' kept top projects, from
   * rollup_planning_gap (scope '' is the country). The same answer as the pairs counted at request time.
   */
  private async planningGapOfScope(sel: Selection, top: number) {
    const params: unknown[] = [];
    const scope = sel.department ? departmentCode(sel.department) : '';
    const where = yearWhere(sel, 'g.year', [`g.scope = '${scope}'`]).join(' AND ');
    const counts = ['pim_projects', 'planned_projects', 'added_projects', 'pia_projects', 'dropped_projects'].map(
      (c) => `coalesce(sum(g.${c}), 0)::int AS ${c}`,
    );
    // each scope-year's sums in the soles asked for (a rollup of one year), then added up
    const prices = pricesOf(sel);
    const amounts = ['pim_amount', 'planned_pim', 'added_pim', 'pia_amount', 'dropped_pia'].map(
      (c) => `coalesce(sum(${prices.sql(`g.${c}`, 'g.year')}), 0) AS ${c}`,
    );
    const money = (c: string) => prices.sql(`g.${c}`, 'g.year');
    const [answer] = await this.db.query<PlanningGapRow[]>(
      `WITH read AS ${projectsRead(sel, params)}
       SELECT ${[...counts, ...amounts].join(', ')}, (SELECT years FROM read) AS years, (SELECT import_ids FROM read) AS import_ids,
              (SELECT coalesce(json_agg(t ORDER BY t.n), '[]') FROM (
                 SELECT row_number() OVER (ORDER BY ${money('pia')} DESC, g.cui, g.year) AS n, g.cui, g.year, g.name,
                        ${money('pia')}::text AS pia, ${money('pim')}::text AS pim, ${money('devengado')}::text AS devengado
                 FROM rollup_planning_gap_top g WHERE ${where} ORDER BY ${money('pia')} DESC, g.cui, g.year LIMIT ${Math.min(top, PLANNING_GAP_TOP)}) t) AS top_pia
       FROM rollup_planning_gap g WHERE ${where}`,
      params,
    );
    const { import_ids: importIds, top_pia: topPia, ...counted } = answer;
    return { counts: counted, topPia: topPia.map(({ n: _n, ...t }) => t), importIds };
  }

  /**
   * Cost growth of the selection's projects (budgeted in the period, or located in the selection by the
   * registry): the first cost is the first snapshot's viable amount (else its updated cost), the latest
   * is the latest snapshot's updated cost (else its viable amount).
   */
  async costGrowth(sel: Selection, top: number) {
    const params: unknown[] = [];
    const lines = budgetRows('project', sel.snapshot, params);
    const where = rowsWhere(sel, 'l', ['l.activity_kind = 2']);
    const geo = geographyWhere(sel);
    // one statement: the projects with a cost history looked up once (three statements did it three times)
    const [answer] = await this.db.query<CostGrowthRow[]>(
      `WITH cuis AS MATERIALIZED (
         -- only projects with a cost history, kept before their costs are looked up (a hashed set): left to the
         -- planner, the country's 113,000 budgeted projects were each looked up first (0.2 s of 0.47)
         SELECT c.cui FROM (
           SELECT DISTINCT l.product_code AS cui FROM ${lines} l ${where}
           UNION
           SELECT p.cui FROM project p JOIN municipality m ON m.ubigeo = ANY(p.locations) ${geo.length ? `WHERE ${geo.join(' AND ')}` : ''}
         ) c WHERE c.cui IN (SELECT pc.cui FROM project_cost pc)
       ),
       g AS MATERIALIZED (
         SELECT c.cui, p.name, cost.* FROM cuis c LEFT JOIN project p ON p.cui = c.cui
         JOIN LATERAL (${COST_OF('c.cui')}) cost ON cost.first_cost IS NOT NULL AND cost.latest_cost IS NOT NULL)
       SELECT count(*)::int AS with_costs, count(*) FILTER (WHERE latest_cost > first_cost)::int AS grew,
              count(*) FILTER (WHERE first_cost > 0 AND latest_cost >= 2 * first_cost)::int AS doubled,
              coalesce(sum(first_cost), 0) AS first_total, coalesce(sum(latest_cost), 0) AS latest_total,
              (SELECT coalesce(array_agg(DISTINCT pc.import_id ORDER BY pc.import_id), '{}') FROM project_cost pc JOIN g ON g.cui = pc.cui) AS import_ids,
              (SELECT coalesce(json_agg(r ORDER BY r.n), '[]') FROM (
                 SELECT row_number() OVER (ORDER BY (latest_cost - first_cost) / first_cost DESC, cui) AS n, cui, name,
                        first_cost::text AS first_cost, latest_cost::text AS latest_cost, snapshots
                 FROM g WHERE g.first_cost > 0 ORDER BY (g.latest_cost - g.first_cost) / g.first_cost DESC, g.cui LIMIT ${top}) r) AS rows
       FROM g`,
      params,
    );
    const { import_ids: importIds, rows, ...counts } = answer;
    return { counts, rows: rows.map(({ n: _n, ...r }) => r), importIds };
  }
}
