import { type MergeResult, type Sql, type StagedTarget, type TargetContext, type TouchingCountsRow, unknownMunicipalities } from './import-target.js';

export interface DistributionIndexRecord {
  sourceRow: number;
  ubigeo: string;
  year: number;
  concept: string;
  /** The index as a decimal string, up to 15 places. */
  index: string;
}

/** MEF's distribution indices into canon_distribution_index; for each municipality, year and concept the latest import (snapshot date, then id) is read. */
export const distributionIndicesTarget: StagedTarget<DistributionIndexRecord> = {
  stagingColumns:
    'source_row integer NOT NULL, ubigeo varchar(6) NOT NULL, year smallint NOT NULL, concept varchar(24) NOT NULL, index_value numeric(24,15) NOT NULL',

  toCopyRow: (r) => [r.sourceRow, r.ubigeo, r.year, r.concept, r.index],

  validate: (sql) => unknownMunicipalities(sql, 'ubigeo'),

  async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
    const [counts] = await sql<TouchingCountsRow[]>(
      `WITH previous AS (
         SELECT DISTINCT ON (d.ubigeo, d.year, d.concept) d.ubigeo, d.year, d.concept, d.index_value
         FROM canon_distribution_index d JOIN import i ON i.id = d.import_id
         WHERE i.snapshot_date <= $1 AND (d.ubigeo, d.year, d.concept) IN (SELECT ubigeo, year, concept FROM staging)
         ORDER BY d.ubigeo, d.year, d.concept, i.snapshot_date DESC, d.import_id DESC)
       SELECT count(*) FILTER (WHERE p.ubigeo IS NULL)::int AS inserted,
              count(*) FILTER (WHERE p.ubigeo IS NOT NULL AND p.index_value <> s.index_value)::int AS revised,
              count(*) FILTER (WHERE p.index_value = s.index_value)::int AS unchanged,
              array_agg(DISTINCT s.year ORDER BY s.year) AS years,
              array_agg(DISTINCT s.ubigeo ORDER BY s.ubigeo) AS touched
       FROM staging s LEFT JOIN previous p USING (ubigeo, year, concept)`,
      [context.snapshotDate],
    );
    await sql(
      `INSERT INTO canon_distribution_index (import_id, ubigeo, year, concept, index_value, source_row)
       SELECT $1, ubigeo, year, concept, index_value, source_row FROM staging`,
      [context.importId],
    );
    return {
      inserted: counts.inserted,
      revised: counts.revised,
      unchanged: counts.unchanged,
      years: counts.years ?? [],
      warnings: [],
      touched: counts.touched ?? [],
    };
  },
};
