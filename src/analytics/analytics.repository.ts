import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keyIdOf, recordAudit } from '../audit/audit.js';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import { asOf, type Selection } from './analysis-query.js';
import type { RuleDto } from './dto/dimensions.dto.js';
import { AREA_KEYWORDS, LOCATION_SHARE } from './formulas.js';

type Row = Record<string, any>;

/** WHERE over the municipality `m` and the year column, for a selection; pushes onto params. */
function selectionWhere(sel: Selection, yearColumn: string, params: unknown[], extra: string[] = []): string {
  const where = [...extra, ...geographyWhere(sel, params)];
  yearWhere(sel, yearColumn, params, where);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** The latest population split (urban, rural) of a municipality `ubigeoSql`, as a LATERAL subquery. */
const SPLIT = (ubigeoSql: string) =>
  `(SELECT p.total, p.urban, p.rural FROM population p WHERE p.ubigeo = ${ubigeoSql} AND p.rural IS NOT NULL ORDER BY p.year DESC LIMIT 1)`;

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
      const [previous] = await m.query('SELECT max(version_id) AS id FROM classification_rule WHERE version_id < $1', [id]);
      await recordAudit((sql, params) => m.query(sql, params as unknown[]), {
        keyId: keyIdOf(createdBy),
        action: 'classification_rules',
        subject: String(id),
        before: previous?.id ? { version: previous.id } : null,
        after: { version: id, note, rules: rules.length },
      });
      return id;
    });
  }

  /** The ubigeos a selection names, whether they have data or not. */
  async municipalities(sel: Selection): Promise<string[]> {
    const params: unknown[] = [];
    const where = geographyWhere(sel, params);
    const rows = await this.db.query(`SELECT m.ubigeo FROM municipality m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.ubigeo`, params);
    return rows.map((r: Row) => r.ubigeo);
  }

  /**
   * The latest budget lines of the selection, each in its ECLAC dimension: a project's own dimension
   * (set by a person) first, then the most specific rule (grupo, división, función), else unclassified.
   * `params[0]` must be the classification version.
   */
  private classifiedLines(sel: Selection, params: unknown[]): string {
    const lines = asOf('budget', sel.snapshot, params);
    const where = selectionWhere(sel, 'l.year', params);
    return `
      SELECT l.*, coalesce(p.dimension, g.dimension, d.dimension, f.dimension, 'unclassified') AS dimension,
             (p.dimension IS NULL AND g.dimension IS NULL AND d.dimension IS NULL AND f.dimension IS NULL) AS without_rule,
             (p.dimension IS NOT NULL) AS overridden
      FROM ${lines} l
      JOIN municipality m ON m.ubigeo = l.ubigeo
      LEFT JOIN project p ON l.activity_kind = 2 AND p.cui = l.product_code AND p.dimension IS NOT NULL
      LEFT JOIN classification_rule g ON g.version_id = $1 AND g.level = 'group' AND g.code = l.group_code
      LEFT JOIN classification_rule d ON d.version_id = $1 AND d.level = 'division' AND d.code = l.division_code
      LEFT JOIN classification_rule f ON f.version_id = $1 AND f.level = 'function' AND f.code = l.function_code
      ${where}`;
  }

  /** PIM and devengado per dimension and función, and what was read. */
  async dimensions(sel: Selection, version: number) {
    const params: unknown[] = [version];
    const classified = this.classifiedLines(sel, params);
    const rows = await this.db.query(
      `SELECT dimension, function_code, max(function_name) AS function_name, sum(pim) AS pim, sum(devengado) AS devengado
       FROM (${classified}) c GROUP BY dimension, function_code ORDER BY dimension, function_code`,
      params,
    );
    const [meta] = await this.db.query(
      `SELECT coalesce(sum(pim) FILTER (WHERE without_rule), 0)::numeric(18,2) AS without_rule_pim,
              coalesce(sum(pim) FILTER (WHERE overridden), 0)::numeric(18,2) AS overridden_pim,
              coalesce(array_agg(DISTINCT year ORDER BY year), '{}') AS years,
              count(DISTINCT ubigeo)::int AS municipalities,
              coalesce(array_agg(DISTINCT import_id ORDER BY import_id), '{}') AS import_ids
       FROM (${classified}) c`,
      params,
    );
    return { rows, meta };
  }

  /** Per municipality of the selection: PIM by dimension (or función), for ranking against its plan. */
  async budgetRanks(sel: Selection, version: number): Promise<Row[]> {
    const params: unknown[] = [version];
    const classified = this.classifiedLines(sel, params);
    return this.db.query(
      `SELECT ubigeo, 'dimension' AS level, dimension AS code, sum(pim) AS pim, array_agg(DISTINCT import_id) AS import_ids, array_agg(DISTINCT year) AS years
       FROM (${classified}) c GROUP BY ubigeo, dimension
       UNION ALL
       SELECT ubigeo, 'function', function_code, sum(pim), array_agg(DISTINCT import_id), array_agg(DISTINCT year)
       FROM (${classified}) c GROUP BY ubigeo, function_code`,
      params,
    );
  }

  /**
   * Per municipality: rubro-18 transfers, and PIM, devengado on rubro 18 and all PIM from the budget
   * lines, per year; with the population of each year (nearest available) for per-capita figures.
   */
  async canon(sel: Selection): Promise<Row[]> {
    const params: unknown[] = [];
    const transfers = asOf('canon', sel.snapshot, params);
    const lines = asOf('budget', sel.snapshot, params);
    const where = selectionWhere(sel, 'k.year', params);
    return this.db.query(
      `WITH t AS (SELECT ubigeo, year, amount, import_id FROM ${transfers} c WHERE concept = 'rubro18_total'),
       b AS (SELECT ubigeo, year, sum(pim) FILTER (WHERE rubro_code = '18') AS pim18, sum(devengado) FILTER (WHERE rubro_code = '18') AS dev18,
                    sum(pim) AS pim_all, min(import_id) AS import_id
             FROM ${lines} l GROUP BY ubigeo, year),
       k AS (SELECT coalesce(t.ubigeo, b.ubigeo) AS ubigeo, coalesce(t.year, b.year) AS year, t.amount, b.pim18, b.dev18, b.pim_all,
                    t.import_id AS transfer_import, b.import_id AS budget_import
             FROM t FULL JOIN b ON b.ubigeo = t.ubigeo AND b.year = t.year)
       SELECT m.ubigeo, m.name, k.year, k.amount, k.pim18, k.dev18, k.pim_all, k.transfer_import, k.budget_import, pop.total AS population
       FROM k JOIN municipality m ON m.ubigeo = k.ubigeo
       LEFT JOIN LATERAL (SELECT p.total FROM population p WHERE p.ubigeo = k.ubigeo ORDER BY abs(p.year - k.year), p.year LIMIT 1) pop ON true
       ${where}
       ORDER BY m.ubigeo, k.year`,
      params,
    );
  }

  /**
   * Municipality-year totals (Consulta Amigable) of the selection grouped by whether the municipality's
   * population is mostly rural (rural share over 50 % in the latest year with an urban/rural split).
   */
  async urbanRuralMunicipalities(sel: Selection): Promise<Row[]> {
    const params: unknown[] = [];
    const execution = asOf('execution', sel.snapshot, params);
    const where = selectionWhere(sel, 'e.year', params);
    return this.db.query(
      `SELECT CASE WHEN split.rural IS NULL OR split.total = 0 THEN 'unknown'
                   WHEN split.rural * 2 > split.total THEN 'mostly_rural' ELSE 'mostly_urban' END AS grp,
              array_agg(DISTINCT e.ubigeo ORDER BY e.ubigeo) AS municipalities,
              array_agg(DISTINCT e.year ORDER BY e.year) AS years,
              array_agg(DISTINCT e.import_id ORDER BY e.import_id) AS import_ids,
              count(DISTINCT e.year)::int AS year_count,
              sum(e.pim) AS pim, sum(e.devengado) AS devengado,
              sum(pop.total) AS person_years, bool_and(pop.total IS NOT NULL) AS population_known
       FROM ${execution} e
       JOIN municipality m ON m.ubigeo = e.ubigeo
       LEFT JOIN LATERAL ${SPLIT('e.ubigeo')} split ON true
       LEFT JOIN LATERAL (SELECT p.total FROM population p WHERE p.ubigeo = e.ubigeo ORDER BY abs(p.year - e.year), p.year LIMIT 1) pop ON true
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
    const lines = asOf('budget', sel.snapshot, params);
    const where = selectionWhere(sel, 'l.year', params, ['l.activity_kind = 2']);
    params.push(AREA_KEYWORDS.rural, AREA_KEYWORDS.urban, LOCATION_SHARE);
    const [rural, urban, share] = [params.length - 2, params.length - 1, params.length].map((i) => `$${i}`);
    return `
      WITH budget AS (
        SELECT l.product_code AS cui, max(l.product_name) AS line_name, min(l.ubigeo) AS executor_ubigeo,
               sum(l.pia) AS pia, sum(l.pim) AS pim, sum(l.devengado) AS devengado,
               array_agg(DISTINCT l.import_id) AS import_ids, array_agg(DISTINCT l.year) AS years
        FROM ${lines} l JOIN municipality m ON m.ubigeo = l.ubigeo ${where}
        GROUP BY l.product_code
      ),
      located AS (
        SELECT b.*, coalesce(p.name, b.line_name) AS name, coalesce(p.location_ubigeo, b.executor_ubigeo) AS location,
               p.area_source = 'explicit' AS explicit, p.area AS explicit_area,
               lower(translate(coalesce(p.name, b.line_name), 'ÁÉÍÓÚÜÑáéíóúüñ', 'AEIOUUNaeiouun')) AS plain_name
        FROM budget b LEFT JOIN project p ON p.cui = b.cui
      )
      SELECT x.*, CASE WHEN x.explicit THEN x.explicit_area
                       WHEN split.rural >= ${share}::numeric * split.total AND split.total > 0 THEN 'rural'
                       WHEN split.urban >= ${share}::numeric * split.total AND split.total > 0 THEN 'urban'
                       WHEN x.plain_name ~ ${rural} THEN 'rural'
                       WHEN x.plain_name ~ ${urban} THEN 'urban'
                       ELSE 'unknown' END AS area,
                  CASE WHEN x.explicit THEN 'explicit'
                       WHEN split.total > 0 AND (split.rural >= ${share}::numeric * split.total OR split.urban >= ${share}::numeric * split.total) THEN 'location'
                       WHEN x.plain_name ~ ${rural} OR x.plain_name ~ ${urban} THEN 'keyword'
                       END AS area_source
      FROM located x LEFT JOIN LATERAL ${SPLIT('x.location')} split ON true`;
  }

  /** Per area: PIM, devengado, projects, planned (PIA > 0) never executed; and by provenance. */
  async urbanRuralProjects(sel: Selection, top: number) {
    const params: unknown[] = [];
    const projects = this.classifiedProjects(sel, params);
    const areas = await this.db.query(
      `SELECT area, count(*)::int AS projects, coalesce(sum(pim), 0) AS pim, coalesce(sum(devengado), 0) AS devengado,
              count(*) FILTER (WHERE pia > 0 AND devengado <= 0)::int AS planned_never_executed,
              count(*) FILTER (WHERE area_source = 'explicit')::int AS explicit,
              count(*) FILTER (WHERE area_source = 'location')::int AS location,
              count(*) FILTER (WHERE area_source = 'keyword')::int AS keyword
       FROM (${projects}) c GROUP BY area`,
      params,
    );
    const [meta] = await this.db.query(
      `SELECT coalesce(array_agg(DISTINCT i ORDER BY i), '{}') AS import_ids, coalesce(array_agg(DISTINCT y ORDER BY y), '{}') AS years
       FROM (${projects}) c, unnest(c.import_ids) i, unnest(c.years) y`,
      params,
    );
    const neverExecuted = await this.db.query(
      `SELECT cui, name, location, area, area_source, pia, pim, devengado FROM (${projects}) c
       WHERE area = 'rural' AND pia > 0 AND devengado <= 0 ORDER BY pia DESC, cui LIMIT ${top}`,
      params,
    );
    return { areas, meta, neverExecuted };
  }

  /** The urban and rural population of the selection (latest split of each municipality). */
  async populationSplit(sel: Selection): Promise<{ urban: string | null; rural: string | null }> {
    const params: unknown[] = [];
    const where = geographyWhere(sel, params);
    const [row] = await this.db.query(
      `SELECT sum(split.urban) AS urban, sum(split.rural) AS rural FROM municipality m
       JOIN LATERAL ${SPLIT('m.ubigeo')} split ON true ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return row;
  }

  /** Every project of the selection with its area, PIA, PIM, devengado and cost growth: the report's projects sheet. */
  async projects(sel: Selection): Promise<Row[]> {
    const params: unknown[] = [];
    const projects = this.classifiedProjects(sel, params);
    return this.db.query(
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
    const params: unknown[] = [];
    const lines = asOf('budget', sel.snapshot, params);
    const where = selectionWhere(sel, 'l.year', params, ['l.activity_kind = 2']);
    const projects = `
      SELECT l.product_code AS cui, l.year, max(l.product_name) AS name, sum(l.pia) AS pia, sum(l.pim) AS pim, sum(l.devengado) AS devengado,
             array_agg(DISTINCT l.import_id) AS import_ids
      FROM ${lines} l JOIN municipality m ON m.ubigeo = l.ubigeo ${where}
      GROUP BY l.product_code, l.year`;
    const [counts] = await this.db.query(
      `SELECT count(*) FILTER (WHERE pim > 0)::int AS pim_projects, coalesce(sum(pim) FILTER (WHERE pim > 0), 0) AS pim_amount,
              count(*) FILTER (WHERE pim > 0 AND pia > 0)::int AS planned_projects, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia > 0), 0) AS planned_pim,
              count(*) FILTER (WHERE pim > 0 AND pia <= 0)::int AS added_projects, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia <= 0), 0) AS added_pim,
              count(*) FILTER (WHERE pia > 0)::int AS pia_projects, coalesce(sum(pia) FILTER (WHERE pia > 0), 0) AS pia_amount,
              count(*) FILTER (WHERE pia > 0 AND pim <= 0)::int AS dropped_projects, coalesce(sum(pia) FILTER (WHERE pia > 0 AND pim <= 0), 0) AS dropped_pia,
              coalesce(array_agg(DISTINCT year ORDER BY year), '{}') AS years
       FROM (${projects}) p`,
      params,
    );
    const topPia = await this.db.query(
      `SELECT cui, year, name, pia, pim, devengado FROM (${projects}) p WHERE pia > 0 ORDER BY pia DESC, cui, year LIMIT ${top}`,
      params,
    );
    const [ids] = await this.db.query(
      `SELECT coalesce(array_agg(DISTINCT i ORDER BY i), '{}') AS import_ids FROM (${projects}) p, unnest(p.import_ids) i`,
      params,
    );
    return { counts, topPia, importIds: ids.import_ids as number[] };
  }

  /**
   * Cost growth of the selection's projects (budgeted in the period, or located in the selection by the
   * registry): the first cost is the first snapshot's viable amount (else its updated cost), the latest
   * is the latest snapshot's updated cost (else its viable amount).
   */
  async costGrowth(sel: Selection, top: number) {
    const params: unknown[] = [];
    const lines = asOf('budget', sel.snapshot, params);
    const where = selectionWhere(sel, 'l.year', params, ['l.activity_kind = 2']);
    const geo = geographyWhere(sel, params);
    const projects = `
      WITH cuis AS (
        SELECT DISTINCT l.product_code AS cui FROM ${lines} l JOIN municipality m ON m.ubigeo = l.ubigeo ${where}
        UNION
        SELECT p.cui FROM project p JOIN municipality m ON m.ubigeo = ANY(p.locations) ${geo.length ? `WHERE ${geo.join(' AND ')}` : ''}
      )
      SELECT c.cui, p.name, cost.* FROM cuis c LEFT JOIN project p ON p.cui = c.cui
      JOIN LATERAL (${COST_OF('c.cui')}) cost ON cost.first_cost IS NOT NULL AND cost.latest_cost IS NOT NULL`;
    const [counts] = await this.db.query(
      `SELECT count(*)::int AS with_costs, count(*) FILTER (WHERE latest_cost > first_cost)::int AS grew,
              count(*) FILTER (WHERE first_cost > 0 AND latest_cost >= 2 * first_cost)::int AS doubled,
              coalesce(sum(first_cost), 0) AS first_total, coalesce(sum(latest_cost), 0) AS latest_total,
              coalesce(array_agg(cui), '{}') AS cuis
       FROM (${projects}) g`,
      params,
    );
    const rows = await this.db.query(
      `SELECT * FROM (${projects}) g WHERE first_cost > 0 ORDER BY (latest_cost - first_cost) / first_cost DESC, cui LIMIT ${top}`,
      params,
    );
    const [ids] = await this.db.query(
      `SELECT coalesce(array_agg(DISTINCT import_id ORDER BY import_id), '{}') AS import_ids FROM project_cost WHERE cui = ANY($1::varchar[])`,
      [counts.cuis],
    );
    return { counts, rows, importIds: ids.import_ids as number[] };
  }

  /** Public devengado (Consulta Amigable totals) and private contributions of the selection, by district, sector and funder. */
  async publicPrivate(sel: Selection) {
    const publicParams: unknown[] = [];
    const execution = asOf('execution', sel.snapshot, publicParams);
    const [publicTotals] = await this.db.query(
      `SELECT coalesce(sum(e.devengado), 0) AS devengado, coalesce(sum(e.pim), 0) AS pim,
              coalesce(array_agg(DISTINCT e.import_id ORDER BY e.import_id), '{}') AS import_ids, coalesce(array_agg(DISTINCT e.year ORDER BY e.year), '{}') AS years
       FROM ${execution} e JOIN municipality m ON m.ubigeo = e.ubigeo ${selectionWhere(sel, 'e.year', publicParams)}`,
      publicParams,
    );
    const privateParams: unknown[] = [];
    const privateRows = asOf('private', sel.snapshot, privateParams);
    const contributions = await this.db.query(
      `SELECT c.ubigeo, m.name AS municipality, c.year, c.funder, c.sector, sum(c.amount) AS amount, array_agg(DISTINCT c.import_id) AS import_ids
       FROM ${privateRows} c JOIN municipality m ON m.ubigeo = c.ubigeo ${selectionWhere(sel, 'c.year', privateParams)}
       GROUP BY c.ubigeo, m.name, c.year, c.funder, c.sector`,
      privateParams,
    );
    return { publicTotals, contributions };
  }

  async municipalityExists(ubigeo: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM municipality WHERE ubigeo = $1', [ubigeo])).length > 0;
  }

  /** Replaces a municipality's plan priorities in one transaction. */
  async replacePriorities(ubigeo: string, plan: string, priorities: { level: string; code: string }[], keyId: number | null): Promise<void> {
    await this.db.transaction(async (m) => {
      const before = await m.query('SELECT rank, level, code, plan FROM plan_priority WHERE ubigeo = $1 ORDER BY rank', [ubigeo]);
      await recordAudit((sql, params) => m.query(sql, params as unknown[]), {
        keyId,
        action: 'plan_priorities',
        municipalities: [ubigeo],
        subject: ubigeo,
        before: before.length ? { plan: before[0].plan, priorities: before.map((b: Row) => ({ level: b.level, code: b.code })) } : null,
        after: { plan, priorities },
      });
      await m.query('DELETE FROM plan_priority WHERE ubigeo = $1', [ubigeo]);
      await m.query(
        `INSERT INTO plan_priority (ubigeo, rank, level, code, plan)
         SELECT $1, p.ordinality, p.value->>'level', p.value->>'code', $2 FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY p`,
        [ubigeo, plan, JSON.stringify(priorities)],
      );
    });
  }

  async planPriorities(sel: Selection): Promise<Row[]> {
    const params: unknown[] = [];
    const where = geographyWhere(sel, params);
    return this.db.query(
      `SELECT pp.ubigeo, m.name, pp.rank, pp.level, pp.code, pp.plan, pp.set_at FROM plan_priority pp JOIN municipality m ON m.ubigeo = pp.ubigeo
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY pp.ubigeo, pp.rank`,
      params,
    );
  }
}

/** First and latest cost of a project across registry snapshots, as a LATERAL subquery. */
const COST_OF = (cuiSql: string) => `
  SELECT (SELECT coalesce(pc.viable_amount, pc.updated_cost) FROM project_cost pc WHERE pc.cui = ${cuiSql} AND coalesce(pc.viable_amount, pc.updated_cost) IS NOT NULL
          ORDER BY pc.snapshot_date, pc.import_id LIMIT 1) AS first_cost,
         (SELECT coalesce(pc.updated_cost, pc.viable_amount) FROM project_cost pc WHERE pc.cui = ${cuiSql} AND coalesce(pc.updated_cost, pc.viable_amount) IS NOT NULL
          ORDER BY pc.snapshot_date DESC, pc.import_id DESC LIMIT 1) AS latest_cost,
         (SELECT count(*)::int FROM project_cost pc WHERE pc.cui = ${cuiSql}) AS snapshots`;
