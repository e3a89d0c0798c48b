import { whereAdder } from '../common/query-params.js';
import { KEY_DIMENSIONS } from '../budget/rollups.js';
import type { GroupBy } from './dto/execution.dto.js';
import type { ExecutionSelection } from './selection.js';

/** rollup_budget_department's dimension for each grouping it can answer: a classifier's own, or the totals. */
const DEPARTMENT_DIMENSION: Partial<Record<GroupBy, string>> = { ...KEY_DIMENSIONS, department: 'total', year: 'total', project: 'project' };

/**
 * Whether rollup_budget_department answers the groups: one year, the whole country or a department, no
 * función, rubro or project filter, and a grouping by classifier, project, department or year.
 */
export function byDepartmentRollup(s: ExecutionSelection, groupBy: GroupBy): boolean {
  const whole = s.province === undefined && s.municipality === undefined && s.kind === undefined;
  const unfiltered = s.function === undefined && s.rubro === undefined && s.project === undefined;
  return whole && unfiltered && s.fromYear !== undefined && s.fromYear === s.toYear && DEPARTMENT_DIMENSION[groupBy] !== undefined;
}

/**
 * The FIGURES columns of rollup_budget_department rows `d` grouped by `key`: summed over the departments
 * (`summed`) or, one row per key, as they are.
 */
function departmentFigures(key: string, name: string, summed: boolean): Record<string, string> {
  const of = (column: string) => (summed ? `sum(d.${column})` : `d.${column}`);
  const complete = `${of('without_population')} = 0`;
  return {
    key,
    name,
    pia: of('pia'),
    pim: of('pim'),
    certificacion: of('certificacion'),
    compromiso_anual: of('compromiso_anual'),
    atencion_compromiso_mensual: 'NULL::numeric',
    devengado: of('devengado'),
    girado: of('girado'),
    execution_rate_pct: `round(${of('devengado')} * 100 / nullif(${of('pim')}, 0), 1)`,
    unspent: `${of('pim')} - ${of('devengado')}`,
    municipalities: `${of('municipalities')}::int`,
    population: `CASE WHEN ${complete} THEN ${of('population')}::int END`,
    pim_per_capita: `CASE WHEN ${complete} AND ${of('population')} > 0 THEN round(${of('pim')} / ${of('population')}, 2) END`,
    devengado_per_capita: `CASE WHEN ${complete} AND ${of('population')} > 0 THEN round(${of('devengado')} / ${of('population')}, 2) END`,
  };
}

/**
 * The groups of a national or departmental selection of one year from rollup_budget_department (about
 * 25 rows per key), with the same columns as FIGURES: each department row counts its municipalities
 * with budget in the key once, and their population, which is stated only when all of them have one.
 * A department's rows, and the country's projects (department ''), are one row per key: read as they
 * are, not grouped, and `page` sorts the rows before it works out their figures (the country's 110,000
 * projects: 0.6 s summed as single-row groups, 0.2 s with the figures of all before the sort; a page in
 * the key's order is then an index range).
 */
export function departmentGroups(
  selection: ExecutionSelection,
  groupBy: GroupBy,
  params: unknown[],
): { groups: string; page?: (sortColumn: string, direction: string, limit: string, offset: string) => string } {
  const conditions = [`d.dim = '${DEPARTMENT_DIMENSION[groupBy]}'`];
  const add = whereAdder(conditions, params);
  add('d.year = ?', selection.fromYear);
  if (selection.department) add('d.department_code = ?', selection.department);
  // projects are summed for the country too (department ''): 110,000 rows a year where the departments hold as many again
  else if (groupBy === 'project') conditions.push(`d.department_code = ''`);
  const single = selection.department !== undefined || groupBy === 'project';
  const [key, name] =
    groupBy === 'department' ? ['d.department_code', 'n.department_name'] : groupBy === 'year' ? ['d.year::text', 'd.year::text'] : ['d.key', 'd.name'];
  const from = `rollup_budget_department d
    ${groupBy === 'department' ? 'JOIN (SELECT DISTINCT department_code, department_name FROM municipality) n ON n.department_code = d.department_code' : ''}
    WHERE ${conditions.join(' AND ')}`;
  const select = (columns: Record<string, string>) =>
    Object.entries(columns)
      .map(([c, sql]) => `${sql} AS ${c}`)
      .join(', ');
  if (!single) return { groups: `SELECT ${select(departmentFigures(key, `max(${name})`, true))} FROM ${from} GROUP BY 1` };
  return {
    groups: `SELECT ${select(departmentFigures(key, name, false))} FROM ${from}`,
    page: (sortColumn, direction, limit, offset) => `
      SELECT false AS is_total, ${select(departmentFigures('d.group_key', 'd.group_name', false))},
             NULL::int AS total_rows, NULL::int[] AS years, NULL::int[] AS import_ids, NULL::text[] AS snapshot_dates
      FROM (SELECT d.*, ${key} AS group_key, ${name} AS group_name FROM ${from}
            ORDER BY ${departmentFigures(key, name, false)[sortColumn]} ${direction}, ${key} LIMIT ${limit} OFFSET ${offset}) d
      ORDER BY ${sortColumn} ${direction}, key`,
  };
}
