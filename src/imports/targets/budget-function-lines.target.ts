import { say } from '../../i18n/messages.js';
import { type RowError, rowSays } from '../../common/domain-error.js';
import {
  type LoadOptions,
  type MergeCountsRow,
  type MergeResult,
  previousImports,
  recordScope,
  type Sql,
  type StagedTarget,
  type TargetContext,
} from './import-target.js';

/** One row of the budget-by-función layout: a municipality-year's PIM and devengado of one función (and rubro). */
export interface BudgetFunctionRecord {
  sourceRow: number;
  /** null when the row names its municipality by MEF's executing unit only (resolved at validation). */
  ubigeo: string | null;
  secEjec: number | null;
  year: number;
  functionCode: string;
  functionName: string;
  /** The row's own rubro; null when it leaves it to what the request or the file states. */
  rubroCode: string | null;
  pim: string;
  devengado: string;
}

/** Where a line's rubro came from, as stored: its own column, the request, or the file's statement. */
const RUBRO_SOURCE = (options: LoadOptions) => options.statement?.rubro;

/**
 * Budget-by-función rows into budget_function_line. Rows named by executing unit get the ubigeo of the one
 * municipality with that SEC_EJEC; rows without a rubro take the stated one. Each municipality-year of the
 * latest import (by snapshot date, then id) is the one read: an import replaces the municipality-years it
 * holds, as a whole (its import_scope, dataset 'budget_function'), and leaves the others.
 */
export const budgetFunctionLinesTarget: StagedTarget<BudgetFunctionRecord> = {
  stagingColumns: `source_row integer NOT NULL, ubigeo varchar(6) COLLATE "C", sec_ejec integer, year smallint NOT NULL,
                   function_code varchar(2) COLLATE "C" NOT NULL, function_name text NOT NULL, rubro_code varchar(2) COLLATE "C",
                   rubro_source varchar(8), pim numeric(18,2) NOT NULL, devengado numeric(18,2) NOT NULL`,

  toCopyRow: (r) => [
    r.sourceRow,
    r.ubigeo,
    r.secEjec,
    r.year,
    r.functionCode,
    r.functionName,
    r.rubroCode,
    r.rubroCode === null ? null : 'column',
    r.pim,
    r.devengado,
  ],

  async validate(sql: Sql, options: LoadOptions): Promise<RowError[]> {
    await sql(
      `UPDATE staging s SET ubigeo = m.ubigeo
       FROM (SELECT sec_ejec, min(ubigeo) AS ubigeo FROM municipality WHERE sec_ejec IS NOT NULL GROUP BY sec_ejec HAVING count(*) = 1) m
       WHERE s.ubigeo IS NULL AND m.sec_ejec = s.sec_ejec`,
    );
    const stated = RUBRO_SOURCE(options);
    if (stated) await sql(`UPDATE staging SET rubro_code = $1, rubro_source = $2 WHERE rubro_code IS NULL`, [stated.code, stated.source]);
    const problems: { source_row: number; column: string; problem: string; value: string | null; first: number | null; key: string | null }[] = await sql(
      `SELECT source_row, 'sec_ejec' AS column, 'unit' AS problem, sec_ejec::text AS value, NULL::int AS first, NULL AS key FROM staging WHERE ubigeo IS NULL
       UNION ALL
       SELECT s.source_row, 'ubigeo', 'municipality', s.ubigeo, NULL, NULL FROM staging s
       WHERE s.ubigeo IS NOT NULL AND NOT EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = s.ubigeo)
       UNION ALL
       SELECT source_row, 'rubro', 'rubro', NULL, NULL, NULL FROM staging WHERE rubro_code IS NULL
       UNION ALL
       -- the same line twice once executing units are resolved (a row by ubigeo, another by its unit)
       SELECT source_row, 'funcion', 'repeat', function_code, first, key FROM (
         SELECT source_row, function_code, min(source_row) OVER w AS first, concat_ws('/', ubigeo, year, rubro_code, function_code) AS key
         FROM staging WHERE ubigeo IS NOT NULL WINDOW w AS (PARTITION BY ubigeo, year, rubro_code, function_code)) d
       WHERE source_row <> first
       ORDER BY 1 LIMIT 100000`,
    );
    return problems.map((p): RowError => {
      const said =
        p.problem === 'unit'
          ? rowSays('UNKNOWN_EXECUTING_UNIT', { secEjec: p.value ?? '' })
          : p.problem === 'municipality'
            ? rowSays('UNKNOWN_MUNICIPALITY', { ubigeo: p.value ?? '' })
            : p.problem === 'rubro'
              ? rowSays('MISSING_VALUE.column', { column: 'rubro' })
              : rowSays('DUPLICATE_ROW', { key: p.key ?? '', first: p.first ?? 0 });
      return { row: p.source_row, column: p.column, ...said, value: p.value };
    });
  },

  async merge(sql: Sql, context: TargetContext, options: LoadOptions): Promise<MergeResult> {
    const amounts = (alias: string) => `(${alias}.pim, ${alias}.devengado)`;
    const [counts] = await sql<(MergeCountsRow & { sources: string[] | null; rubros: string[] | null })[]>(
      `WITH previous AS (${previousImports('budget_function')})
       SELECT count(*) FILTER (WHERE o.import_id IS NULL)::int AS inserted,
              count(*) FILTER (WHERE o.import_id IS NOT NULL AND ${amounts('o')} IS DISTINCT FROM ${amounts('s')})::int AS revised,
              count(*) FILTER (WHERE o.import_id IS NOT NULL AND ${amounts('o')} IS NOT DISTINCT FROM ${amounts('s')})::int AS unchanged,
              array_agg(DISTINCT s.year ORDER BY s.year) AS years,
              array_agg(DISTINCT s.rubro_source) AS sources, array_agg(DISTINCT s.rubro_code ORDER BY s.rubro_code) AS rubros
       FROM staging s
       LEFT JOIN previous p ON p.ubigeo = s.ubigeo AND p.year = s.year
       LEFT JOIN budget_function_line o ON o.import_id = p.import_id AND o.ubigeo = s.ubigeo AND o.year = s.year
                                       AND o.rubro_code = s.rubro_code AND o.function_code = s.function_code`,
      [context.snapshotDate],
    );
    await sql(
      `INSERT INTO budget_function_line (import_id, ubigeo, year, function_code, function_name, rubro_code, rubro_source, pim, devengado, source_row)
       SELECT $1, ubigeo, year, function_code, function_name, rubro_code, rubro_source, pim, devengado, source_row FROM staging`,
      [context.importId],
    );
    await recordScope(sql, 'budget_function', context);
    const warnings = [say('IMPORT_NOTE.functionGrain', { rubros: (counts.rubros as string[]).join(', ') }).message];
    const stated = RUBRO_SOURCE(options);
    if (stated?.source === 'file' && (counts.sources as string[]).includes('file')) {
      warnings.push(say('IMPORT_NOTE.rubroFromFile', { code: stated.code }).message);
    }
    return { inserted: counts.inserted, revised: counts.revised, unchanged: counts.unchanged, years: counts.years ?? [], warnings };
  },
};
