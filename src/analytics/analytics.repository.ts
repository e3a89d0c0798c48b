import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import { byDepartment, departmentWhere, rowsWhere, selectionUbigeos, selectionWhere } from './analytics-sql.js';
import { fromCents, sumToCents } from '../common/decimal.js';
import { asOf, budgetRows, budgetYears, classifierRows, pricesOf, type Selection, unionOf } from './analysis-query.js';
import type { CanonYearRow } from './canon-analysis.js';
import { canonReceived } from '../canon/canon-received.js';
import type { BudgetRanksRow, ClassifiedSumRow, ContributionRow, PublicTotalsRow, ReadRow } from './analytics-rows.js';

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
   * The selection's budget rows per función, división and grupo (and municipality), read from the rollups,
   * with the projects whose dimension a person set moved, line by line, out of their codes' rows (negated
   * in `override` NULL) and into their dimension (`override`): the rows classifiedSums groups and budgetRanks
   * classifies as they are. `departmental`: a department's or the country's rows per department.
   */
  private overriddenRows(sel: Selection, params: unknown[], departmental: boolean): string {
    const budget = departmental
      ? `(SELECT NULL::varchar AS ubigeo, d.department_code, d.year, d.function_code, d.division_code, d.group_code, d.function_name, d.pim, d.devengado, d.lines, NULL::int AS import_id
          FROM rollup_budget_classifier_department d)`
      : classifierRows(sel.snapshot, params);
    const budgetWhere = departmental ? departmentWhere(sel, 'l') : rowsWhere(sel, 'l');
    const projects = budgetRows('project', sel.snapshot, params);
    const projectWhere = rowsWhere(sel, 'l', ['l.activity_kind = 2']);
    return `
      WITH overrides AS MATERIALIZED (SELECT cui, dimension FROM project WHERE dimension IS NOT NULL),
      moved AS MATERIALIZED (
        SELECT l.ubigeo, l.year, l.function_code, l.division_code, l.group_code, o.dimension AS override, NULL::text AS function_name,
               l.pim AS pim, l.devengado AS devengado, 1 AS lines, l.import_id
        FROM ${projects} l JOIN overrides o ON o.cui = l.product_code ${projectWhere})
      SELECT l.ubigeo, l.year, l.function_code, l.division_code, l.group_code, NULL::varchar AS override, l.function_name, l.pim, l.devengado, l.lines, l.import_id
      FROM ${budget} l ${budgetWhere}
      UNION ALL SELECT ubigeo, year, function_code, division_code, group_code, NULL, NULL, -pim, -devengado, -lines, import_id FROM moved
      UNION ALL SELECT * FROM moved`;
  }

  /** The dimension of a row `s` with codes and an `override`: the person's, else the most specific rule (grupo, división, función), else unclassified. */
  private static readonly RULES = `
      LEFT JOIN classification_rule g ON g.version_id = $1 AND g.level = 'group' AND g.code = s.group_code
      LEFT JOIN classification_rule d ON d.version_id = $1 AND d.level = 'division' AND d.code = s.division_code
      LEFT JOIN classification_rule f ON f.version_id = $1 AND f.level = 'function' AND f.code = s.function_code`;
  private static readonly DIMENSION = `coalesce(s.override, g.dimension, d.dimension, f.dimension, 'unclassified')`;

  /**
   * The selection's budget summed per función, división, grupo (and municipality when asked), then each
   * sum in its ECLAC dimension (DIMENSION), a project moved as overriddenRows says. Read from the rollups,
   * so the rule look-ups join a few hundred sums, not lines. `params[0]` must be the classification version.
   */
  private classifiedSums(sel: Selection, params: unknown[], byMunicipality: boolean): string {
    // a department or the country, latest snapshot: its sums per department (rollup_budget_classifier_department), not per municipality
    const rows = this.overriddenRows(sel, params, !byMunicipality && byDepartment(sel));
    const ubigeo = byMunicipality ? 'x.ubigeo' : 'NULL::varchar';
    const prices = pricesOf(sel);
    return `
      WITH sums AS MATERIALIZED (
        SELECT ${ubigeo} AS ubigeo, x.function_code, x.division_code, x.group_code, x.override,
               max(x.function_name) AS function_name, sum(${prices.sql('x.pim', 'x.year')}) AS pim, sum(${prices.sql('x.devengado', 'x.year')}) AS devengado,
               array_agg(DISTINCT x.import_id) AS import_ids, array_agg(DISTINCT x.year) AS years, array_agg(DISTINCT x.ubigeo) AS ubigeos
        FROM (${rows}) x
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(x.lines) > 0 OR x.override IS NOT NULL
      )
      SELECT s.ubigeo, s.function_code, s.division_code, s.group_code, s.override, s.pim, s.devengado, s.import_ids, s.years, s.ubigeos,
             coalesce(s.function_name, max(s.function_name) OVER (PARTITION BY s.function_code)) AS function_name,
             ${AnalyticsRepository.DIMENSION} AS dimension,
             (s.override IS NULL AND g.dimension IS NULL AND d.dimension IS NULL AND f.dimension IS NULL) AS without_rule,
             (s.override IS NOT NULL) AS overridden
      FROM sums s ${AnalyticsRepository.RULES}`;
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
    const rows = this.overriddenRows(sel, params, false);
    const prices = pricesOf(sel);
    // each row in its dimension as it is: no sums per code first (ranks need only the sums per dimension and función; the
    // country's 40,000 codes a year summed, with what each read, took 0.56 s)
    const [answer] = await this.db.query<BudgetRanksRow[]>(
      `WITH x AS MATERIALIZED (${rows}),
       c AS (SELECT s.ubigeo, s.function_code, ${AnalyticsRepository.DIMENSION} AS dimension, ${prices.sql('s.pim', 's.year')} AS pim
             FROM x s ${AnalyticsRepository.RULES}),
       ranked AS (
         SELECT ubigeo, 'dimension' AS level, dimension AS code, sum(pim) AS pim FROM c GROUP BY ubigeo, dimension
         UNION ALL
         SELECT ubigeo, 'function', function_code, sum(pim) FROM c GROUP BY ubigeo, function_code)
       SELECT (SELECT coalesce(json_agg(json_build_object('ubigeo', ubigeo, 'level', level, 'code', code, 'pim', pim::text) ORDER BY ubigeo, level, code), '[]') FROM ranked) AS rows,
              (SELECT coalesce(array_agg(DISTINCT import_id ORDER BY import_id), '{}') FROM x) AS import_ids,
              (SELECT coalesce(array_agg(DISTINCT year ORDER BY year), '{}') FROM x) AS years`,
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
       t AS (SELECT c.ubigeo, c.year, c.amount, c.import_id, c.source, c.through_month FROM ${transfers} c JOIN sel ON sel.ubigeo = c.ubigeo
             WHERE true ${tYears.map((w) => `AND ${w}`).join(' ')}),
       b AS (SELECT l.ubigeo, l.year, l.rubro18_pim AS pim18, l.rubro18_devengado AS dev18, l.rubro18_lines, l.pim AS pim_all, l.import_id
             FROM ${budget} l JOIN sel ON sel.ubigeo = l.ubigeo ${bYears.length ? `WHERE ${bYears.join(' AND ')}` : ''}),
       k AS (SELECT coalesce(t.ubigeo, b.ubigeo) AS ubigeo, coalesce(t.year, b.year) AS year, t.amount, b.pim18, b.dev18, b.rubro18_lines, b.pim_all,
                    t.import_id AS transfer_import, t.source AS transfer_source, t.through_month, b.import_id AS budget_import
             FROM t FULL JOIN b ON b.ubigeo = t.ubigeo AND b.year = t.year)
       SELECT sel.ubigeo, sel.name, k.year, k.amount, k.pim18, k.dev18, k.rubro18_lines, k.pim_all, k.transfer_import, k.transfer_source, k.through_month,
              k.budget_import, pop.total AS population
       FROM k JOIN sel ON sel.ubigeo = k.ubigeo
       LEFT JOIN population_nearest pop ON pop.year = k.year AND pop.ubigeo = k.ubigeo
       ORDER BY sel.ubigeo, k.year`,
      params,
    );
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
