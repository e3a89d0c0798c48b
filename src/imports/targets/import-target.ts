import type { Sql } from '../../common/sql.js';
import { type RowError, rowSays } from '../../common/domain-error.js';
import type { FoundWarnings } from './row-warnings.js';

export type CopyValue = string | number | null;

/** COPY text format: backslash, tab and line breaks must be escaped; null is \N. */
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

/** Values as one line of COPY text. */
export function copyLine(values: CopyValue[]): string {
  let line = copyText(values[0]);
  for (let i = 1; i < values.length; i++) line += `\t${copyText(values[i])}`;
  return line;
}

export type { Sql };

export interface TargetContext {
  importId: number;
  snapshotDate: string;
  /** The API key that imports, for the audit trail of what the merge changes beyond its own rows. */
  keyId: number | null;
}

export interface MergeResult {
  inserted: number;
  revised: number;
  unchanged: number;
  years: number[];
  warnings: string[];
  /**
   * Municipalities the merge changed that its rows need not name (a project's districts before the
   * import moved it, a project whose area a template set), for the audit trail.
   */
  touched?: string[];
  /** The earlier import whose figures every staged row repeats at the same cut-off: nothing was stored again. */
  sameContentAs?: number | null;
}

/** A merge's counts as its SQL gives them (array_agg over no staged rows is null). */
export interface MergeCountsRow {
  inserted: number;
  revised: number;
  unchanged: number;
  years: number[] | null;
}

/** MergeCountsRow with the municipalities the staged rows name. */
export interface TouchingCountsRow extends MergeCountsRow {
  touched: string[] | null;
}

/**
 * Where a format's records go, by default: the pipeline COPYs them into a temporary table `staging`
 * with these columns, then calls `validate` (checks that need the database, set-based) and `merge`,
 * all in the import's one transaction.
 */
export interface StagedTarget<T> {
  /** Column definitions of the staging table; the first must be `source_row integer`. */
  readonly stagingColumns: string;
  toCopyRow(record: T): CopyValue[];
  /** Problems only the database can see (e.g. unknown municipalities, another municipality's project), as row errors. */
  validate?(sql: Sql, options: LoadOptions): Promise<RowError[]>;
  /** What looks wrong in the staged rows without stopping the import (row-warnings.ts), before the merge. */
  warnings?(sql: Sql): Promise<FoundWarnings>;
  merge(sql: Sql, context: TargetContext, options: LoadOptions): Promise<MergeResult>;
}

/** A problem in one record that only the import's context can see (e.g. a municipality the geography does not know). */
export type RecordProblem = Omit<RowError, 'row' | 'sheet'>;

/** One import's way into the database: the table its rows are COPYed into, and what is done with them there. */
export interface TargetLoad<T> {
  /** The table (and column list) of the COPY. */
  readonly copyInto: string;
  /** Checked before each record is written; a problem is reported as a row error and the record left out. */
  check?(record: T): RecordProblem | null;
  /** The record as one line of COPY text, without its line break. */
  copyLine(record: T): string;
  validate?(sql: Sql): Promise<RowError[]>;
  /** What looks wrong in the rows written, before the merge changes them. */
  warnings?(sql: Sql): Promise<FoundWarnings>;
  merge(sql: Sql, context: TargetContext): Promise<MergeResult>;
}

/**
 * A target that prepares its own load for each import instead of the shared staging table (e.g. the
 * budget lines, COPYed straight into a partition of their own).
 */
export interface LoadingTarget<T> {
  open(sql: Sql, importId: number, options: LoadOptions): Promise<TargetLoad<T>>;
}

export interface LoadOptions {
  /** Budget lines from this many up get a partition of their own; fewer join the shared one. */
  ownPartitionLines: number;
  /** For a planner's key: its municipalities, for checks of what the rows touch beyond them (the projects a file names). */
  allowedMunicipalities?: string[];
  /** What the request or the file states about all its rows, for layouts that read it (ImportFormat.statement). */
  statement?: FileStatement;
  /** The file's header labels by the format's column keys, for errors found after the rows are read. */
  columns?: Readonly<Record<string, string>>;
}

/** What the request or the file says about all of a file's rows (ImportFormat.statement), for its target. */
export interface FileStatement {
  /** The rubro of rows that do not give their own: stated by the request, or by the file (a title row, its name). */
  rubro?: { code: string; source: 'request' | 'file' };
}

export type ImportTarget<T> = StagedTarget<T> | LoadingTarget<T>;

/** The load of a target, the staging table's unless the target opens its own. */
export async function openLoad<T>(target: ImportTarget<T>, sql: Sql, importId: number, options: LoadOptions): Promise<TargetLoad<T>> {
  if ('open' in target) return target.open(sql, importId, options);
  await sql(`CREATE TEMP TABLE staging (${target.stagingColumns}) ON COMMIT DROP`);
  return {
    copyInto: 'staging',
    copyLine: (record) => copyLine(target.toCopyRow(record)),
    validate: target.validate && ((q) => target.validate!(q, options)),
    warnings: target.warnings && ((q) => target.warnings!(q)),
    merge: (q, context) => target.merge(q, context, options),
  };
}

/** The staged rows' municipality-years, recorded so that the latest import of each is what queries read. */
export async function recordScope(sql: Sql, dataset: string, context: TargetContext): Promise<void> {
  await sql(
    `INSERT INTO import_scope (import_id, dataset, ubigeo, year, snapshot_date)
     SELECT DISTINCT $1::int, $2::text, ubigeo, year, $3::date FROM staging`,
    [context.importId, dataset, context.snapshotDate],
  );
}

/** Staged municipalities that the geography does not know, as one error per row (the first 100,000). */
export async function unknownMunicipalities(sql: Sql, column: string): Promise<RowError[]> {
  const rows: { source_row: number; ubigeo: string }[] = await sql(
    `SELECT s.source_row, s.ubigeo FROM staging s
     WHERE NOT EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = s.ubigeo)
     ORDER BY s.source_row LIMIT 100000`,
  );
  return rows.map((r) => ({
    row: r.source_row,
    column,
    ...rowSays('UNKNOWN_MUNICIPALITY', { ubigeo: r.ubigeo }),
    value: r.ubigeo,
  }));
}

/**
 * SQL for a CTE body: for each municipality-year in staging, the import that was current for the
 * dataset at the snapshot date `$1` (what this import revises). Used as `WITH previous AS (…)`.
 */
export const previousImports = (dataset: string): string => `
  SELECT DISTINCT ON (sc.ubigeo, sc.year) sc.ubigeo, sc.year, sc.import_id
  FROM import_scope sc
  WHERE sc.dataset = '${dataset}' AND sc.snapshot_date <= $1 AND (sc.ubigeo, sc.year) IN (SELECT ubigeo, year FROM staging)
  ORDER BY sc.ubigeo, sc.year, sc.snapshot_date DESC, sc.import_id DESC`;
