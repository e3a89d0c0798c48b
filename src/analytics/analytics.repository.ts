import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import {
  byDepartment,
  COST_OF,
  departmentCode,
  departmentWhere,
  projectsRead,
  rowsWhere,
  selectionUbigeos,
  selectionWhere,
  SPLIT,
  SPLIT_ORDER,
  splitYear,
} from './analytics-sql.js';
import { fromCents, sumToCents } from '../common/decimal.js';
import { asOf, budgetRows, budgetYears, classifierRows, pricesOf, projectYears, type Selection, unionOf } from './analysis-query.js';
import type { CanonYearRow } from './canon-analysis.js';
import { canonReceived } from '../canon/canon-received.js';
import { LOCATION_SHARE } from './formulas.js';
import type { AreaRow, MunicipalityGroupRow, NeverExecutedRow, PopulationSplit, ProjectAreas } from './urban-rural.js';
import { PLANNING_GAP_TOP } from '../budget/rollups.js';
import type {
  BudgetRanksRow,
  ClassifiedSumRow,
  ContributionRow,
  CostGrowthRow,
  PlanningGapRow,
  ProjectSheetRow,
  ProjectsReadRow,
  PublicTotalsRow,
  ReadRow,
} from './analytics-rows.js';

const cents = sumToCents;

@Injectable()
export class AnalyticsRepository {
  constructor(private readonly db: DataSource) {}

  /** The ubigeos a selection names, whether they have data or not. */
  async municipalities(sel: Selection): Promise<string[]> {
    const params: unknown[] = [];
    const where = geographyWhere(sel);
    const rows = await this.db.query<{ ubigeo: string }[]>(
      `SELECT m.ubigeo FROM municipality m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.ubigeo`,
      params,
    );
    return rows.map((r) => r.ubigeo);
  }

  /**
   * The selection's budget summed per función, división, grupo (and municipality when asked), then each
   * sum in its ECLAC dimension: the most specific rule (grupo, división, función), else unclassified.
   * A project whose dimension a person set is moved, line by line, out of its rule's sum into that
   * dimension. Read from the rollups, so the rule look-ups join a few hundred sums, not lines.
   * `params[0]` must be the classification version.
   */
  private classifiedSums(sel: Selection, params: unknown[], byMunicipality: boolean): string {
    // a department or the country, latest snapshot: its sums per department (rollup_budget_classifier_department), not per municipality
    const departmental = !byMunicipality && byDepartment(sel);
    const budget = departmental
      ? `(SELECT NULL::varchar AS ubigeo, d.department_code, d.year, d.function_code, d.division_code, d.group_code, d.function_name, d.pim, d.devengado, d.lines, NULL::int AS import_id
          FROM rollup_budget_classifier_department d)`
      : classifierRows(sel.snapshot, params);
    const budgetWhere = departmental ? departmentWhere(sel, 'l') : rowsWhere(sel, 'l');
    const projects = budgetRows('project', sel.snapshot, params);
    const projectWhere = rowsWhere(sel, 'l', ['l.activity_kind = 2']);
    const ubigeo = byMunicipality ? 'x.ubigeo' : 'NULL::varchar';
    const prices = pricesOf(sel);
    const moved = (sign: string, dimension: string) => `
        SELECT l.ubigeo, l.year, l.function_code, l.division_code, l.group_code, ${dimension} AS override, NULL::text AS function_name,
               ${sign}l.pim AS pim, ${sign}l.devengado AS devengado, ${sign}1 AS lines, l.import_id
        FROM ${projects} l JOIN overrides o ON o.cui = l.product_code ${projectWhere}`;
    return `
      WITH overrides AS MATERIALIZED (SELECT cui, dimension FROM project WHERE dimension IS NOT NULL),
      moved AS MATERIALIZED (${moved('', 'o.dimension')}),
      sums AS MATERIALIZED (
        SELECT ${ubigeo} AS ubigeo, x.function_code, x.division_code, x.group_code, x.override,
               max(x.function_name) AS function_name, sum(${prices.sql('x.pim', 'x.year')}) AS pim, sum(${prices.sql('x.devengado', 'x.year')}) AS devengado,
               array_agg(DISTINCT x.import_id) AS import_ids, array_agg(DISTINCT x.year) AS years, array_agg(DISTINCT x.ubigeo) AS ubigeos
        FROM (
          SELECT l.ubigeo, l.year, l.function_code, l.division_code, l.group_code, NULL::varchar AS override, l.function_name, l.pim, l.devengado, l.lines, l.import_id
          FROM ${budget} l ${budgetWhere}
          UNION ALL SELECT ubigeo, year, function_code, division_code, group_code, NULL, NULL, -pim, -devengado, -lines, import_id FROM moved
          UNION ALL SELECT * FROM moved
        ) x
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(x.lines) > 0 OR x.override IS NOT NULL
      )
      SELECT s.ubigeo, s.function_code, s.division_code, s.group_code, s.override, s.pim, s.devengado, s.import_ids, s.years, s.ubigeos,
             coalesce(s.function_name, max(s.function_name) OVER (PARTITION BY s.function_code)) AS function_name,
             coalesce(s.override, g.dimension, d.dimension, f.dimension, 'unclassified') AS dimension,
             (s.override IS NULL AND g.dimension IS NULL AND d.dimension IS NULL AND f.dimension IS NULL) AS without_rule,
             (s.override IS NOT NULL) AS overridden
      FROM sums s
      LEFT JOIN classification_rule g ON g.version_id = $1 AND g.level = 'group' AND g.code = s.group_code
      LEFT JOIN classification_rule d ON d.version_id = $1 AND d.level = 'division' AND d.code = s.division_code
      LEFT JOIN classification_rule f ON f.version_id = $1 AND f.level = 'function' AND f.code = s.function_code`;
  }

  /** PIM and devengado per dimension and función, and what was read. */
  async dimensions(sel: Selection, version: number) {
    const params: unknown[] = [version];
    const sums = await this.db.query<ClassifiedSumRow[]>(this.classifiedSums(sel, params, false), params);
    const byKey = new Map<string, { dimension: string; function_code: string; function_name: string | null; pim: bigint; devengado: bigint }>();
    for (const r of sums) {
      const key = `${r.dimension}/${r.function_code}`;
      const row = byKey.get(key) ?? { dimension: r.dimension, function_code: r.function_code, function_name: r.function_name, pim: 0n, devengado: 0n };
      row.pim += cents(r.pim);
      row.devengado += cents(r.devengado);
      byKey.set(key, row);
    }
    const total = (f: (r: ClassifiedSumRow) => boolean) => fromCents(sums.filter(f).reduce((t, r) => t + cents(r.pim), 0n));
    const rows = [...byKey.values()]
      .sort((a, b) => (a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : a.function_code < b.function_code ? -1 : 1))
      .map((r) => ({ ...r, pim: fromCents(r.pim), devengado: fromCents(r.devengado) }));
    // the per-department sums name no municipality or import: those come from the municipality-years read
    const read: ReadRow[] = byDepartment(sel)
      ? await this.db.query<ReadRow[]>(
          `SELECT array_agg(DISTINCT l.import_id) AS import_ids, array_agg(DISTINCT l.year) AS years, array_agg(l.ubigeo) AS ubigeos FROM rollup_budget_year l ${rowsWhere(sel, 'l')}`,
        )
      : sums;
    const present = <T>(list: (T | null)[] | null): T[] => (list ?? []).filter((v): v is T => v !== null);
    const meta = {
      without_rule_pim: total((r) => r.without_rule),
      overridden_pim: total((r) => r.overridden),
      years: unionOf(read.map((r) => present<number>(r.years).map(Number))),
      municipalities: unionOf(read.map((r) => present<string>(r.ubigeos))).length,
      import_ids: unionOf(read.map((r) => present<number>(r.import_ids).map(Number))),
    };
    return { rows, meta };
  }

  /**
   * Per municipality of the selection: PIM by dimension and by función, for ranking against its plan, and
   * the imports and years read. Added up in PostgreSQL: at national scale there are ~40,000 classified sums
   * a year, which cost over half a second of the event loop when added up in JavaScript.
   */
  async budgetRanks(
    sel: Selection,
    version: number,
  ): Promise<{ rows: { ubigeo: string; level: 'dimension' | 'function'; code: string; pim: string }[]; importIds: number[]; years: number[] }> {
    const params: unknown[] = [version];
    const sums = this.classifiedSums(sel, params, true);
    const [answer] = await this.db.query<BudgetRanksRow[]>(
      `WITH c AS MATERIALIZED (${sums}),
       ranked AS (
         SELECT ubigeo, 'dimension' AS level, dimension AS code, sum(pim) AS pim FROM c GROUP BY ubigeo, dimension
         UNION ALL
         SELECT ubigeo, 'function', function_code, sum(pim) FROM c GROUP BY ubigeo, function_code)
       SELECT (SELECT coalesce(json_agg(json_build_object('ubigeo', ubigeo, 'level', level, 'code', code, 'pim', pim::text) ORDER BY ubigeo, level, code), '[]') FROM ranked) AS rows,
              (SELECT coalesce(array_agg(DISTINCT i ORDER BY i), '{}') FROM c, unnest(c.import_ids) i) AS import_ids,
              (SELECT coalesce(array_agg(DISTINCT y ORDER BY y), '{}') FROM c, unnest(c.years) y) AS years`,
      params,
    );
    return { rows: answer.rows, importIds: answer.import_ids.map(Number), years: answer.years.map(Number) };
  }

  /**
   * Per municipality: rubro-18 received (canonReceived, with its source), and PIM, devengado on rubro 18 and all PIM from the budget
   * lines, per year; with the population of each year (nearest available) for per-capita figures.
   * `functional`: rubro-18 PIM and devengado from the budget lines by función instead (no PIM of all rubros).
   */
  async canon(sel: Selection, functional = false): Promise<CanonYearRow[]> {
    const params: unknown[] = [];
    // canon received by the one rule (own transfers, else the department's entities file), as of the snapshot
    const within = 'SELECT ubigeo FROM sel';
    const transfers = canonReceived(params, { own: asOf('canon', sel.snapshot, params, within), snapshot: sel.snapshot, within });
    const budget = functional
      ? `(SELECT f.year, f.ubigeo, max(f.import_id) AS import_id, sum(f.pim) AS rubro18_pim, sum(f.devengado) AS rubro18_devengado,
                 count(*)::int AS rubro18_lines, NULL::numeric AS pim
          FROM ${asOf('budget_function', sel.snapshot, params)} f WHERE f.rubro_code = '18' GROUP BY f.year, f.ubigeo)`
      : budgetYears(sel.snapshot, params);
    // the selection first, so that both sides read only its municipalities and years
    const geo = geographyWhere(sel);
    const years = (column: string) => yearWhere(sel, column, []);
    const tYears = years('c.year');
    const bYears = years('l.year');
    return this.db.query(
      `WITH sel AS MATERIALIZED (SELECT m.ubigeo, m.name FROM municipality m ${geo.length ? `WHERE ${geo.join(' AND ')}` : ''}),
       t AS (SELECT c.ubigeo, c.year, c.amount, c.import_id, c.source FROM ${transfers} c JOIN sel ON sel.ubigeo = c.ubigeo
             WHERE true ${tYears.map((w) => `AND ${w}`).join(' ')}),
       b AS (SELECT l.ubigeo, l.year, l.rubro18_pim AS pim18, l.rubro18_devengado AS dev18, l.rubro18_lines, l.pim AS pim_all, l.import_id
             FROM ${budget} l JOIN sel ON sel.ubigeo = l.ubigeo ${bYears.length ? `WHERE ${bYears.join(' AND ')}` : ''}),
       k AS (SELECT coalesce(t.ubigeo, b.ubigeo) AS ubigeo, coalesce(t.year, b.year) AS year, t.amount, b.pim18, b.dev18, b.rubro18_lines, b.pim_all,
                    t.import_id AS transfer_import, t.source AS transfer_source, b.import_id AS budget_import
             FROM t FULL JOIN b ON b.ubigeo = t.ubigeo AND b.year = t.year)
       SELECT sel.ubigeo, sel.name, k.year, k.amount, k.pim18, k.dev18, k.rubro18_lines, k.pim_all, k.transfer_import, k.transfer_source, k.budget_import, pop.total AS population
       FROM k JOIN sel ON sel.ubigeo = k.ubigeo
       LEFT JOIN population_nearest pop ON pop.year = k.year AND pop.ubigeo = k.ubigeo
       ORDER BY sel.ubigeo, k.year`,
      params,
    );
  }

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
    const projects = projectYears(sel.snapshot, params);
    const prices = pricesOf(sel);
    params.push(LOCATION_SHARE);
    const share = `$${params.length}`;
    return `
      WITH budget AS (
        SELECT l.product_code AS cui, max(l.product_name) AS line_name, max(l.name_area) AS line_name_area, min(l.ubigeo) AS executor_ubigeo,
               sum(${prices.sql('l.pia', 'l.year')}) AS pia, sum(${prices.sql('l.pim', 'l.year')}) AS pim, sum(${prices.sql('l.devengado', 'l.year')}) AS devengado
        FROM ${projects} l ${rowsWhere(sel, 'l')}
        GROUP BY l.product_code
      ),
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
      `WITH cuis AS (
         SELECT DISTINCT l.product_code AS cui FROM ${lines} l ${where}
         UNION
         SELECT p.cui FROM project p JOIN municipality m ON m.ubigeo = ANY(p.locations) ${geo.length ? `WHERE ${geo.join(' AND ')}` : ''}
       ),
       g AS MATERIALIZED (
         SELECT c.cui, p.name, cost.* FROM cuis c LEFT JOIN project p ON p.cui = c.cui
         JOIN LATERAL (${COST_OF('c.cui')}) cost ON cost.first_cost IS NOT NULL AND cost.latest_cost IS NOT NULL
         -- only projects with a cost history (a hashed set: not one look-up per budgeted project)
         WHERE c.cui IN (SELECT pc.cui FROM project_cost pc))
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

  /** Public devengado (Consulta Amigable totals) and private contributions of the selection, by district, sector and funder. */
  async publicPrivate(sel: Selection) {
    const prices = pricesOf(sel);
    const publicParams: unknown[] = [];
    const execution = asOf('execution', sel.snapshot, publicParams, selectionUbigeos(sel));
    const [publicTotals] = await this.db.query<PublicTotalsRow[]>(
      `SELECT coalesce(sum(${prices.sql('e.devengado', 'e.year')}), 0) AS devengado, coalesce(sum(${prices.sql('e.pim', 'e.year')}), 0) AS pim,
              coalesce(array_agg(DISTINCT e.import_id ORDER BY e.import_id), '{}') AS import_ids, coalesce(array_agg(DISTINCT e.year ORDER BY e.year), '{}') AS years
       FROM ${execution} e JOIN municipality m ON m.ubigeo = e.ubigeo ${selectionWhere(sel, 'e.year')}`,
      publicParams,
    );
    const privateParams: unknown[] = [];
    const privateRows = asOf('private', sel.snapshot, privateParams);
    const contributions = await this.db.query<ContributionRow[]>(
      `SELECT c.ubigeo, m.name AS municipality, c.year, c.funder, c.sector, sum(${prices.sql('c.amount', 'c.year')}) AS amount, array_agg(DISTINCT c.import_id) AS import_ids
       FROM ${privateRows} c JOIN municipality m ON m.ubigeo = c.ubigeo ${selectionWhere(sel, 'c.year')}
       GROUP BY c.ubigeo, m.name, c.year, c.funder, c.sector`,
      privateParams,
    );
    return { publicTotals, contributions };
  }
}
