import {
  type StagedTarget,
  type MergeCountsRow,
  type MergeResult,
  previousImports,
  recordScope,
  type Sql,
  type TargetContext,
  unknownMunicipalities,
} from './import-target.js';

export interface CanonTransferRecord {
  sourceRow: number;
  ubigeo: string;
  year: number;
  throughMonth: number;
  concept: string;
  amount: string;
}

/** Canon transfers into canon_transfer; the latest import covering a municipality-year replaces the earlier ones as a whole. */
export const canonTransfersTarget: StagedTarget<CanonTransferRecord> = {
  stagingColumns: `source_row integer NOT NULL, ubigeo varchar(6) NOT NULL, year smallint NOT NULL, through_month smallint NOT NULL,
                   concept varchar(24) NOT NULL, amount numeric(18,2) NOT NULL`,

  toCopyRow: (r) => [r.sourceRow, r.ubigeo, r.year, r.throughMonth, r.concept, r.amount],

  validate: (sql) => unknownMunicipalities(sql, 'ubigeo'),

  async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
    const [counts] = await sql<MergeCountsRow[]>(
      `WITH previous AS (${previousImports('canon')})
       SELECT count(*) FILTER (WHERE o.id IS NULL)::int AS inserted,
              count(*) FILTER (WHERE o.id IS NOT NULL AND (o.amount, o.through_month) IS DISTINCT FROM (s.amount, s.through_month))::int AS revised,
              count(*) FILTER (WHERE o.id IS NOT NULL AND (o.amount, o.through_month) IS NOT DISTINCT FROM (s.amount, s.through_month))::int AS unchanged,
              array_agg(DISTINCT s.year ORDER BY s.year) AS years
       FROM staging s
       LEFT JOIN previous p ON p.ubigeo = s.ubigeo AND p.year = s.year
       LEFT JOIN canon_transfer o ON o.import_id = p.import_id AND o.ubigeo = s.ubigeo AND o.year = s.year AND o.concept = s.concept`,
      [context.snapshotDate],
    );
    await sql(
      `INSERT INTO canon_transfer (import_id, ubigeo, year, through_month, concept, amount, source_row)
       SELECT $1, ubigeo, year, through_month, concept, amount, source_row FROM staging`,
      [context.importId],
    );
    await recordScope(sql, 'canon', context);
    return { inserted: counts.inserted, revised: counts.revised, unchanged: counts.unchanged, years: counts.years ?? [], warnings: [] };
  },
};
