import { say } from '../../i18n/messages.js';
import { type MunicipalityName, municipalityOfEntity } from '../../works/entity-municipality.js';
import { budgetMunicipalities, entityMunicipality, placedByNoRecord, registryMunicipalities, workPlaces } from '../../works/work-location.js';
import { type RowError, rowSays } from '../../common/domain-error.js';
import type { LoadOptions, MergeCountsRow, MergeResult, Sql, StagedTarget, TargetContext } from './import-target.js';

/** One investment as one of SSI's files shows it (ssi-f12b.format.ts, ssi-detail.format.ts). */
export interface FollowUpRecord {
  sourceRow: number;
  /** f12b: the Formato 12-B follow-up; detail: the SSI investment detail. */
  source: 'f12b' | 'detail';
  cui: string;
  /** The day of the last 12-B update (FECHA_ULT_ACT_F12B), in Lima. */
  reportedOn: string | null;
  name: string | null;
  /** The executing unit of the investment (DES_UNIDAD_UEI). */
  unit: string | null;
  /** The owning entity (detail's ENTIDAD). */
  entity: string | null;
  level: string | null;
  snipCode: string | null;
  viableAmount: string | null;
  updatedCost: string | null;
  /** Accumulated devengado (detail's DEV_ACUMULADO). */
  accruedTotal: string | null;
  /** Physical progress, % built; null when not reported. */
  physicalPct: string | null;
  /** Financial progress as the 12-B reports it (PORC_AVANCE_EJEC). */
  financialPct: string | null;
  stalled: boolean | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  modality: string | null;
  situation: string | null;
  lastSituation: string | null;
  lastProblem: string | null;
  /** Amounts of the row held rounded to the céntimo (a third decimal in the source), one note a line, for the import's warning. */
  roundedAmounts: string | null;
}

/** The columns that make a row's content: an import that brings the same content adds no history row. */
const CONTENT = [
  'reported_on',
  'name',
  'unit',
  'entity',
  'entity_ubigeo',
  'level',
  'snip_code',
  'viable_amount',
  'updated_cost',
  'accrued_total',
  'physical_pct',
  'financial_pct',
  'stalled',
  'planned_start',
  'planned_end',
  'modality',
  'situation',
  'last_situation',
  'last_problem',
].join(', ');
/** Examples an import's warning lists of the works it could place nowhere. */
const MAX_EXAMPLES = 20;

/**
 * SSI rows into work_follow_up, as history: each row describes its CUI on a day (`as_of`: the 12-B's day
 * of last update, else the import's snapshot date; the detail's accumulated devengado is as of the
 * download, so always the snapshot date). A row is added only when it differs from the row of the same
 * CUI and source that stood on that day: re-importing the same content adds nothing.
 */
export const workFollowUpsTarget: StagedTarget<FollowUpRecord> = {
  stagingColumns: `source_row integer NOT NULL, source varchar(8) NOT NULL, cui varchar(12) COLLATE "C" NOT NULL, reported_on date, name text, unit text,
    entity text, entity_ubigeo varchar(6) COLLATE "C", level varchar(4), snip_code varchar(12), viable_amount numeric(18,2), updated_cost numeric(18,2),
    accrued_total numeric(18,2), physical_pct numeric(6,2), financial_pct numeric(6,2), stalled boolean, planned_start date, planned_end date,
    modality text, situation text, last_situation text, last_problem text, rounded_amounts text`,

  toCopyRow: (r) => [
    r.sourceRow,
    r.source,
    r.cui,
    r.reportedOn,
    r.name,
    r.unit,
    r.entity,
    null,
    r.level,
    r.snipCode,
    r.viableAmount,
    r.updatedCost,
    r.accruedTotal,
    r.physicalPct,
    r.financialPct,
    r.stalled === null ? null : String(r.stalled),
    r.plannedStart,
    r.plannedEnd,
    r.modality,
    r.situation,
    r.lastSituation,
    r.lastProblem,
    r.roundedAmounts,
  ],

  /**
   * A planner's rows: only works placed in its municipalities, as the works are read: by their registry record,
   * else their current budget lines; else by their owning entity, both the one on record (the latest follow-up
   * kept) and the one the row names, so that a row naming the planner's municipality cannot move another's
   * work. Others, and works placed nowhere, are row errors.
   */
  async validate(sql: Sql, { allowedMunicipalities, columns }: LoadOptions): Promise<RowError[]> {
    if (!allowedMunicipalities) return [];
    await placeEntities(sql);
    const rows: { source_row: number; cui: string }[] = await sql(
      `SELECT source_row, cui FROM (
         SELECT s.source_row, s.cui, coalesce(${registryMunicipalities('s.cui')}, ${budgetMunicipalities('s.cui')}) AS places,
                ${entityMunicipality('s.cui')} AS owner, s.entity_ubigeo AS named
         FROM staging s) w
       WHERE NOT CASE WHEN places IS NOT NULL THEN places && $1::varchar[]
                      WHEN owner IS NULL AND named IS NULL THEN false
                      ELSE (owner IS NULL OR owner = ANY($1::varchar[])) AND (named IS NULL OR named = ANY($1::varchar[])) END
       ORDER BY source_row LIMIT 100000`,
      [allowedMunicipalities],
    );
    return rows.map((r) => ({
      row: r.source_row,
      column: columns?.cui ?? 'CODIGO_UNICO',
      ...rowSays('PROJECT_NOT_ALLOWED.work', { cui: r.cui }),
      value: r.cui,
    }));
  },

  async merge(sql: Sql, { importId, snapshotDate }: TargetContext): Promise<MergeResult> {
    const reasons = await placeEntities(sql);
    await sql(
      `CREATE TEMP TABLE staged_follow_up ON COMMIT DROP AS
       SELECT s.*, CASE WHEN s.source = 'f12b' THEN coalesce(s.reported_on, $1::date) ELSE $1::date END AS as_of FROM staging s`,
      [snapshotDate],
    );
    // against the row of the same CUI and source that stood on the day: the same content adds nothing, a
    // different one on the same day revises it, a later day is new history
    await sql(
      `CREATE TEMP TABLE judged_follow_up ON COMMIT DROP AS
       SELECT s.cui, CASE WHEN p.cui IS NULL THEN 'inserted' WHEN (${prefixed('p')}) IS NOT DISTINCT FROM (${prefixed('s')}) THEN 'unchanged'
                          WHEN p.as_of = s.as_of THEN 'revised' ELSE 'inserted' END AS outcome
       FROM staged_follow_up s
       LEFT JOIN LATERAL (
         SELECT * FROM work_follow_up w WHERE w.cui = s.cui AND w.source = s.source AND w.as_of <= s.as_of ORDER BY w.as_of DESC, w.import_id DESC LIMIT 1
       ) p ON true`,
    );
    const [counts] = await sql<Omit<MergeCountsRow, 'years'>[]>(
      `SELECT count(*) FILTER (WHERE outcome = 'inserted')::int AS inserted, count(*) FILTER (WHERE outcome = 'revised')::int AS revised,
              count(*) FILTER (WHERE outcome = 'unchanged')::int AS unchanged FROM judged_follow_up`,
    );
    // the owners on record of the works placed by their owner alone: a follow-up naming another moves the work from them
    const [{ former }] = await sql<{ former: string[] }[]>(
      `SELECT coalesce(array_agg(DISTINCT o), '{}') AS former
       FROM (SELECT ${entityMunicipality('s.cui')} AS o FROM staged_follow_up s JOIN judged_follow_up j ON j.cui = s.cui
             WHERE j.outcome <> 'unchanged' AND ${placedByNoRecord('s.cui')}) x
       WHERE o IS NOT NULL`,
    );
    await sql(
      `INSERT INTO work_follow_up (cui, source, as_of, import_id, ${CONTENT})
       SELECT s.cui, s.source, s.as_of, $1, ${prefixed('s')} FROM staged_follow_up s
       JOIN judged_follow_up j ON j.cui = s.cui WHERE j.outcome <> 'unchanged'`,
      [importId],
    );
    const unplaced: { cui: string; entity: string | null }[] = await sql(
      `SELECT s.cui, s.entity FROM staged_follow_up s
       WHERE ${placedByNoRecord('s.cui')} AND ${entityMunicipality('s.cui')} IS NULL
       ORDER BY s.cui`,
    );
    const [{ rounded }]: { rounded: string[] }[] = await sql(
      `SELECT coalesce(array_agg(note ORDER BY source_row, note), '{}') AS rounded FROM staging, unnest(string_to_array(rounded_amounts, E'\\n')) AS note`,
    );
    const warnings = [
      ...(rounded.length > 0 ? [say('IMPORT_NOTE.rounded', { count: rounded.length, examples: examplesOf(rounded) }).message] : []),
      ...(unplaced.length > 0 ? [unplacedWarning(unplaced, reasons)] : []),
    ];
    // the municipalities of the works written, placed as the works read places them, for the audit trail
    const [{ touched }] = await sql<{ touched: string[] }[]>(
      `SELECT coalesce(array_agg(DISTINCT u ORDER BY u), '{}') AS touched
       FROM (SELECT unnest(${workPlaces('s.cui')}) AS u
             FROM staged_follow_up s JOIN judged_follow_up j ON j.cui = s.cui WHERE j.outcome <> 'unchanged') x
       WHERE u IS NOT NULL`,
    );
    return { ...counts, years: [], warnings, touched: [...new Set([...touched, ...former])].sort() };
  },
};

const prefixed = (alias: string) =>
  CONTENT.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

/** Sets each staged row's entity_ubigeo from its owning entity's name; returns why the others place nothing. */
async function placeEntities(sql: Sql): Promise<Map<string, string>> {
  const [{ entities }]: { entities: string[] }[] = await sql(
    `SELECT coalesce(array_agg(DISTINCT entity), '{}') AS entities FROM staging WHERE entity IS NOT NULL`,
  );
  const reasons = new Map<string, string>();
  if (entities.length === 0) return reasons;
  const municipalities: MunicipalityName[] = await sql(
    `SELECT ubigeo, name, kind, province_name AS "provinceName", department_name AS "departmentName", mef_name AS "mefName" FROM municipality`,
  );
  const placed: [string, string][] = [];
  for (const entity of entities) {
    const match = municipalityOfEntity(entity, municipalities);
    if (match.ubigeo !== null) placed.push([entity, match.ubigeo]);
    else reasons.set(entity, match.reason);
  }
  if (placed.length > 0) {
    await sql(`UPDATE staging s SET entity_ubigeo = x.ubigeo FROM unnest($1::text[], $2::varchar[]) AS x(entity, ubigeo) WHERE s.entity = x.entity`, [
      placed.map((p) => p[0]),
      placed.map((p) => p[1]),
    ]);
  }
  return reasons;
}

function examplesOf(notes: string[]): string {
  return `${notes.slice(0, MAX_EXAMPLES).join('; ')}${notes.length > MAX_EXAMPLES ? `; and ${notes.length - MAX_EXAMPLES} more` : ''}`;
}

function unplacedWarning(rows: { cui: string; entity: string | null }[], reasons: Map<string, string>): string {
  // the municipal owners whose names designate none or several municipalities, in full: those a person can place
  const municipal = rows.filter((r) => r.entity !== null && reasons.get(r.entity) !== 'not a municipality');
  const others = rows.filter((r) => !municipal.includes(r));
  const other = others.slice(0, MAX_EXAMPLES).map((r) => (r.entity === null ? `${r.cui} (no owning entity in this file)` : `${r.cui} (${r.entity})`));
  // the details' English words are worded for the reader with the note (NOTE_WORDS)
  const details =
    (municipal.length > 0
      ? ` Owned by a municipality whose name designates none or several: ${municipal.map((r) => `${r.cui} (${r.entity}: ${reasons.get(r.entity!)})`).join('; ')}.`
      : '') +
    (others.length > 0
      ? ` Owned by no municipality, or with no owner in this file: ${other.join('; ')}${others.length > MAX_EXAMPLES ? `; and ${others.length - MAX_EXAMPLES} more` : ''}.`
      : '');
  return say('IMPORT_NOTE.unplaced', { count: rows.length, details }).message;
}
