import { areaFromName } from '../../analytics/formulas.js';
import type { RowError } from '../../common/domain-error.js';
import type { ProjectRecord } from '../formats/invierte.format.js';
import type { StagedTarget, MergeResult, Sql, TargetContext } from './import-target.js';

/**
 * Registry rows into project (descriptive fields, from the newest snapshot) and project_cost (the
 * viable amount and updated cost of every snapshot, for cost growth).
 */
export const projectsTarget: StagedTarget<ProjectRecord> = {
  stagingColumns: `source_row integer NOT NULL, cui varchar(12) COLLATE "C" NOT NULL, snip_code varchar(12), name text NOT NULL,
    entity text, executor text, location_ubigeo varchar(6), sector text, status text, registered_on date, viable_on date,
    beneficiaries integer, viable_amount numeric(18,2), updated_cost numeric(18,2), name_area varchar(5)`,

  toCopyRow: (r) => [
    r.sourceRow, r.cui, r.snipCode, r.name, r.entity, r.executor, r.locationUbigeo, r.sector, r.status, r.registeredOn, r.viableOn,
    r.beneficiaries, r.viableAmount, r.updatedCost, areaFromName(r.name),
  ],

  async validate(sql: Sql): Promise<RowError[]> {
    const rows: { source_row: number; location_ubigeo: string }[] = await sql(
      `SELECT s.source_row, s.location_ubigeo FROM staging s
       WHERE s.location_ubigeo IS NOT NULL AND NOT EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = s.location_ubigeo)
       ORDER BY s.source_row LIMIT 100000`,
    );
    return rows.map((r) => ({ row: r.source_row, column: 'Ubigeo', code: 'UNKNOWN_MUNICIPALITY', message: `no district has ubigeo ${r.location_ubigeo}`, value: r.location_ubigeo }));
  },

  async merge(sql: Sql, { importId, snapshotDate }: TargetContext): Promise<MergeResult> {
    // One project per CUI: its first row's description and cost, and every district of its rows.
    await sql(`CREATE TEMP TABLE staged_project ON COMMIT DROP AS
      SELECT DISTINCT ON (s.cui) s.*, coalesce(l.locations, '{}') AS locations
      FROM staging s
      LEFT JOIN (SELECT cui, array_agg(DISTINCT location_ubigeo ORDER BY location_ubigeo) AS locations
                 FROM staging WHERE location_ubigeo IS NOT NULL GROUP BY cui) l ON l.cui = s.cui
      ORDER BY s.cui, s.source_row`);
    const [counts] = await sql(
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
    return { ...counts, years: [], warnings: [] };
  },
};
