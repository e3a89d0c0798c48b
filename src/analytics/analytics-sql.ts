import { geographyWhere, ubigeoWhere, yearWhere } from '../common/query-params.js';
import { budgetYears, type Selection } from './analysis-query.js';

/** SQL pieces the analyses' queries share (analytics.repository.ts, urban-rural.repository.ts, planning-gap.repository.ts). */

/** WHERE over the municipality `m` and the year column, for a selection. */
export function selectionWhere(sel: Selection, yearColumn: string, extra: string[] = []): string {
  const where = [...extra, ...geographyWhere(sel)];
  yearWhere(sel, yearColumn, where);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** WHERE over rows `alias` keyed by ubigeo and year (budget rollups or lines), for a selection. */
export function rowsWhere(sel: Selection, alias: string, extra: string[] = []): string {
  const where = yearWhere(sel, `${alias}.year`, [...extra, ...ubigeoWhere(sel, alias)]);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** Whether a selection is a whole department or the whole country, of the latest snapshot: what the per-department rollups answer. */
export function byDepartment(sel: Selection): boolean {
  return sel.snapshot === undefined && !sel.province && !sel.municipality && !sel.kind;
}

/** A department's code as SQL may quote it: two digits (the DTO checks it; anything else matches nothing). */
export function departmentCode(department: string): string {
  return /^\d{2}$/.test(department) ? department : 'invalid';
}

/** byDepartment's selection over a per-department rollup aliased `alias`. */
export function departmentWhere(sel: Selection, alias: string): string {
  const where = yearWhere(sel, `${alias}.year`, sel.department ? [`${alias}.department_code = '${departmentCode(sel.department)}'`] : []);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** The ubigeos of a selection as a subquery (for asOf's `within`). */
export function selectionUbigeos(sel: Selection): string {
  const geo = geographyWhere(sel);
  return `SELECT m.ubigeo FROM municipality m ${geo.length ? `WHERE ${geo.join(' AND ')}` : ''}`;
}

/**
 * The imports and years of the selection's projects, as one row (import_ids, years): its municipality-years
 * with project lines, each read from one import (the current one, or the one of the snapshot), so these
 * are the imports and years of exactly the project rows projectYears gives for the selection.
 */
export function projectsRead(sel: Selection, params: unknown[]): string {
  return `(SELECT coalesce(array_agg(DISTINCT l.import_id ORDER BY l.import_id), '{}') AS import_ids, coalesce(array_agg(DISTINCT l.year ORDER BY l.year), '{}') AS years
           FROM ${budgetYears(sel.snapshot, params)} l ${rowsWhere(sel, 'l', ['l.project_lines > 0'])})`;
}

/**
 * The year whose urban/rural population split a period reads: its last year (all years: the latest).
 * Each municipality's split is that year's, else the nearest earlier one's, else (no earlier year has
 * one) the nearest later one's: SPLIT_ORDER; the years actually read are stated with the answer.
 */
export function splitYear(sel: Selection): number {
  return sel.toYear ?? 9999;
}

/** ORDER BY for a municipality's population rows: the split of `year`, else the nearest earlier, else the nearest later. */
export const SPLIT_ORDER = (year: number) => `(p.year > ${Math.trunc(year)}), CASE WHEN p.year <= ${Math.trunc(year)} THEN -p.year ELSE p.year END`;

/** The population split (urban, rural, and the year it is of) of a municipality `ubigeoSql` for `year` (SPLIT_ORDER), as a LATERAL subquery. */
export const SPLIT = (ubigeoSql: string, year: number) =>
  `(SELECT p.total, p.urban, p.rural, p.year FROM population p WHERE p.ubigeo = ${ubigeoSql} AND p.rural IS NOT NULL ORDER BY ${SPLIT_ORDER(year)} LIMIT 1)`;

/** First and latest cost of a project across registry snapshots, as a LATERAL subquery. */
export const COST_OF = (cuiSql: string) => `
  SELECT (SELECT coalesce(pc.viable_amount, pc.updated_cost) FROM project_cost pc WHERE pc.cui = ${cuiSql} AND coalesce(pc.viable_amount, pc.updated_cost) IS NOT NULL
          ORDER BY pc.snapshot_date, pc.import_id LIMIT 1) AS first_cost,
         (SELECT coalesce(pc.updated_cost, pc.viable_amount) FROM project_cost pc WHERE pc.cui = ${cuiSql} AND coalesce(pc.updated_cost, pc.viable_amount) IS NOT NULL
          ORDER BY pc.snapshot_date DESC, pc.import_id DESC LIMIT 1) AS latest_cost,
         (SELECT count(*)::int FROM project_cost pc WHERE pc.cui = ${cuiSql}) AS snapshots`;
