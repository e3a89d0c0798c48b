import { say } from '../../i18n/messages.js';
import { areaFromName } from '../../analytics/formulas.js';
import { type RowError, rowSays } from '../../common/domain-error.js';
import { foreignMunicipalEntities, knownProjects, projectsNotAllowed } from '../../projects/project-access.js';
import type { LoadOptions, MergeCountsRow, MergeResult, Sql, StagedTarget, TargetContext } from './import-target.js';
import { findWarnings, type WarningCheck } from './row-warnings.js';

/** One project of the Invierte.pe registry ("Banco de Inversiones") export. */
export interface ProjectRecord {
  sourceRow: number;
  cui: string;
  snipCode: string | null;
  name: string;
  entity: string | null;
  executor: string | null;
  locationUbigeo: string | null;
  sector: string | null;
  status: string | null;
  registeredOn: string | null;
  viableOn: string | null;
  beneficiaries: number | null;
  viableAmount: string | null;
  updatedCost: string | null;
  /** Texts of the row that look mis-encoded in the source (kept as written), one note a line, for the import's warning. */
  misEncoded: string | null;
  /** Amounts held rounded to the céntimo (a third decimal in the source), one note a line, for the import's warning. */
  roundedAmounts: string | null;
}

/** The registry's columns, as its export calls them, for errors. */
const CUI_COLUMN = 'Código único de inversión';
const ENTITY_COLUMN = 'Entidad';

/**
 * Registry rows into project (descriptive fields, from the newest snapshot) and project_cost (the
 * viable amount and updated cost of every snapshot, for cost growth).
 */
export const projectsTarget: StagedTarget<ProjectRecord> = {
  stagingColumns: `source_row integer NOT NULL, cui varchar(12) COLLATE "C" NOT NULL, snip_code varchar(12), name text NOT NULL,
    entity text, executor text, location_ubigeo varchar(6), sector text, status text, registered_on date, viable_on date,
    beneficiaries integer, viable_amount numeric(18,2), updated_cost numeric(18,2), name_area varchar(5), mis_encoded text, rounded_amounts text`,

  toCopyRow: (r) => [
    r.sourceRow,
    r.cui,
    r.snipCode,
    r.name,
    r.entity,
    r.executor,
    r.locationUbigeo,
    r.sector,
    r.status,
    r.registeredOn,
    r.viableOn,
    r.beneficiaries,
    r.viableAmount,
    r.updatedCost,
    areaFromName(r.name),
    r.misEncoded,
    r.roundedAmounts,
  ],

  async validate(sql: Sql, { allowedMunicipalities }: LoadOptions): Promise<RowError[]> {
    const rows: { source_row: number; location_ubigeo: string }[] = await sql(
      `SELECT s.source_row, s.location_ubigeo FROM staging s
       WHERE s.location_ubigeo IS NOT NULL AND NOT EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = s.location_ubigeo)
       ORDER BY s.source_row LIMIT 100000`,
    );
    const errors: RowError[] = rows.map((r) => ({
      row: r.source_row,
      column: 'Ubigeo',
      ...rowSays('UNKNOWN_MUNICIPALITY.district', { ubigeo: r.location_ubigeo }),
      value: r.location_ubigeo,
    }));
    if (!allowedMunicipalities) return errors;
    return [...errors, ...(await projectsOfOthers(sql, allowedMunicipalities))].sort((a, b) => a.row - b.row);
  },

  // a CUI on several rows (one per district it reaches) is merged below, its first row winning: each later row is named
  warnings: (sql) =>
    findWarnings(sql, `(SELECT s.source_row, s.cui, min(s.source_row) OVER (PARTITION BY s.cui) AS first FROM staging s) w`, 'source_row', [REPEATED_CUI]),

  async merge(sql: Sql, { importId, snapshotDate }: TargetContext, { allowedMunicipalities }: LoadOptions): Promise<MergeResult> {
    // One project per CUI: its first row's description and cost, and every district of its rows. A
    // planner's file speaks for its own municipalities only: the project's other districts stay.
    await sql(
      `CREATE TEMP TABLE staged_project ON COMMIT DROP AS
       SELECT DISTINCT ON (s.cui) s.*, coalesce(l.locations, '{}') AS locations
       FROM staging s
       LEFT JOIN (
         SELECT cui, array_agg(DISTINCT u ORDER BY u) AS locations FROM (
           SELECT cui, location_ubigeo AS u FROM staging WHERE location_ubigeo IS NOT NULL
           UNION ALL
           SELECT p.cui, u FROM project p, unnest(p.locations) u
           WHERE $1::varchar[] IS NOT NULL AND p.cui IN (SELECT cui FROM staging) AND u <> ALL($1::varchar[])
         ) x GROUP BY cui
       ) l ON l.cui = s.cui
       ORDER BY s.cui, s.source_row`,
      [allowedMunicipalities ?? null],
    );
    // every district of the projects before and after: a project that leaves a municipality touches it too
    const [{ touched }] = await sql<{ touched: string[] }[]>(
      `SELECT coalesce(array_agg(DISTINCT l ORDER BY l), '{}') AS touched FROM (
         SELECT unnest(locations) AS l FROM staged_project
         UNION SELECT unnest(p.locations) FROM project p JOIN staged_project s USING (cui)) x`,
    );
    const [counts] = await sql<Omit<MergeCountsRow, 'years'>[]>(
      `SELECT count(*) FILTER (WHERE c.cui IS NULL)::int AS inserted,
              count(*) FILTER (WHERE c.cui IS NOT NULL AND (c.viable_amount, c.updated_cost) IS DISTINCT FROM (s.viable_amount, s.updated_cost))::int AS revised,
              count(*) FILTER (WHERE c.cui IS NOT NULL AND (c.viable_amount, c.updated_cost) IS NOT DISTINCT FROM (s.viable_amount, s.updated_cost))::int AS unchanged
       FROM staged_project s
       LEFT JOIN LATERAL (
         SELECT * FROM project_cost pc WHERE pc.cui = s.cui AND pc.snapshot_date <= $1
         ORDER BY pc.snapshot_date DESC, pc.import_id DESC LIMIT 1
       ) c ON true`,
      [snapshotDate],
    );
    await sql(
      `INSERT INTO project_cost (cui, import_id, snapshot_date, viable_amount, updated_cost)
       SELECT cui, $1, $2, viable_amount, updated_cost FROM staged_project`,
      [importId, snapshotDate],
    );
    await sql(
      `INSERT INTO project (cui, snip_code, name, name_area, entity, executor, location_ubigeo, locations, sector, status, registered_on, viable_on,
                            beneficiaries, import_id, snapshot_date)
       SELECT cui, snip_code, name, name_area, entity, executor, locations[1], locations, sector, status, registered_on, viable_on, beneficiaries, $1, $2
       FROM staged_project
       ON CONFLICT (cui) DO UPDATE SET
         snip_code = coalesce(EXCLUDED.snip_code, project.snip_code), name = EXCLUDED.name, name_area = EXCLUDED.name_area, entity = EXCLUDED.entity,
         executor = EXCLUDED.executor, location_ubigeo = EXCLUDED.location_ubigeo, locations = EXCLUDED.locations,
         sector = EXCLUDED.sector, status = EXCLUDED.status, registered_on = EXCLUDED.registered_on, viable_on = EXCLUDED.viable_on,
         beneficiaries = EXCLUDED.beneficiaries, import_id = EXCLUDED.import_id, snapshot_date = EXCLUDED.snapshot_date
       WHERE project.snapshot_date <= EXCLUDED.snapshot_date`,
      [importId, snapshotDate],
    );
    return { ...counts, years: [], warnings: await noteWarnings(sql), touched };
  },
};

const REPEATED_CUI: WarningCheck = {
  key: 'REPEATED_CUI',
  column: 'cui',
  where: 'source_row > first',
  fields: { cui: 'cui', first: 'first' },
  params: (f) => ({ cui: f.cui, first: f.first }),
  value: (f) => f.cui,
};

/**
 * Rows a planner of `municipalities` may not write, whatever district they name: a project the tracker
 * knows that is another municipality's (project-access.ts), or a new one whose owning entity is another
 * municipality.
 */
async function projectsOfOthers(sql: Sql, municipalities: string[]): Promise<RowError[]> {
  const [{ cuis }] = await sql<{ cuis: string[] }[]>(`SELECT coalesce(array_agg(DISTINCT cui), '{}') AS cuis FROM staging`);
  const [refused, known] = [await projectsNotAllowed(sql, cuis, municipalities), await knownProjects(sql, cuis)];
  const [{ entities }] = await sql<{ entities: string[] }[]>(
    `SELECT coalesce(array_agg(DISTINCT entity), '{}') AS entities FROM staging WHERE entity IS NOT NULL AND cui <> ALL($1::varchar[])`,
    [known],
  );
  const foreign = await foreignMunicipalEntities(sql, entities, municipalities);
  if (refused.length === 0 && foreign.length === 0) return [];
  const rows: { source_row: number; cui: string; entity: string | null; refused: boolean }[] = await sql(
    `SELECT source_row, cui, entity, cui = ANY($1::varchar[]) AS refused FROM staging
     WHERE cui = ANY($1::varchar[]) OR (cui <> ALL($2::varchar[]) AND entity = ANY($3::text[]))
     ORDER BY source_row LIMIT 100000`,
    [refused, known, foreign],
  );
  return rows.map((r) =>
    r.refused
      ? { row: r.source_row, column: CUI_COLUMN, ...rowSays('PROJECT_NOT_ALLOWED', { cui: r.cui }), value: r.cui }
      : { row: r.source_row, column: ENTITY_COLUMN, ...rowSays('PROJECT_NOT_ALLOWED.new', { cui: r.cui }), value: r.entity },
  );
}

/** Notes shown of texts that look mis-encoded in the source. */
const MAX_NOTES = 20;

/** Warnings of what the file holds differently from how the tracker keeps it: names that look mis-encoded (kept as written), amounts rounded to the céntimo. */
async function noteWarnings(sql: Sql): Promise<string[]> {
  const notes: { note: string; rows: number }[] = await sql(
    `SELECT note, count(*)::int AS rows FROM staging, unnest(string_to_array(mis_encoded, E'\\n')) AS note
     WHERE mis_encoded IS NOT NULL GROUP BY note ORDER BY count(*) DESC, note`,
  );
  const [{ rounded }]: { rounded: string[] }[] = await sql(
    `SELECT coalesce(array_agg(note ORDER BY source_row, note), '{}') AS rounded FROM staging, unnest(string_to_array(rounded_amounts, E'\\n')) AS note`,
  );
  const roundedWarning =
    rounded.length > 0
      ? [
          say('IMPORT_NOTE.rounded', {
            count: rounded.length,
            examples: `${rounded.slice(0, MAX_NOTES).join('; ')}${rounded.length > MAX_NOTES ? `; and ${rounded.length - MAX_NOTES} more` : ''}`,
          }).message,
        ]
      : [];
  if (notes.length === 0) return roundedWarning;
  const listed = notes.slice(0, MAX_NOTES).map((n) => `${n.note} (${n.rows} row${n.rows === 1 ? '' : 's'})`);
  return [
    say('IMPORT_NOTE.misEncoded', {
      count: notes.length,
      examples: `${listed.join('; ')}${notes.length > MAX_NOTES ? `; and ${notes.length - MAX_NOTES} more` : ''}`,
    }).message,
    ...roundedWarning,
  ];
}
