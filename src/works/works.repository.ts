import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GeographyFilterDto, geographyWhere } from '../common/query-params.js';
import { budgetMunicipalities, entityMunicipality, placedByNoRecord, registryMunicipalities } from './work-location.js';

/** One work as its latest follow-ups of each source and the registry stand on a day (f…: 12-B, d…: detail, r…: registry). */
export interface WorkRow {
  cui: string;
  municipalities: string[];
  locatedBy: 'registry' | 'budget' | 'entity' | 'unknown';
  name: string | null;
  entity: string | null;
  fImport: number | null;
  dImport: number | null;
  rImport: number | null;
  fReportedOn: string | null;
  dReportedOn: string | null;
  fCost: string | null;
  dCost: string | null;
  fViable: string | null;
  dViable: string | null;
  rCost: string | null;
  rViable: string | null;
  devengado: string | null;
  fPhysical: string | null;
  dPhysical: string | null;
  fFinancial: string | null;
  stalled: boolean | null;
  fStart: string | null;
  dStart: string | null;
  fEnd: string | null;
  dEnd: string | null;
  modality: string | null;
  lastSituation: string | null;
  lastProblem: string | null;
}

export interface WorksCoverageRow {
  projects: number;
  withFollowUp: number;
  unplacedWorks: number;
}

/** The latest row of each CUI of a source on or before $1. */
const latest = (source: 'f12b' | 'detail') =>
  `(SELECT DISTINCT ON (cui) * FROM work_follow_up WHERE source = '${source}' AND as_of <= $1::date ORDER BY cui, as_of DESC, import_id DESC)`;

@Injectable()
export class WorksRepository {
  constructor(private readonly db: DataSource) {}

  /** The works with any follow-up on or before `date`; with a geography filter, those placed in it. */
  async works(filter: GeographyFilterDto, date: string): Promise<WorkRow[]> {
    const where = geographyWhere(filter);
    const within = where.length > 0 ? `WHERE EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = ANY(loc.municipalities) AND ${where.join(' AND ')})` : '';
    return this.db.query(
      `WITH f AS ${latest('f12b')}, d AS ${latest('detail')}
       SELECT c.cui, loc.municipalities, loc.located_by AS "locatedBy", coalesce(f.name, d.name) AS name, d.entity,
              f.import_id AS "fImport", d.import_id AS "dImport", rc.import_id AS "rImport",
              f.reported_on::text AS "fReportedOn", d.reported_on::text AS "dReportedOn",
              f.updated_cost AS "fCost", d.updated_cost AS "dCost", f.viable_amount AS "fViable", d.viable_amount AS "dViable",
              rc.updated_cost AS "rCost", rc.viable_amount AS "rViable", d.accrued_total AS devengado,
              f.physical_pct AS "fPhysical", d.physical_pct AS "dPhysical", f.financial_pct AS "fFinancial", f.stalled,
              f.planned_start::text AS "fStart", d.planned_start::text AS "dStart", f.planned_end::text AS "fEnd", d.planned_end::text AS "dEnd",
              coalesce(f.modality, d.modality) AS modality, f.last_situation AS "lastSituation", f.last_problem AS "lastProblem"
       FROM (SELECT cui FROM f UNION SELECT cui FROM d) c
       LEFT JOIN f ON f.cui = c.cui
       LEFT JOIN d ON d.cui = c.cui
       CROSS JOIN LATERAL (SELECT ${registryMunicipalities('c.cui')} AS registry, ${budgetMunicipalities('c.cui')} AS budget, ${entityMunicipality('c.cui')} AS entity) l
       CROSS JOIN LATERAL (
         SELECT coalesce(l.registry, l.budget, CASE WHEN l.entity IS NULL THEN '{}' ELSE ARRAY[l.entity] END)::varchar[] AS municipalities,
                CASE WHEN l.registry IS NOT NULL THEN 'registry' WHEN l.budget IS NOT NULL THEN 'budget' WHEN l.entity IS NOT NULL THEN 'entity' ELSE 'unknown' END AS located_by
       ) loc
       LEFT JOIN LATERAL (
         SELECT pc.import_id, pc.viable_amount, pc.updated_cost FROM project_cost pc WHERE pc.cui = c.cui AND pc.snapshot_date <= $1::date
         ORDER BY pc.snapshot_date DESC, pc.import_id DESC LIMIT 1
       ) rc ON true
       ${within}
       ORDER BY c.cui`,
      [date],
    );
  }

  /** The selection's projects (current budget lines, registry districts) and how many have a follow-up; works placed nowhere. */
  async coverage(filter: GeographyFilterDto, date: string): Promise<WorksCoverageRow> {
    const where = geographyWhere(filter);
    const [row]: WorksCoverageRow[] = await this.db.query(
      `WITH place AS (SELECT m.ubigeo FROM municipality m ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}),
            projects AS (
              SELECT h.product_code AS cui FROM rollup_project_import h
              JOIN rollup_budget_year y ON y.import_id = h.import_id AND y.year = h.year AND y.ubigeo = h.ubigeo
              WHERE h.ubigeo IN (SELECT ubigeo FROM place)
              UNION SELECT p.cui FROM project p WHERE p.locations && ARRAY(SELECT ubigeo FROM place)::varchar[]),
            followed AS (SELECT DISTINCT cui FROM work_follow_up WHERE as_of <= $1::date)
       SELECT (SELECT count(*) FROM projects)::int AS projects,
              (SELECT count(*) FROM projects WHERE cui IN (SELECT cui FROM followed))::int AS "withFollowUp",
              (SELECT count(*) FROM followed c
               WHERE ${placedByNoRecord('c.cui')} AND ${entityMunicipality('c.cui')} IS NULL)::int AS "unplacedWorks"`,
      [date],
    );
    return row;
  }
}
