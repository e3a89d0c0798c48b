import type { RowError } from '../../common/domain-error.js';
import {
  type LoadOptions,
  type MergeResult,
  type Sql,
  type StagedTarget,
  type TargetContext,
  type TouchingCountsRow,
  unknownMunicipalities,
} from './import-target.js';

export const ENTITY_TYPES = ['municipality', 'regional_government', 'university'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface CanonEntityTransferRecord {
  sourceRow: number;
  /** Where the entity sits: the municipality itself, or the seat of a regional unit or university. */
  ubigeo: string;
  entityType: EntityType;
  entityName: string;
  year: number;
  throughMonth: number;
  concept: string;
  amount: string;
}

/**
 * Transfers to a department's entities into canon_entity_transfer. For each entity and year the latest
 * import (by snapshot date, then id) is the one read: an import replaces the entity-years it holds, as
 * a whole, and leaves the others.
 */
export const canonEntityTransfersTarget: StagedTarget<CanonEntityTransferRecord> = {
  stagingColumns: `source_row integer NOT NULL, ubigeo varchar(6) NOT NULL, entity_type varchar(20) NOT NULL, entity_name text NOT NULL,
                   year smallint NOT NULL, through_month smallint NOT NULL, concept varchar(24) NOT NULL, amount numeric(18,2) NOT NULL`,

  toCopyRow: (r) => [r.sourceRow, r.ubigeo, r.entityType, r.entityName, r.year, r.throughMonth, r.concept, r.amount],

  async validate(sql: Sql, options: LoadOptions): Promise<RowError[]> {
    const unknown = await unknownMunicipalities(sql, 'ubigeo');
    if (!options.allowedMunicipalities) return unknown;
    // a planner speaks for its municipalities, not for the regional government or a university seated there
    const others: { source_row: number; entity_name: string }[] = await sql(
      `SELECT source_row, entity_name FROM staging WHERE entity_type <> 'municipality' ORDER BY source_row LIMIT 100000`,
    );
    return [
      ...unknown,
      ...others.map((r) => ({
        row: r.source_row,
        column: 'entity_type',
        code: 'ENTITY_NOT_ALLOWED',
        message: 'a planner key imports transfers to municipalities only',
        value: r.entity_name.slice(0, 100),
      })),
    ];
  },

  async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
    const [counts] = await sql<TouchingCountsRow[]>(
      `WITH previous AS (
         SELECT DISTINCT ON (t.ubigeo, t.entity_type, t.entity_name, t.year) t.ubigeo, t.entity_type, t.entity_name, t.year, t.import_id
         FROM canon_entity_transfer t JOIN import i ON i.id = t.import_id
         WHERE i.snapshot_date <= $1 AND (t.ubigeo, t.entity_type, t.entity_name, t.year) IN (SELECT ubigeo, entity_type, entity_name, year FROM staging)
         ORDER BY t.ubigeo, t.entity_type, t.entity_name, t.year, i.snapshot_date DESC, t.import_id DESC)
       SELECT count(*) FILTER (WHERE o.id IS NULL)::int AS inserted,
              count(*) FILTER (WHERE o.id IS NOT NULL AND (o.amount, o.through_month) IS DISTINCT FROM (s.amount, s.through_month))::int AS revised,
              count(*) FILTER (WHERE o.id IS NOT NULL AND (o.amount, o.through_month) IS NOT DISTINCT FROM (s.amount, s.through_month))::int AS unchanged,
              array_agg(DISTINCT s.year ORDER BY s.year) AS years,
              array_agg(DISTINCT s.ubigeo ORDER BY s.ubigeo) AS touched
       FROM staging s
       LEFT JOIN previous p USING (ubigeo, entity_type, entity_name, year)
       LEFT JOIN canon_entity_transfer o ON o.import_id = p.import_id AND o.ubigeo = s.ubigeo AND o.entity_type = s.entity_type
                                        AND o.entity_name = s.entity_name AND o.year = s.year AND o.concept = s.concept`,
      [context.snapshotDate],
    );
    await sql(
      `INSERT INTO canon_entity_transfer (import_id, department_code, ubigeo, entity_type, entity_name, year, through_month, concept, amount, source_row)
       SELECT $1, left(ubigeo, 2), ubigeo, entity_type, entity_name, year, through_month, concept, amount, source_row FROM staging`,
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
