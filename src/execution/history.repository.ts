import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { placeName } from '../geography/places.js';

/** One cut-off of a place's year: a municipality's snapshot, or a province's or department's sum on that date. */
export interface SnapshotRow {
  id: string;
  import_id: number;
  year: number;
  snapshot_date: string;
  file_name: string;
  pia: string;
  pim: string;
  certificacion: string;
  compromiso_anual: string;
  atencion_compromiso_mensual: string;
  devengado: string;
  girado: string;
  execution_rate_pct: string | null;
  current: boolean;
  municipalities: number;
}

/**
 * The snapshots of a place, year by year, for GET /execution/history: a municipality's own Consulta Amigable
 * rows, or a province's or department's sums at each cut-off date (execution_snapshot, never budget lines).
 */
@Injectable()
export class HistoryRepository {
  constructor(private readonly db: DataSource) {}

  async history(ubigeo: string, year: number | undefined): Promise<SnapshotRow[]> {
    return this.db.query(
      `SELECT s.*, s.snapshot_date::text AS snapshot_date, i.file_name,
              round(s.devengado * 100 / nullif(s.pim, 0), 1) AS execution_rate_pct,
              (l.id = s.id) AS current, 1 AS municipalities
       FROM execution_snapshot s
       JOIN import i ON i.id = s.import_id
       JOIN execution_current l ON l.ubigeo = s.ubigeo AND l.year = s.year
       WHERE s.ubigeo = $1 AND ($2::int IS NULL OR s.year = $2)
       ORDER BY s.year, s.snapshot_date, s.import_id`,
      [ubigeo, year ?? null],
    );
  }

  /**
   * How a province's or department's figures stood at each cut-off date any of its municipalities has
   * for a year: the sum, over its municipalities, of each one's latest snapshot of the year on or before
   * that date (the rule execution_current applies to today), with how many were summed. The last
   * cut-off of a year is the current one. Reads execution_snapshot (a row per municipality, year and
   * cut-off), never the budget lines.
   */
  async placeHistory(code: string, year: number | undefined): Promise<SnapshotRow[]> {
    return this.db.query(
      `WITH own AS (
         SELECT s.* FROM execution_snapshot s
         WHERE s.ubigeo BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9') AND ($2::int IS NULL OR s.year = $2)
       ), cuts AS (
         SELECT year, snapshot_date, max(import_id) AS import_id,
                snapshot_date = max(snapshot_date) OVER (PARTITION BY year) AS current
         FROM own GROUP BY year, snapshot_date
       ), standing AS (
         SELECT c.year, c.snapshot_date, c.import_id, c.current, x.*
         FROM cuts c CROSS JOIN LATERAL (
           SELECT DISTINCT ON (o.ubigeo) o.pia, o.pim, o.certificacion, o.compromiso_anual, o.atencion_compromiso_mensual, o.devengado, o.girado
           FROM own o WHERE o.year = c.year AND o.snapshot_date <= c.snapshot_date
           ORDER BY o.ubigeo, o.snapshot_date DESC, o.import_id DESC
         ) x
       )
       SELECT st.year, st.snapshot_date::text AS snapshot_date, st.import_id, i.file_name, st.current,
              sum(st.pia) AS pia, sum(st.pim) AS pim, sum(st.certificacion) AS certificacion,
              sum(st.compromiso_anual) AS compromiso_anual, sum(st.atencion_compromiso_mensual) AS atencion_compromiso_mensual,
              sum(st.devengado) AS devengado, sum(st.girado) AS girado,
              round(sum(st.devengado) * 100 / nullif(sum(st.pim), 0), 1) AS execution_rate_pct,
              count(*)::int AS municipalities
       FROM standing st JOIN import i ON i.id = st.import_id
       GROUP BY st.year, st.snapshot_date, st.import_id, i.file_name, st.current
       ORDER BY st.year, st.snapshot_date`,
      [code, year ?? null],
    );
  }

  /** A province's or department's name and how many municipalities it has; null for a code no municipality starts with. */
  async place(code: string): Promise<{ name: string; municipalities: number } | null> {
    const [row]: { name: string | null; municipalities: number }[] = await this.db.query(
      `SELECT ${placeName('$1')} AS name, (SELECT count(*)::int FROM municipality WHERE starts_with(ubigeo, $1)) AS municipalities`,
      [code],
    );
    return row.name === null ? null : { name: row.name, municipalities: row.municipalities };
  }
}
