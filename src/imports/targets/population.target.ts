import { rebuildPopulationNearest } from '../../budget/rollups.js';
import { type StagedTarget, type MergeResult, type Sql, type TargetContext, type TouchingCountsRow, unknownMunicipalities } from './import-target.js';

export interface PopulationRecord {
  sourceRow: number;
  ubigeo: string;
  year: number;
  total: number;
  urban: number;
  rural: number;
  /** The row's FECHA_CORTE (MINAM's yyyymmdd), when it is a real date. */
  cutOff: string | null;
}

/** Population rows into the reference table: a new year is added, a known one replaced; the audit trail lists their districts. */
export const populationTarget: StagedTarget<PopulationRecord> = {
  stagingColumns:
    'source_row integer NOT NULL, ubigeo varchar(6) NOT NULL, year smallint NOT NULL, total integer NOT NULL, urban integer NOT NULL, rural integer NOT NULL',

  toCopyRow: (r) => [r.sourceRow, r.ubigeo, r.year, r.total, r.urban, r.rural],

  validate: (sql) => unknownMunicipalities(sql, 'UBIGEO'),

  async merge(sql: Sql, { importId }: TargetContext): Promise<MergeResult> {
    const [counts] = await sql<TouchingCountsRow[]>(`
      SELECT count(*) FILTER (WHERE p.ubigeo IS NULL)::int AS inserted,
             count(*) FILTER (WHERE p.ubigeo IS NOT NULL AND (p.total, p.urban, p.rural) IS DISTINCT FROM (s.total, s.urban, s.rural))::int AS revised,
             count(*) FILTER (WHERE p.ubigeo IS NOT NULL AND (p.total, p.urban, p.rural) IS NOT DISTINCT FROM (s.total, s.urban, s.rural))::int AS unchanged,
             array_agg(DISTINCT s.year ORDER BY s.year) AS years,
             array_agg(DISTINCT s.ubigeo ORDER BY s.ubigeo) AS touched
      FROM staging s LEFT JOIN population p ON p.ubigeo = s.ubigeo AND p.year = s.year`);
    await sql(
      `INSERT INTO population (ubigeo, year, total, urban, rural, source)
       SELECT ubigeo, year, total, urban, rural, 'import ' || $1 FROM staging
       ON CONFLICT (ubigeo, year) DO UPDATE SET total = EXCLUDED.total, urban = EXCLUDED.urban, rural = EXCLUDED.rural, source = EXCLUDED.source`,
      [importId],
    );
    await rebuildPopulationNearest(sql);
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
