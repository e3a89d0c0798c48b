import { type RowError, rowSays } from '../../common/domain-error.js';
import { type NamedMunicipality, resolvePlace } from '../../geography/place-names.js';
import type { PlaceLevel } from '../../geography/places.js';
import type { MergeCountsRow, MergeResult, Sql, StagedTarget, TargetContext } from './import-target.js';

/** One social-conflict case of the Defensoría del Pueblo's monthly report, as the report places it (by names). */
export interface ConflictCaseRecord {
  sourceRow: number;
  caseName: string;
  department: string;
  /** Null when the report names none ("No detalla", or empty). */
  province: string | null;
  district: string | null;
  company: string;
  kind: string | null;
  activity: string | null;
  state: string;
  phase: string;
  violence: boolean;
  dialogue: boolean;
  competence: string | null;
  latitude: string | null;
  longitude: string | null;
}

/** The report's columns, as its table calls them, for errors about a place. */
const COLUMN: Record<PlaceLevel, string> = { department: 'departamento', province: 'provincia', district: 'distrito' };

/**
 * Conflict cases into conflict_case. The places come by name: `validate` resolves each row's
 * department, province and district against the reference geography (resolvePlace) and stores the
 * code in staging, or reports the name that matches no place or several, with its row and column.
 */
export const conflictCasesTarget: StagedTarget<ConflictCaseRecord> = {
  stagingColumns: `source_row integer NOT NULL, case_name text NOT NULL, department text NOT NULL, province text, district text, company text NOT NULL,
    kind text, activity text, state text NOT NULL, phase text NOT NULL, violence boolean NOT NULL, dialogue boolean NOT NULL, competence text,
    latitude numeric, longitude numeric, place varchar(6) COLLATE "C"`,

  toCopyRow: (r) => [
    r.sourceRow,
    r.caseName,
    r.department,
    r.province,
    r.district,
    r.company,
    r.kind,
    r.activity,
    r.state,
    r.phase,
    String(r.violence),
    String(r.dialogue),
    r.competence,
    r.latitude,
    r.longitude,
    null,
  ],

  async validate(sql: Sql): Promise<RowError[]> {
    const rows: { source_row: number; department: string; province: string | null; district: string | null }[] = await sql(
      `SELECT source_row, department, province, district FROM staging ORDER BY source_row`,
    );
    const municipalities: NamedMunicipality[] = await sql(
      `SELECT ubigeo, name, department_code AS "departmentCode", department_name AS "departmentName", province_code AS "provinceCode", province_name AS "provinceName" FROM municipality`,
    );
    const placed: { row: number; place: string }[] = [];
    const errors: RowError[] = [];
    for (const r of rows) {
      const resolved = resolvePlace(r, municipalities);
      if ('place' in resolved) {
        placed.push({ row: r.source_row, place: resolved.place });
        continue;
      }
      const within = resolved.within ?? '';
      const said =
        resolved.problem === 'none'
          ? rowSays(`UNKNOWN_PLACE.${resolved.level}`, { name: resolved.name, within })
          : rowSays(`AMBIGUOUS_PLACE.${resolved.level}`, { name: resolved.name, within, candidates: resolved.candidates });
      errors.push({ row: r.source_row, column: COLUMN[resolved.level], ...said, value: resolved.name });
    }
    await sql(`UPDATE staging s SET place = x.place FROM unnest($1::int[], $2::varchar[]) AS x(row, place) WHERE s.source_row = x.row`, [
      placed.map((p) => p.row),
      placed.map((p) => p.place),
    ]);
    return errors;
  },

  async merge(sql: Sql, { importId }: TargetContext): Promise<MergeResult> {
    // a report is the whole picture at its cut-off: every case is this import's, compared with the latest import before it by case name and place
    const [counts] = await sql<Omit<MergeCountsRow, 'years'>[]>(
      `WITH previous AS (
         SELECT c.* FROM conflict_case c
         WHERE c.import_id = (SELECT i.id FROM import i WHERE i.format = 'defensoria-conflicts' AND i.status = 'completed' AND i.id <> $1
                              ORDER BY i.snapshot_date DESC, i.id DESC LIMIT 1))
       SELECT count(*) FILTER (WHERE p.case_name IS NULL)::int AS inserted,
              count(*) FILTER (WHERE p.case_name IS NOT NULL AND (p.state, p.phase, p.dialogue, p.violence) IS DISTINCT FROM (s.state, s.phase, s.dialogue, s.violence))::int AS revised,
              count(*) FILTER (WHERE p.case_name IS NOT NULL AND (p.state, p.phase, p.dialogue, p.violence) IS NOT DISTINCT FROM (s.state, s.phase, s.dialogue, s.violence))::int AS unchanged
       FROM staging s
       LEFT JOIN LATERAL (SELECT * FROM previous p WHERE p.case_name = s.case_name AND p.place = s.place LIMIT 1) p ON true`,
      [importId],
    );
    // every municipality of the places named, for the audit trail
    const [{ touched }] = await sql<{ touched: string[] }[]>(
      `SELECT coalesce(array_agg(m.ubigeo ORDER BY m.ubigeo), '{}') AS touched FROM municipality m WHERE EXISTS (SELECT 1 FROM staging s WHERE starts_with(m.ubigeo, s.place))`,
    );
    await sql(
      `INSERT INTO conflict_case (import_id, source_row, case_name, place, department, province, district, company, kind, activity, state, phase,
                                  violence, dialogue, competence, latitude, longitude)
       SELECT $1, source_row, case_name, place, department, province, district, company, kind, activity, state, phase, violence, dialogue, competence, latitude, longitude
       FROM staging`,
      [importId],
    );
    return { inserted: counts.inserted, revised: counts.revised, unchanged: counts.unchanged, years: [], warnings: [], touched };
  },
};
