import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { whereAdder } from '../common/query-params.js';
import { placeName, placeRelation, relatedPlace, type PlaceRelation } from '../geography/places.js';

/** The import whose cases reads show: the latest report (snapshot date, then id). */
const LATEST = `SELECT id, snapshot_date::text AS "snapshotDate", file_name AS "fileName" FROM import
  WHERE format = 'defensoria-conflicts' AND status = 'completed' ORDER BY snapshot_date DESC, id DESC LIMIT 1`;

/** SQL: the text folded as the filters compare it (accents and case aside). */
const folded = (text: string) => `upper(translate(${text}, 'áéíóúüñÁÉÍÓÚÜÑ', 'aeiouunAEIOUUN'))`;

export interface ConflictSource {
  importId: number;
  snapshotDate: string;
  fileName: string;
}

export interface ConflictCaseRow {
  caseName: string;
  place: string;
  placeName: string | null;
  relation: PlaceRelation | null;
  department: string;
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
  sourceRow: number;
  total: number;
}

export interface ConflictFilter {
  place?: string;
  state?: string;
  dialogue?: boolean;
}

export interface ConflictCounts {
  cases: number;
  active: number;
  withDialogue: number;
}

@Injectable()
export class ConflictsRepository {
  constructor(private readonly db: DataSource) {}

  async latest(): Promise<ConflictSource | null> {
    const [row]: { id: number; snapshotDate: string; fileName: string }[] = await this.db.query(LATEST);
    return row ? { importId: row.id, snapshotDate: row.snapshotDate, fileName: row.fileName } : null;
  }

  async cases(importId: number, filter: ConflictFilter, limit: number, offset: number): Promise<ConflictCaseRow[]> {
    const params: unknown[] = [importId];
    const where: string[] = ['c.import_id = $1'];
    const add = whereAdder(where, params);
    let relation = 'NULL';
    if (filter.place) {
      params.push(filter.place);
      const place = `$${params.length}::text`;
      where.push(relatedPlace('c.place', place));
      relation = placeRelation('c.place', place);
    }
    if (filter.state) add(`${folded('c.state')} = ${folded('?::text')}`, filter.state.trim());
    if (filter.dialogue !== undefined) add('c.dialogue = ?', filter.dialogue);
    params.push(limit, offset);
    return this.db.query(
      `SELECT c.case_name AS "caseName", c.place, ${placeName('c.place')} AS "placeName", ${relation} AS relation, c.department, c.province, c.district,
              c.company, c.kind, c.activity, c.state, c.phase, c.violence, c.dialogue, c.competence, c.latitude::text AS latitude, c.longitude::text AS longitude,
              c.source_row AS "sourceRow", count(*) OVER ()::int AS total
       FROM conflict_case c WHERE ${where.join(' AND ')}
       ORDER BY c.place, c.source_row LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /** The latest report's cases related to `place` (as `cases` matches them), counted. */
  async counts(importId: number, place: string): Promise<ConflictCounts> {
    const [row]: ConflictCounts[] = await this.db.query(
      `SELECT count(*)::int AS cases, count(*) FILTER (WHERE ${folded('c.state')} = 'ACTIVO')::int AS active, count(*) FILTER (WHERE c.dialogue)::int AS "withDialogue"
       FROM conflict_case c WHERE c.import_id = $1 AND ${relatedPlace('c.place', '$2::text')}`,
      [importId, place],
    );
    return row;
  }
}
