import { once } from 'node:events';
import type { TemplateProjectRow } from './template-prefill.js';
import type { ReferenceFunctionRow, ReferenceTotalsRow, TemplateLineRow, TemplateReference } from './template-workbook.js';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import pgCopyStreams from 'pg-copy-streams';
import { DataSource, type QueryRunner } from 'typeorm';
import { keyIdOf, recordAudit } from '../audit/audit.js';
import { ROLLUP_TABLES } from '../budget/rollups.js';
import type { RowError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { withStatementTimeout } from '../database/data-source-options.js';
import { Import, type ImportFailure, type ImportStatus } from './import.entity.js';
import { type ImportTarget, type LoadOptions, type MergeResult, openLoad, type RecordProblem, type Sql, type TargetLoad } from './targets/import-target.js';
import { type FoundWarnings, NO_WARNINGS } from './targets/row-warnings.js';

/** Advisory-lock class of running imports (the second key is the import id). */
const JOB_LOCK = 7_404;

export type ImportMeta = Pick<
  Import,
  | 'fileName'
  | 'sha256'
  | 'sizeBytes'
  | 'format'
  | 'fileType'
  | 'snapshotDate'
  | 'snapshotSource'
  | 'rowsRead'
  | 'rowsSkipped'
  | 'rowsRejected'
  | 'scope'
  | 'createdBy'
>;

/** Stores an import's row problems (or its warnings) for its CSV download, 5,000 per statement. */
export async function saveErrors(sql: Sql, importId: number, errors: RowError[], severity: Severity = 'error'): Promise<void> {
  for (let i = 0; i < errors.length; i += 5000) {
    await sql(
      `INSERT INTO import_error (import_id, sheet, "row", "column", code, message, value, message_key, params, severity)
       SELECT $1, e->>'sheet', (e->>'row')::int, e->>'column', e->>'code', e->>'message', e->>'value', e->>'key', e->'params', $3 FROM jsonb_array_elements($2::jsonb) AS e`,
      [importId, JSON.stringify(errors.slice(i, i + 5000)), severity],
    );
  }
}

export type Severity = 'error' | 'warning';

/** What the pipeline knows of an import's warnings before the target looks at its rows. */
export interface WarningContext {
  /** Warnings found while reading (e.g. ignored columns), already worded for the file. */
  found: RowError[];
  /** The header's text of a format's column key. */
  label(key: string): string;
  /** The worksheet the rows came from, for a workbook. */
  sheet: string | null;
}

/** Template lines read per query: a page is about 1 MB in memory. */
const TEMPLATE_PAGE = 2_000;
/** One import's lines of a municipality-year as the template reads them ($1 import, $2 ubigeo, $3 year); a line lives in the shared partition or in its import's own. */
const TEMPLATE_LINES = `SELECT l.year, l.ubigeo, l.activity_kind, l.product_code, l.product_name, l.function_code, l.function_name, l.division_code,
         l.division_name, l.group_code, l.group_name, l.rubro_code, l.rubro_name, l.pia, l.pim, l.certificacion,
         l.compromiso_anual, l.devengado, l.girado, p.area, p.area_source
  FROM budget_line l LEFT JOIN project p ON p.cui = l.product_code AND l.activity_kind = 2
  WHERE l.part IN (0, $1) AND l.import_id = $1 AND l.ubigeo = $2 AND l.year = $3`;
/** A line's place within its import's municipality-year: its grain, unique there. */
const TEMPLATE_GRAIN = '(l.activity_kind, l.product_code, l.function_code, l.division_code, l.group_code, l.rubro_code)';

@Injectable()
export class ImportsRepository {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  findById(id: number): Promise<Import | null> {
    return this.db.getRepository(Import).findOneBy({ id });
  }

  /**
   * Refreshes the planner's statistics of the tables imports fill: the import's own budget-line
   * partition, if it has one, and budget_line as a whole without going through every partition again.
   */
  async analyze(importId: number): Promise<void> {
    const [{ partition }] = await this.db.query<{ partition: string | null }[]>(`SELECT to_regclass($1)::text AS partition`, [`budget_line_${importId}`]);
    // ANALYZE ONLY (PostgreSQL 18, the server the service requires) samples the parent without analysing every partition again
    const lines = `${partition ? `${partition}, ` : ''}ONLY budget_line`;
    await withStatementTimeout(this.db, this.config.dbImportTimeoutMs, (sql) =>
      sql(
        `ANALYZE ${lines}, import_scope, execution_snapshot, canon_transfer, project, project_cost, private_contribution, ${[...ROLLUP_TABLES, 'population_nearest'].join(', ')}`,
      ),
    );
  }

  /** The import of the same bytes with the same filters that is running or completed, if any. */
  findLive(sha256: string, scope: string): Promise<Import | null> {
    return this.db.getRepository(Import).findOne({
      where: [
        { sha256, scope, status: 'completed' },
        { sha256, scope, status: 'running' },
      ],
    });
  }

  /** Records a background import before it starts; null if the same file is already live (a race lost). */
  async createRunning(
    meta: Pick<Import, 'fileName' | 'sha256' | 'sizeBytes' | 'fileType' | 'scope' | 'snapshotDate' | 'snapshotSource' | 'createdBy'>,
  ): Promise<Import | null> {
    try {
      return await this.db.getRepository(Import).save({
        ...meta,
        format: 'pending',
        status: 'running',
        rowsRead: 0,
        inserted: 0,
        revised: 0,
        unchanged: 0,
        years: [],
        startedAt: new Date(),
        heartbeatAt: new Date(),
      });
    } catch (err) {
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') return null;
      throw err;
    }
  }

  async reportProgress(id: number, progress: { bytes: number; rows: number }): Promise<void> {
    // renews the lease too; never waits: once the import's own transaction has its row (the merge), progress is complete and the advisory lock stands for it
    await this.db.query(
      `UPDATE import SET bytes_read = $2, rows_read = $3, heartbeat_at = now()
       WHERE id = (SELECT id FROM import WHERE id = $1 AND status = 'running' FOR UPDATE SKIP LOCKED)`,
      [id, progress.bytes, progress.rows],
    );
  }

  async markEnded(id: number, status: ImportStatus, outcome: { failure: ImportFailure; errors: RowError[] }): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.getRepository(Import).update(id, { status, failure: outcome.failure, errors: outcome.errors.slice(0, 1000), finishedAt: new Date() });
      await saveErrors((text, params) => manager.query(text, params), id, outcome.errors);
    });
  }

  /**
   * A municipality's current budget lines (of a year, or of every year), as rows of the planner's template,
   * at most `limit`, in pages of TEMPLATE_PAGE in the template's order (year, kind, code, classifiers).
   *
   * Keyset pagination, not a cursor: a cursor keeps a connection (with its snapshot and its locks) for as
   * long as the client takes to read the workbook, and the pool has 10; a client that stops reading would keep
   * one forever, and an operator's deletion of an import would queue behind it and block every read after
   * it. Each page here is a short query on a connection of its own. The pages stay one version of the
   * lines: the import current for each municipality-year is read once, at the start, and its lines are
   * followed by its grain, which is unique within an import (budget_line_grain_idx, the same order); a
   * newer import arriving meanwhile changes nothing in the download. If one of those imports is deleted
   * meanwhile, the download fails rather than ending short.
   */
  async *templateLines(ubigeo: string, year: number | undefined, limit: number): AsyncGenerator<TemplateLineRow[]> {
    const scopes: { year: number; importId: number }[] = await this.db.query(
      `SELECT year, import_id AS "importId" FROM scope_current WHERE dataset = 'budget' AND ubigeo = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year`,
      [ubigeo, year ?? null],
    );
    let left = limit;
    for (const scope of scopes) {
      let after: TemplateLineRow | undefined;
      while (left > 0) {
        const size = Math.min(TEMPLATE_PAGE, left);
        const page: TemplateLineRow[] = after
          ? await this.db.query(`${TEMPLATE_LINES} AND ${TEMPLATE_GRAIN} > ($4, $5, $6, $7, $8, $9) ORDER BY ${TEMPLATE_GRAIN} LIMIT ${size}`, [
              scope.importId,
              ubigeo,
              scope.year,
              after.activity_kind,
              after.product_code,
              after.function_code,
              after.division_code,
              after.group_code,
              after.rubro_code,
            ])
          : await this.db.query(`${TEMPLATE_LINES} ORDER BY ${TEMPLATE_GRAIN} LIMIT ${size}`, [scope.importId, ubigeo, scope.year]);
        if (page.length > 0) yield page;
        left -= page.length;
        if (page.length < size) break;
        after = page[page.length - 1];
      }
    }
    const [{ kept }] = await this.db.query<{ kept: number }[]>(`SELECT count(*)::int AS kept FROM import WHERE id = ANY($1::int[])`, [
      scopes.map((s) => s.importId),
    ]);
    if (kept < scopes.length) throw new Error(`An import of ${ubigeo}'s budget lines was deleted while they were being written`);
  }

  /**
   * The registry projects located in a municipality (any of the districts the registry lists it in), at most
   * `limit`, in pages of TEMPLATE_PAGE by CUI: the template's rows to fill when the municipality has no budget lines.
   */
  async *templateProjects(ubigeo: string, limit: number): AsyncGenerator<TemplateProjectRow[]> {
    let after = '';
    for (let left = limit; left > 0; ) {
      const size = Math.min(TEMPLATE_PAGE, left);
      const page: TemplateProjectRow[] = await this.db.query(
        `SELECT cui, name, area, area_source FROM project WHERE $1 = ANY(locations) AND cui > $2 ORDER BY cui LIMIT ${size}`,
        [ubigeo, after],
      );
      if (page.length > 0) yield page;
      left -= page.length;
      if (page.length < size) return;
      after = page[page.length - 1].cui;
    }
  }

  /**
   * What the template shows beside its data of a municipality (of a year, or of every year): the current
   * Consulta Amigable totals and the current budget-by-función lines. A municipality has a few dozen of them a year.
   */
  async templateReference(ubigeo: string, year: number | undefined): Promise<TemplateReference> {
    const totals = await this.db.query<ReferenceTotalsRow[]>(
      `SELECT year, snapshot_date::text AS snapshot_date, pia::text, pim::text, certificacion::text, compromiso_anual::text, devengado::text, girado::text
       FROM execution_current WHERE ubigeo = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year`,
      [ubigeo, year ?? null],
    );
    const byFunction = await this.db.query<ReferenceFunctionRow[]>(
      `SELECT l.year, s.snapshot_date::text AS snapshot_date, l.function_code, l.function_name, l.rubro_code, l.pim::text, l.devengado::text
       FROM budget_function_line l
       JOIN scope_current s ON s.dataset = 'budget_function' AND s.ubigeo = l.ubigeo AND s.year = l.year AND s.import_id = l.import_id
       WHERE l.ubigeo = $1 AND ($2::int IS NULL OR l.year = $2) ORDER BY l.year, l.function_code, l.rubro_code LIMIT 10000`,
      [ubigeo, year ?? null],
    );
    return { totals, byFunction };
  }

  /** All stored row problems of an import, then its warnings, each in file order. */
  errorsOf(id: number): Promise<(RowError & { severity: Severity })[]> {
    return this.db.query(
      `SELECT sheet, "row", "column", code, message, value, message_key AS key, params, severity FROM import_error WHERE import_id = $1 ORDER BY severity, id`,
      [id],
    );
  }

  /**
   * Running imports whose process is gone, whichever instance ran them: each live one renews its lease
   * (heartbeat_at) while it reads and holds a transaction-level advisory lock on its id from its
   * transaction's start, released when its connection closes. An import with a lapsed lease whose lock
   * can be taken belongs to a dead process.
   */
  async failOrphans(leaseMs: number): Promise<number> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count]
    const rows = await this.db.query<[{ id: number }[], number]>(
      `UPDATE import SET status = 'failed', finished_at = now(),
              failure = '{"code": "INTERRUPTED", "key": "INTERRUPTED.orphan", "message": "The service stopped during the import; nothing of it was kept. Upload the file again."}'
       WHERE id IN (SELECT id FROM import WHERE status = 'running' AND coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => $1::float8 / 1000) FOR UPDATE SKIP LOCKED)
         AND pg_try_advisory_xact_lock(${JOB_LOCK}, id)
       RETURNING id`,
      [leaseMs],
    );
    return rows[0]?.length ?? rows.length;
  }

  list(limit: number, offset: number): Promise<[Import[], number]> {
    return this.db.getRepository(Import).findAndCount({ order: { id: 'DESC' }, take: limit, skip: offset });
  }

  async hasExecutionData(): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM execution_snapshot LIMIT 1');
    return rows.length > 0;
  }

  /**
   * A transaction with the import's id reserved (a background job's own), an empty table for `target`'s
   * rows and an open COPY stream into it.
   */
  async openStaging<T>(target: ImportTarget<T>, options: LoadOptions, jobId?: number): Promise<StagingSession<T>> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const sql: Sql = (text, params) => runner.query(text, params);
    try {
      if (jobId !== undefined) await runner.query(`SELECT pg_advisory_xact_lock(${JOB_LOCK}, $1)`, [jobId]);
      const importId = jobId ?? Number((await sql<{ id: string }[]>(`SELECT nextval(pg_get_serial_sequence('import', 'id')) AS id`))[0].id);
      // an import runs as long as it needs (DB_IMPORT_TIMEOUT_MS), not under the reads' limit
      await runner.query(`SET LOCAL statement_timeout = ${Math.trunc(this.config.dbImportTimeoutMs)}`);
      await runner.query(`SET LOCAL work_mem = '512MB'`); // the merge sorts and groups up to millions of staged rows: in memory, not on disk
      // cancels the statement the import's connection is running (at shutdown), from another connection
      const [{ pid }] = await sql<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
      const cancel = async () => void (await this.db.query('SELECT pg_cancel_backend($1)', [pid]));
      const load = await openLoad(target, sql, importId, options);
      const client = (runner as unknown as { databaseConnection: { query: (q: unknown) => Writable } }).databaseConnection;
      // FREEZE: the table was made in this transaction, so its rows are written already visible to all,
      // which spares the index builds and the first reads setting hint bits on every page (PK 0.8 → 0.6 s, index 1.1 → 0.7 s on a million lines)
      const copy = client.query(pgCopyStreams.from(`COPY ${load.copyInto} FROM STDIN WITH (FREEZE)`));
      return new StagingSession(runner, copy, load, importId, jobId !== undefined, cancel);
    } catch (err) {
      await runner.rollbackTransaction().finally(() => runner.release());
      throw err;
    }
  }
}

/** Bytes of COPY data sent at a time. */
const COPY_CHUNK = 256 * 1024;

/**
 * One import's transaction: rows are COPYed into the temporary `staging` table, checked and merged
 * by the target's SQL, and committed together, or not at all.
 */
export class StagingSession<T> {
  private closed = false;
  /**
   * COPY data waiting to be sent, as bytes: one write per 256 KB, not one per row. Each line is
   * encoded as soon as it is made, so its string dies young instead of waiting in a long concatenation
   * long enough to be moved to the old generation (a million rows: 100 MB more peak memory).
   */
  private buffer = Buffer.allocUnsafe(COPY_CHUNK);
  private used = 0;
  rows = 0;

  constructor(
    private readonly runner: QueryRunner,
    private readonly copy: Writable,
    readonly load: TargetLoad<T>,
    private readonly importId: number,
    private readonly isJob: boolean,
    private readonly cancel: () => Promise<void>,
  ) {
    // an error of the COPY (the server refusing a row, a cancel) is kept for the next write, never thrown with nobody listening
    copy.on('error', (error: Error) => (this.copyError ??= error));
  }

  private copyError?: Error;

  /**
   * Rolls back at once, whatever the import is doing: while its rows are still being sent the COPY is
   * ended (the next write throws), later the statement its connection runs is cancelled first.
   */
  async interrupt(): Promise<void> {
    if (this.closed) return;
    this.copyError ??= new Error('the import was stopped');
    if (this.copy.writableFinished) await this.cancel().catch(() => undefined);
    await this.abort();
  }

  private readonly sql: Sql = (text, params) => this.runner.query(text, params);

  /** A problem with `record` that only this import can see; null when it may be written. */
  check(record: T): RecordProblem | null {
    return this.load.check?.(record) ?? null;
  }

  async write(record: T): Promise<void> {
    this.rows++;
    const line = `${this.load.copyLine(record)}\n`;
    if (this.used + line.length * 3 > COPY_CHUNK) {
      await this.flush();
      if (line.length * 3 > COPY_CHUNK) return this.send(Buffer.from(line));
    }
    this.used += this.buffer.write(line, this.used);
  }

  /** Lines a format's own reader has already written as COPY text. */
  async writeEncoded(copy: Buffer, records: number): Promise<void> {
    this.rows += records;
    await this.flush();
    await this.send(copy);
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(COPY_CHUNK);
    this.used = 0;
    await this.send(chunk);
  }

  private async send(chunk: Buffer): Promise<void> {
    if (this.copyError) throw this.copyError;
    if (this.copy.write(chunk)) return;
    // a COPY destroyed meanwhile (interrupt) never drains: its close ends the wait too
    await Promise.race([once(this.copy, 'drain'), once(this.copy, 'close')]);
    if (this.copyError) throw this.copyError;
  }

  /** Ends the COPY and runs the checks that need the database. */
  async endCopy(): Promise<RowError[]> {
    await this.flush();
    this.copy.end();
    await finished(this.copy);
    return (await this.load.validate?.(this.sql)) ?? [];
  }

  /** Takes rows that the database found invalid out of the staging table (onError=skip). */
  async dropRows(rows: number[]): Promise<void> {
    await this.sql('DELETE FROM staging WHERE source_row = ANY($1::int[])', [rows]);
  }

  /** Writes the import and merges the staged rows; the caller then commits (or, for a dry run, aborts). */
  async merge(
    meta: ImportMeta,
    errors: RowError[] = [],
    context: WarningContext = { found: [], label: (key) => key, sheet: null },
  ): Promise<Import & MergeResult> {
    // One merge at a time: two uploads of overlapping data must not interleave their "latest" reads.
    await this.sql(`SELECT pg_advisory_xact_lock(hashtext('import-merge'))`);
    const warnings = await this.warnings(context);
    const imports = this.runner.manager.getRepository(Import);
    const fields = {
      ...meta,
      status: 'completed' as const,
      inserted: 0,
      revised: 0,
      unchanged: 0,
      years: [],
      errors: errors.slice(0, 1000),
      warnings: [],
      rowWarnings: warnings.rows.slice(0, 1000),
      warningCounts: warnings.counts,
      finishedAt: new Date(),
    };
    if (!this.isJob) {
      // The id was reserved before the rows were written (they carry it); TypeORM would insert a new one, so the row is made here and completed below.
      await this.sql(
        `INSERT INTO import (id, file_name, sha256, size_bytes, format, file_type, snapshot_date, snapshot_source, status, rows_read, inserted, revised, unchanged, years, created_by, scope)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'completed', $9, 0, 0, 0, '{}', $10, $11)`,
        [
          this.importId,
          meta.fileName,
          meta.sha256,
          meta.sizeBytes,
          meta.format,
          meta.fileType,
          meta.snapshotDate,
          meta.snapshotSource,
          meta.rowsRead,
          meta.createdBy,
          meta.scope,
        ],
      );
    }
    await imports.save({ ...fields, id: this.importId, ...(this.isJob ? { bytesRead: meta.sizeBytes } : {}) });
    const saved = await imports.findOneByOrFail({ id: this.importId });
    await saveErrors(this.sql, saved.id, errors);
    await saveErrors(this.sql, saved.id, warnings.rows, 'warning');
    const result = await this.load.merge(this.sql, { importId: saved.id, snapshotDate: meta.snapshotDate, keyId: keyIdOf(meta.createdBy) });
    const sameContentAs = result.sameContentAs ?? null;
    await imports.update(saved.id, {
      inserted: result.inserted,
      revised: result.revised,
      unchanged: result.unchanged,
      years: result.years,
      warnings: result.warnings,
      sameContentAs,
    });
    // every municipality the import changed: those of its rows, and those the target says it reached beyond them
    const [{ touched }] = await this.sql<{ touched: string[] }[]>(
      `SELECT ARRAY(
         SELECT unnest(coalesce((SELECT array_agg(ubigeo) FROM import_scope WHERE import_id = $1),
                                (SELECT array_agg(ubigeo) FROM execution_snapshot WHERE import_id = $1),
                                (SELECT array_agg(l) FROM project p, unnest(p.locations) l WHERE p.import_id = $1),
                                '{}'))
         UNION SELECT unnest($2::varchar[])
         ORDER BY 1) AS touched`,
      [saved.id, result.touched ?? []],
    );
    await recordAudit(this.sql, {
      keyId: keyIdOf(meta.createdBy),
      action: 'import',
      municipalities: touched,
      subject: String(saved.id),
      after: {
        importId: saved.id,
        fileName: meta.fileName,
        sha256: meta.sha256,
        format: meta.format,
        snapshotDate: meta.snapshotDate,
        inserted: result.inserted,
        revised: result.revised,
        unchanged: result.unchanged,
        rowsSkipped: meta.rowsSkipped,
        rowsRejected: meta.rowsRejected,
      },
    });
    return Object.assign(saved, result, { sameContentAs });
  }

  /** The pipeline's warnings and the target's (found in SQL on the rows as written), with the file's column names. */
  private async warnings({ found, label, sheet }: WarningContext): Promise<FoundWarnings> {
    const target = (await this.load.warnings?.(this.sql)) ?? NO_WARNINGS;
    const rows = [...found, ...target.rows.map((w) => ({ ...(sheet === null ? {} : { sheet }), ...w, column: w.column === null ? null : label(w.column) }))];
    const counts: Record<string, number> = { ...target.counts };
    for (const w of found) counts[w.code] = (counts[w.code] ?? 0) + 1;
    return { rows, counts };
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
