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

export interface PrivateContributionRecord {
  sourceRow: number;
  ubigeo: string;
  year: number;
  funder: string;
  sector: string;
  description: string | null;
  amount: string;
}

/** Private contributions; the latest import covering a municipality-year replaces the earlier ones as a whole. */
export const privateContributionsTarget: StagedTarget<PrivateContributionRecord> = {
  stagingColumns: `source_row integer NOT NULL, ubigeo varchar(6) NOT NULL, year smallint NOT NULL, funder text NOT NULL, sector text NOT NULL,
                   description text, amount numeric(18,2) NOT NULL`,

  toCopyRow: (r) => [r.sourceRow, r.ubigeo, r.year, r.funder, r.sector, r.description, r.amount],

  validate: (sql) => unknownMunicipalities(sql, 'Ubigeo'),

  async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
    // Rows have no natural key (two gifts of a funder to a sector in a year are two rows): compare
    // each municipality-year's total with the one it replaces.
    const [counts] = await sql<MergeCountsRow[]>(
      `WITH previous AS (${previousImports('private')}),
       staged AS (SELECT ubigeo, year, count(*)::int AS n, sum(amount) AS total FROM staging GROUP BY ubigeo, year),
       old AS (SELECT c.ubigeo, c.year, sum(c.amount) AS total FROM private_contribution c
               JOIN previous p ON p.import_id = c.import_id AND p.ubigeo = c.ubigeo AND p.year = c.year GROUP BY c.ubigeo, c.year)
       SELECT coalesce(sum(s.n) FILTER (WHERE o.total IS NULL), 0)::int AS inserted,
              coalesce(sum(s.n) FILTER (WHERE o.total IS NOT NULL AND o.total <> s.total), 0)::int AS revised,
              coalesce(sum(s.n) FILTER (WHERE o.total = s.total), 0)::int AS unchanged,
              array_agg(DISTINCT s.year ORDER BY s.year) AS years
       FROM staged s LEFT JOIN old o ON o.ubigeo = s.ubigeo AND o.year = s.year`,
      [context.snapshotDate],
    );
    await sql(
      `INSERT INTO private_contribution (import_id, ubigeo, year, funder, sector, description, amount, source_row)
       SELECT $1, ubigeo, year, funder, sector, description, amount, source_row FROM staging`,
      [context.importId],
    );
    await recordScope(sql, 'private', context);
    return { inserted: counts.inserted, revised: counts.revised, unchanged: counts.unchanged, years: counts.years ?? [], warnings: [] };
  },
};
