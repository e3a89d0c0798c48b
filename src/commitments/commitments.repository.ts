import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Sql } from '../common/sql.js';
import { whereAdder } from '../common/query-params.js';
import { placeName, placeRelation, relatedPlace, type PlaceRelation } from '../geography/places.js';
import { knownProjects } from '../projects/project-access.js';
import type { CommitmentStatus, PartyKind } from './dto/commitment.dto.js';
import { overdueSql } from './overdue.js';

/** What a person enters of a commitment (its projects apart). */
export interface CommitmentFields {
  forum: string;
  agreedOn: string;
  partyKind: PartyKind;
  partyName: string;
  description: string;
  /** Canonical "1500000.00". */
  amount: string | null;
  deadline: string | null;
  places: string[];
  status: CommitmentStatus;
  evidenceUrl: string | null;
}

export interface CommitmentRow extends CommitmentFields {
  id: number;
  municipalities: string[];
  projects: string[];
  overdue: boolean;
  relation: PlaceRelation | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

export interface CommitmentFilter {
  place?: string;
  status?: CommitmentStatus;
  overdue?: boolean;
  includeArchived?: boolean;
}

/** A linked project's name and figures (progress.ts's ProjectFigures, with where its cost came from). */
export interface ProjectFiguresRow {
  cui: string;
  name: string | null;
  pim: string | null;
  devengado: string | null;
  cost: string | null;
  costSource: 'updated_cost' | 'viable_amount' | null;
}

const SELECT = (today: string, relation: string) => `
  SELECT c.id, c.forum, c.agreed_on::text AS "agreedOn", c.party_kind AS "partyKind", c.party_name AS "partyName", c.description,
         c.amount::text AS amount, c.deadline::text AS deadline, c.places, c.municipalities, c.status, c.evidence_url AS "evidenceUrl",
         c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.archived_at AS "archivedAt",
         ARRAY(SELECT cp.cui FROM commitment_project cp WHERE cp.commitment_id = c.id ORDER BY cp.cui) AS projects,
         ${overdueSql(today)} AS overdue, ${relation} AS relation
  FROM commitment c`;

const COLUMNS = ['forum', 'agreed_on', 'party_kind', 'party_name', 'description', 'amount', 'deadline', 'places', 'municipalities', 'status', 'evidence_url'];
const values = (f: CommitmentFields, municipalities: string[]) => [
  f.forum,
  f.agreedOn,
  f.partyKind,
  f.partyName,
  f.description,
  f.amount,
  f.deadline,
  f.places,
  municipalities,
  f.status,
  f.evidenceUrl,
];

@Injectable()
export class CommitmentsRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` in one transaction: a change and its audit event commit together, or neither. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction((m) => work((text, params) => m.query(text, params)));
  }

  /** Queries outside a transaction (reads). */
  readonly sql: Sql = (text, params) => this.db.query(text, params);

  async list(filter: CommitmentFilter, today: string, limit: number, offset: number): Promise<(CommitmentRow & { total: number })[]> {
    const params: unknown[] = [today];
    const where: string[] = [];
    const add = whereAdder(where, params);
    let relation = 'NULL';
    if (!filter.includeArchived) where.push('c.archived_at IS NULL');
    if (filter.place) {
      params.push(filter.place);
      const place = `$${params.length}::text`;
      where.push(`EXISTS (SELECT 1 FROM unnest(c.places) AS p WHERE ${relatedPlace('p', place)})`);
      // the closest relation any of its places has: exact, else inside, else contains
      relation = `(SELECT r FROM (SELECT ${placeRelation('p', place)} AS r FROM unnest(c.places) AS p WHERE ${relatedPlace('p', place)}) x
                   ORDER BY array_position(ARRAY['exact', 'inside', 'contains'], r) LIMIT 1)`;
    }
    if (filter.status) add('c.status = ?', filter.status);
    if (filter.overdue !== undefined) add(`${overdueSql('$1')} = ?`, filter.overdue);
    params.push(limit, offset);
    return this.db.query(
      `SELECT x.*, count(*) OVER ()::int AS total FROM (${SELECT('$1', relation)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) x
       ORDER BY x.deadline NULLS LAST, x.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async find(sql: Sql, id: number, today: string, lock = false): Promise<CommitmentRow | null> {
    const [row] = await sql<CommitmentRow[]>(`${SELECT('$2', 'NULL')} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [id, today]);
    return row ?? null;
  }

  async insert(sql: Sql, f: CommitmentFields, municipalities: string[], keyId: number): Promise<number> {
    const [{ id }] = await sql<{ id: number }[]>(
      `INSERT INTO commitment (${COLUMNS.join(', ')}, created_by) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, $${COLUMNS.length + 1}) RETURNING id`,
      [...values(f, municipalities), keyId],
    );
    return id;
  }

  async update(sql: Sql, id: number, f: CommitmentFields, municipalities: string[]): Promise<void> {
    await sql(`UPDATE commitment SET ${COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [
      id,
      ...values(f, municipalities),
    ]);
  }

  async archive(sql: Sql, id: number): Promise<void> {
    await sql(`UPDATE commitment SET archived_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  async link(sql: Sql, id: number, cuis: string[], keyId: number): Promise<void> {
    await sql(`INSERT INTO commitment_project (commitment_id, cui, linked_by) SELECT $1, unnest($2::varchar[]), $3 ON CONFLICT DO NOTHING`, [id, cuis, keyId]);
    await sql(`UPDATE commitment SET updated_at = now() WHERE id = $1`, [id]);
  }

  async unlink(sql: Sql, id: number, cui: string): Promise<void> {
    await sql(`DELETE FROM commitment_project WHERE commitment_id = $1 AND cui = $2`, [id, cui]);
    await sql(`UPDATE commitment SET updated_at = now() WHERE id = $1`, [id]);
  }

  /** Of `cuis`, those the tracker knows (a registry row or a current budget line). */
  known(sql: Sql, cuis: string[]): Promise<string[]> {
    return knownProjects(sql, cuis);
  }

  /**
   * The linked projects' names and figures: PIM and devengado of their current budget lines (every year,
   * each municipality-year at the import that is current for it, as GET /projects/{cui} sums them), and
   * the Invierte.pe registry's latest updated cost, else its viable amount.
   */
  async figures(cuis: string[]): Promise<Map<string, ProjectFiguresRow>> {
    if (cuis.length === 0) return new Map();
    const rows: ProjectFiguresRow[] = await this.db.query(
      `WITH asked AS (SELECT DISTINCT unnest($1::varchar[]) AS cui),
       budget AS (
         SELECT h.product_code AS cui, sum(h.pim) AS pim, sum(h.devengado) AS devengado, max(h.product_name) AS line_name
         FROM rollup_project_import h JOIN rollup_budget_year y ON y.import_id = h.import_id AND y.year = h.year AND y.ubigeo = h.ubigeo
         WHERE h.product_code = ANY($1::varchar[]) GROUP BY h.product_code),
       cost AS (
         SELECT DISTINCT ON (pc.cui) pc.cui, pc.updated_cost, pc.viable_amount FROM project_cost pc
         WHERE pc.cui = ANY($1::varchar[]) ORDER BY pc.cui, pc.snapshot_date DESC, pc.import_id DESC)
       SELECT a.cui, coalesce(p.name, b.line_name) AS name, b.pim::text AS pim, b.devengado::text AS devengado,
              coalesce(k.updated_cost, k.viable_amount)::text AS cost,
              CASE WHEN k.updated_cost IS NOT NULL THEN 'updated_cost' WHEN k.viable_amount IS NOT NULL THEN 'viable_amount' END AS "costSource"
       FROM asked a LEFT JOIN budget b ON b.cui = a.cui LEFT JOIN cost k ON k.cui = a.cui LEFT JOIN project p ON p.cui = a.cui`,
      [cuis],
    );
    return new Map(rows.map((r) => [r.cui, r]));
  }

  /** The names of places (placeName). */
  async placeNames(codes: string[]): Promise<Map<string, string | null>> {
    if (codes.length === 0) return new Map();
    const rows: { code: string; name: string | null }[] = await this.db.query(
      `SELECT c.code, ${placeName('c.code')} AS name FROM (SELECT DISTINCT unnest($1::text[]) AS code) c`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
