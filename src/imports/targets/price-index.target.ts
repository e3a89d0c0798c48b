import type { MergeCountsRow, MergeResult, Sql, StagedTarget, TargetContext } from './import-target.js';

export interface PriceIndexRecord {
  sourceRow: number;
  /** The series' name as the document gives it. */
  series: string;
  /** First day of the month, YYYY-MM-01. */
  month: string;
  /** The index exactly as written, e.g. "57.5986117200474". */
  value: string;
}

/**
 * Monthly index values into price_index_month, as history: every import keeps its rows, and for each
 * series and month the latest import (snapshot date, then id) is the one read (src/prices). A value is
 * compared as a number (115.5 and 115.50 are the same index) but stored as written.
 */
export const priceIndexTarget: StagedTarget<PriceIndexRecord> = {
  stagingColumns: 'source_row integer NOT NULL, series text NOT NULL, month date NOT NULL, value numeric NOT NULL',

  toCopyRow: (r) => [r.sourceRow, r.series, r.month, r.value],

  async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
    const [counts] = await sql<MergeCountsRow[]>(
      `WITH previous AS (
         SELECT DISTINCT ON (p.series, p.month) p.series, p.month, p.value
         FROM price_index_month p JOIN import i ON i.id = p.import_id
         WHERE i.snapshot_date <= $1 AND (p.series, p.month) IN (SELECT series, month FROM staging)
         ORDER BY p.series, p.month, i.snapshot_date DESC, p.import_id DESC)
       SELECT count(*) FILTER (WHERE p.series IS NULL)::int AS inserted,
              count(*) FILTER (WHERE p.series IS NOT NULL AND p.value <> s.value)::int AS revised,
              count(*) FILTER (WHERE p.value = s.value)::int AS unchanged,
              array_agg(DISTINCT extract(year FROM s.month)::int ORDER BY extract(year FROM s.month)::int) AS years
       FROM staging s LEFT JOIN previous p USING (series, month)`,
      [context.snapshotDate],
    );
    await sql(
      `INSERT INTO price_index_month (import_id, series, month, value, source_row)
       SELECT $1, series, month, value, source_row FROM staging`,
      [context.importId],
    );
    return { inserted: counts.inserted, revised: counts.revised, unchanged: counts.unchanged, years: counts.years ?? [], warnings: [] };
  },
};
