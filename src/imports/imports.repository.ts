import { Injectable } from '@nestjs/common';
import pgCopyStreams from 'pg-copy-streams';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { DataSource, type QueryRunner } from 'typeorm';
import { AMOUNT_FIELDS, type MunicipalExecutionRecord } from './formats/consulta-amigable.format.js';
import { Import } from './import.entity.js';

const AMOUNT_COLUMNS = ['pia', 'pim', 'certificacion', 'compromiso_anual', 'atencion_compromiso_mensual', 'devengado', 'girado'];

/** COPY text format: backslash, tab and line breaks must be escaped. */
const copyText = (value: string | number | null): string =>
  value === null ? '\\N' : String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

export interface MergeCounts {
  inserted: number;
  revised: number;
  unchanged: number;
}

/**
 * Staging and merging of municipality-year execution rows. Rows are streamed with COPY into a
 * temporary table inside the import's transaction, then merged with set-based SQL.
 */
@Injectable()
export class ImportsRepository {
  constructor(private readonly db: DataSource) {}

  findById(id: number): Promise<Import | null> {
    return this.db.getRepository(Import).findOneBy({ id });
  }

  findBySha256(sha256: string): Promise<Import | null> {
    return this.db.getRepository(Import).findOne({ where: { sha256 }, order: { id: 'ASC' } });
  }

  list(limit: number, offset: number): Promise<[Import[], number]> {
    return this.db.getRepository(Import).findAndCount({ order: { id: 'DESC' }, take: limit, skip: offset });
  }

  async hasExecutionData(): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM execution_snapshot LIMIT 1');
    return rows.length > 0;
  }

  /** A transaction with an empty staging table and an open COPY stream into it. */
  async openStaging(): Promise<StagingSession> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`
        CREATE TEMP TABLE staging_execution (
          source_row integer NOT NULL, year smallint NOT NULL, ubigeo varchar(6) NOT NULL, sec_ejec integer NOT NULL,
          mef_name text NOT NULL, department_code varchar(2) NOT NULL, department_name text NOT NULL,
          province_code varchar(4) NOT NULL, province_name text NOT NULL,
          ${AMOUNT_COLUMNS.map((c) => `${c} numeric(18,2) NOT NULL`).join(', ')}, avance_reported numeric(7,2)
        ) ON COMMIT DROP`);
      const client = (runner as unknown as { databaseConnection: { query: (q: unknown) => NodeJS.WritableStream } }).databaseConnection;
      const copy = client.query(pgCopyStreams.from('COPY staging_execution FROM STDIN')) as unknown as NodeJS.WritableStream & import('node:stream').Writable;
      return new StagingSession(runner, copy);
    } catch (err) {
      await runner.rollbackTransaction().finally(() => runner.release());
      throw err;
    }
  }
}

export class StagingSession {
  private closed = false;
  rows = 0;

  constructor(
    private readonly runner: QueryRunner,
    private readonly copy: import('node:stream').Writable,
  ) {}

  async write(r: MunicipalExecutionRecord): Promise<void> {
    const line = [
      r.sourceRow, r.year, r.ubigeo, r.secEjec, r.mefName, r.departmentCode, r.departmentName, r.provinceCode, r.provinceName,
      ...AMOUNT_FIELDS.map((f) => r[f]), r.avanceReported,
    ].map(copyText).join('\t');
    this.rows++;
    if (!this.copy.write(`${line}\n`)) await once(this.copy, 'drain');
  }

  /** Ends the COPY; the staged rows are then visible to the merge. */
  async endCopy(): Promise<void> {
    this.copy.end();
    await finished(this.copy);
  }

  /** Writes the import and its rows; returns the saved import. Runs inside the staging transaction. */
  async merge(meta: Omit<Import, 'id' | 'createdAt' | 'inserted' | 'revised' | 'unchanged' | 'status' | 'errors' | 'years'>): Promise<Import> {
    const q = (sql: string, params?: unknown[]) => this.runner.query(sql, params);
    // One merge at a time: two uploads of overlapping data must not interleave their "latest" reads.
    await q(`SELECT pg_advisory_xact_lock(hashtext('execution-import'))`);

    const learned: { ubigeo: string }[] = await q(`
      INSERT INTO municipality (ubigeo, name, kind, department_code, department_name, province_code, province_name, in_current_geography)
      SELECT DISTINCT ON (s.ubigeo) s.ubigeo, regexp_replace(s.mef_name, '^MUNICIPALIDAD (PROVINCIAL|DISTRITAL) DE ', ''),
             CASE WHEN s.mef_name ILIKE '%PROVINCIAL%' THEN 'provincial' ELSE 'district' END,
             s.department_code, s.department_name, s.province_code, s.province_name, false
      FROM staging_execution s
      WHERE NOT EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = s.ubigeo)
      ORDER BY s.ubigeo, s.year DESC
      RETURNING ubigeo`);

    const changed = AMOUNT_COLUMNS.map((c) => `l.${c}`).join(', ');
    const incoming = AMOUNT_COLUMNS.map((c) => `s.${c}`).join(', ');
    const [counts] = await q(`
      SELECT count(*) FILTER (WHERE l.ubigeo IS NULL)::int AS inserted,
             count(*) FILTER (WHERE l.ubigeo IS NOT NULL AND (${changed}) IS DISTINCT FROM (${incoming}))::int AS revised,
             count(*) FILTER (WHERE l.ubigeo IS NOT NULL AND (${changed}) IS NOT DISTINCT FROM (${incoming}))::int AS unchanged,
             array_agg(DISTINCT s.year ORDER BY s.year) AS years
      FROM staging_execution s
      LEFT JOIN LATERAL (
        -- what was current as of this file's cut-off: a late upload of an old snapshot compares with its own time
        SELECT * FROM execution_snapshot e
        WHERE e.ubigeo = s.ubigeo AND e.year = s.year AND e.snapshot_date <= $1
        ORDER BY e.snapshot_date DESC, e.import_id DESC LIMIT 1
      ) l ON true`, [meta.snapshotDate]);

    const warnings = [...meta.warnings];
    if (learned.length > 0) {
      warnings.push(
        `${learned.length} municipality code(s) are not in INEI's 2025 geography and were added from the file's labels: ` +
          learned.map((l) => l.ubigeo).join(', '),
      );
    }
    const saved = await this.runner.manager.getRepository(Import).save({
      ...meta,
      status: 'completed',
      inserted: counts.inserted,
      revised: counts.revised,
      unchanged: counts.unchanged,
      years: counts.years,
      errors: [],
      warnings,
    });
    await q(
      `INSERT INTO execution_snapshot (import_id, ubigeo, year, snapshot_date, ${AMOUNT_COLUMNS.join(', ')}, avance_reported, source_row)
       SELECT $1, ubigeo, year, $2, ${AMOUNT_COLUMNS.join(', ')}, avance_reported, source_row FROM staging_execution`,
      [saved.id, meta.snapshotDate],
    );
    // MEF's executing-unit code and name, from the most recent year in the file.
    await q(`
      UPDATE municipality m SET sec_ejec = s.sec_ejec, mef_name = s.mef_name
      FROM (SELECT DISTINCT ON (ubigeo) ubigeo, sec_ejec, mef_name FROM staging_execution ORDER BY ubigeo, year DESC) s
      WHERE m.ubigeo = s.ubigeo`);
    return saved;
  }

  async commit(): Promise<void> {
    await this.runner.commitTransaction();
    await this.release();
  }

  /** Rolls everything back; safe to call more than once and after a failed COPY. */
  async abort(): Promise<void> {
    if (this.closed) return;
    if (!this.copy.writableFinished) {
      this.copy.destroy(); // sends CopyFail, which ends the COPY on the server
      await finished(this.copy).catch(() => undefined);
    }
    await this.runner.rollbackTransaction().catch(() => undefined);
    await this.release();
  }

  private async release(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.runner.release();
  }
}
