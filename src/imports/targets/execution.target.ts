import { say } from '../../i18n/messages.js';
import type { StagedTarget, MergeCountsRow, MergeResult, Sql, TargetContext } from './import-target.js';

/** The merge's counts: `stored` rows not repeats, `repeated` the import a repeat repeats. */
interface ExecutionCountsRow extends MergeCountsRow {
  stored: number;
  repeated: number | null;
}
import { findWarnings, OVER_PIM } from './row-warnings.js';

export const AMOUNT_FIELDS = ['pia', 'pim', 'certificacion', 'compromisoAnual', 'atencionCompromisoMensual', 'devengado', 'girado'] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

/** One municipality-year of MEF's Consulta Amigable "gasto por municipalidad" export. */
export interface MunicipalExecutionRecord extends Record<AmountField, string> {
  sourceRow: number;
  year: number;
  departmentCode: string;
  departmentName: string;
  provinceCode: string;
  provinceName: string;
  ubigeo: string;
  secEjec: number;
  mefName: string;
  /** The file's own "Avance %", kept as written for comparison. */
  avanceReported: string | null;
}

const AMOUNTS = ['pia', 'pim', 'certificacion', 'compromiso_anual', 'atencion_compromiso_mensual', 'devengado', 'girado'];

/** Municipality-year totals (Consulta Amigable) into execution_snapshot: one row per municipality-year per import. */
export const executionTarget: StagedTarget<MunicipalExecutionRecord> = {
  stagingColumns: `
    source_row integer NOT NULL, year smallint NOT NULL, ubigeo varchar(6) NOT NULL, sec_ejec integer NOT NULL,
    mef_name text NOT NULL, department_code varchar(2) NOT NULL, department_name text NOT NULL,
    province_code varchar(4) NOT NULL, province_name text NOT NULL,
    ${AMOUNTS.map((c) => `${c} numeric(18,2) NOT NULL`).join(', ')}, avance_reported numeric(7,2)`,

  toCopyRow: (r) => [
    r.sourceRow,
    r.year,
    r.ubigeo,
    r.secEjec,
    r.mefName,
    r.departmentCode,
    r.departmentName,
    r.provinceCode,
    r.provinceName,
    ...AMOUNT_FIELDS.map((f) => r[f]),
    r.avanceReported,
  ],

  async merge(sql: Sql, { importId, snapshotDate }: TargetContext): Promise<MergeResult> {
    // Codes absent from INEI's current list (e.g. renumbered districts) are learned from the file's labels.
    const learned: { ubigeo: string }[] = await sql(`
      INSERT INTO municipality (ubigeo, name, kind, department_code, department_name, province_code, province_name, in_current_geography)
      SELECT DISTINCT ON (s.ubigeo) s.ubigeo, regexp_replace(s.mef_name, '^MUNICIPALIDAD (PROVINCIAL|DISTRITAL) DE ', ''),
             CASE WHEN s.mef_name ILIKE '%PROVINCIAL%' THEN 'provincial' ELSE 'district' END,
             s.department_code, s.department_name, s.province_code, s.province_name, false
      FROM staging s
      WHERE NOT EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = s.ubigeo)
      ORDER BY s.ubigeo, s.year DESC
      RETURNING ubigeo`);

    const before = AMOUNTS.map((c) => `l.${c}`).join(', ');
    const after = AMOUNTS.map((c) => `s.${c}`).join(', ');
    // Each row against the snapshot current at this file's cut-off. The same figures at the same cut-off
    // (the same export uploaded again as xlsx instead of csv: other bytes, same content) are a repeat,
    // not a second snapshot: counted as unchanged and not stored again.
    await sql(
      `CREATE TEMP TABLE judged_execution ON COMMIT DROP AS
       SELECT s.source_row, s.year, l.import_id AS previous,
              CASE WHEN l.ubigeo IS NULL THEN 'inserted' WHEN (${before}) IS DISTINCT FROM (${after}) THEN 'revised'
                   WHEN l.snapshot_date = $1 THEN 'repeat' ELSE 'unchanged' END AS outcome
       FROM staging s
       LEFT JOIN LATERAL (
         -- what was current as of this file's cut-off: a late upload of an old snapshot compares with its own time
         SELECT * FROM execution_snapshot e
         WHERE e.ubigeo = s.ubigeo AND e.year = s.year AND e.snapshot_date <= $1
         ORDER BY e.snapshot_date DESC, e.import_id DESC LIMIT 1
       ) l ON true`,
      [snapshotDate],
    );
    const [counts] = await sql<ExecutionCountsRow[]>(
      `SELECT count(*) FILTER (WHERE outcome = 'inserted')::int AS inserted, count(*) FILTER (WHERE outcome = 'revised')::int AS revised,
              count(*) FILTER (WHERE outcome IN ('unchanged', 'repeat'))::int AS unchanged,
              count(*) FILTER (WHERE outcome <> 'repeat')::int AS stored, max(previous) FILTER (WHERE outcome = 'repeat') AS repeated,
              array_agg(DISTINCT year ORDER BY year) AS years
       FROM judged_execution`,
    );
    await sql(
      `INSERT INTO execution_snapshot (import_id, ubigeo, year, snapshot_date, ${AMOUNTS.join(', ')}, avance_reported, source_row)
       SELECT $1, s.ubigeo, s.year, $2, ${AMOUNTS.map((c) => `s.${c}`).join(', ')}, s.avance_reported, s.source_row FROM staging s
       JOIN judged_execution j ON j.source_row = s.source_row WHERE j.outcome <> 'repeat'`,
      [importId, snapshotDate],
    );
    await learnExecutingUnits(sql);
    // rows of municipality-years that already have a later cut-off: stored as history, the later one stays current
    const [later] = await sql<{ rows: number; date: string | null }[]>(
      `SELECT count(*)::int AS rows, max(c.snapshot_date)::text AS date FROM execution_snapshot s
       JOIN execution_current c ON c.ubigeo = s.ubigeo AND c.year = s.year
       WHERE s.import_id = $1 AND c.import_id <> $1 AND c.snapshot_date > s.snapshot_date`,
      [importId],
    );
    const warnings = [
      ...(learned.length > 0
        ? [say('IMPORT_NOTE.learnedMunicipalities', { count: learned.length, ubigeos: learned.map((l) => l.ubigeo).join(', ') }).message]
        : []),
      ...(later.rows > 0 ? [say('IMPORT_NOTE.historyOnly', { count: later.rows, date: later.date! }).message] : []),
    ];
    return {
      inserted: counts.inserted,
      revised: counts.revised,
      unchanged: counts.unchanged,
      years: counts.years!, // a merge has staged rows: array_agg is not null
      warnings,
      sameContentAs: counts.stored === 0 ? counts.repeated : null,
    };
  },

  warnings: (sql) => findWarnings(sql, 'staging', 'source_row', OVER_PIM),
};

/** MEF's executing-unit code and name (when the file has them: 0 and '' mean not), from the most recent year staged. */
export async function learnExecutingUnits(sql: Sql): Promise<void> {
  await sql(`${LEARN} FROM (SELECT DISTINCT ON (ubigeo) ubigeo, sec_ejec, mef_name FROM staging ORDER BY ubigeo, year DESC) s WHERE m.ubigeo = s.ubigeo`);
}

/** The same, from executing units tallied while reading. */
export async function learnExecutingUnitsFrom(sql: Sql, units: { ubigeo: string; sec_ejec: number; mef_name: string }[]): Promise<void> {
  await sql(`${LEARN} FROM jsonb_to_recordset($1::jsonb) AS s(ubigeo text, sec_ejec int, mef_name text) WHERE m.ubigeo = s.ubigeo`, [JSON.stringify(units)]);
}

const LEARN = `UPDATE municipality m SET sec_ejec = coalesce(nullif(s.sec_ejec, 0), m.sec_ejec), mef_name = coalesce(nullif(s.mef_name, ''), m.mef_name)`;
