import type { RowError } from '../../common/domain-error.js';

export type CopyValue = string | number | null;
export type Sql = (text: string, params?: unknown[]) => Promise<any[]>;

export interface TargetContext {
  importId: number;
  snapshotDate: string;
}

export interface MergeResult {
  inserted: number;
  revised: number;
  unchanged: number;
  years: number[];
  warnings: string[];
}

/**
 * Where a format's records go. The pipeline COPYs them into a temporary table `staging` with these
 * columns, then calls `validate` (checks that need the database, set-based) and `merge`, all in the
 * import's one transaction.
 */
export interface ImportTarget<T> {
  /** Column definitions of the staging table; the first must be `source_row integer`. */
  readonly stagingColumns: string;
  toCopyRow(record: T): CopyValue[];
  /** Problems only the database can see (e.g. unknown municipalities), as row errors. */
  validate?(sql: Sql): Promise<RowError[]>;
  merge(sql: Sql, context: TargetContext): Promise<MergeResult>;
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
    code: 'UNKNOWN_MUNICIPALITY',
    message: `no municipality has ubigeo ${r.ubigeo}`,
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
