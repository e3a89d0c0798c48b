import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Split, Tier } from './distribution.js';

export interface MunicipalityRow {
  ubigeo: string;
  name: string;
  kind: string;
  provinceCode: string;
  population: number | null;
  populationYear: number | null;
  /** numeric(12,8) as text */
  povertyPct: string | null;
  /** numeric(24,15) as text */
  officialIndex: string | null;
}

export interface ReceivedRow {
  entityType: 'municipality' | 'regional_government' | 'university';
  ubigeo: string;
  /** numeric(18,2) sum as text */
  amount: string;
  throughMonth: number;
  importIds: number[];
}

export interface RulesTierRow {
  version: number;
  name: string;
  source: string;
  note: string;
  tier: Tier;
  /** numeric(6,3) as text: "10.000" */
  sharePct: string;
  split: Split;
}

export interface ProducingRow {
  districts: string[];
  reason: string;
  setBy: number | null;
  setAt: Date;
}

/** The SQL of the canon-distribution analysis and of the producing districts users enter. */
@Injectable()
export class CanonDistributionRepository {
  constructor(private readonly db: DataSource) {}

  async departmentName(code: string): Promise<string | null> {
    const [row] = await this.db.query<{ name: string }[]>(`SELECT department_name AS name FROM municipality WHERE department_code = $1 LIMIT 1`, [code]);
    return row?.name ?? null;
  }

  /** The department's municipalities with the inputs of their index: population (nearest year), poverty, and MEF's index if imported. */
  async municipalities(department: string, year: number, concept: string): Promise<MunicipalityRow[]> {
    return this.db.query(
      `SELECT m.ubigeo, m.name, m.kind, m.province_code AS "provinceCode",
              pop.total AS population, pop.source_year AS "populationYear",
              pr.poverty_pct::text AS "povertyPct", idx.index_value::text AS "officialIndex"
       FROM municipality m
       LEFT JOIN population_nearest pop ON pop.ubigeo = m.ubigeo AND pop.year = $2
       LEFT JOIN poverty_rate pr ON pr.ubigeo = m.ubigeo
       LEFT JOIN LATERAL (
         SELECT d.index_value FROM canon_distribution_index d JOIN import i ON i.id = d.import_id
         WHERE d.ubigeo = m.ubigeo AND d.year = $2 AND d.concept = $3
         ORDER BY i.snapshot_date DESC, d.import_id DESC LIMIT 1
       ) idx ON true
       WHERE m.department_code = $1 AND m.in_current_geography
       ORDER BY m.ubigeo`,
      [department, year, concept],
    );
  }

  /** Rubro 18 received per entity type and ubigeo: for each entity, its latest import of the year. */
  async received(department: string, year: number): Promise<ReceivedRow[]> {
    return this.db.query(
      `WITH current AS (
         SELECT DISTINCT ON (t.ubigeo, t.entity_type, t.entity_name) t.ubigeo, t.entity_type, t.entity_name, t.import_id
         FROM canon_entity_transfer t JOIN import i ON i.id = t.import_id
         WHERE t.department_code = $1 AND t.year = $2
         ORDER BY t.ubigeo, t.entity_type, t.entity_name, i.snapshot_date DESC, t.import_id DESC)
       SELECT t.entity_type AS "entityType", t.ubigeo, sum(t.amount)::text AS amount,
              min(t.through_month)::int AS "throughMonth", array_agg(DISTINCT t.import_id) AS "importIds"
       FROM canon_entity_transfer t
       JOIN current c ON c.import_id = t.import_id AND c.ubigeo = t.ubigeo AND c.entity_type = t.entity_type AND c.entity_name = t.entity_name
       WHERE t.department_code = $1 AND t.year = $2 AND t.concept = 'rubro18_total'
       GROUP BY t.entity_type, t.ubigeo
       ORDER BY t.entity_type, t.ubigeo`,
      [department, year],
    );
  }

  async rules(): Promise<RulesTierRow[]> {
    return this.db.query(
      `SELECT v.id AS version, v.name, v.source, v.note, t.tier, t.share_pct::text AS "sharePct", t.split
       FROM canon_rules_version v JOIN canon_rules_tier t ON t.version_id = v.id
       ORDER BY v.id, t.tier`,
    );
  }

  async producing(department: string, year: number): Promise<ProducingRow | null> {
    const [row] = await this.db.query<ProducingRow[]>(
      `SELECT districts, reason, set_by AS "setBy", set_at AS "setAt" FROM canon_producing_districts WHERE department_code = $1 AND year = $2`,
      [department, year],
    );
    return row ?? null;
  }

  /** Names and provinces of these municipalities of the department (the others are left out). */
  async districtsOf(department: string, ubigeos: string[]): Promise<{ ubigeo: string; name: string; provinceCode: string }[]> {
    return this.db.query(
      `SELECT ubigeo, name, province_code AS "provinceCode" FROM municipality
       WHERE department_code = $1 AND ubigeo = ANY($2::varchar[]) ORDER BY ubigeo`,
      [department, ubigeos],
    );
  }
}
