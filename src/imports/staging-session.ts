import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';
import { keyIdOf, recordAudit } from '../audit/audit.js';
import type { RowError } from '../common/domain-error.js';
import { Import } from './import.entity.js';
import type { MergeResult, RecordProblem, Sql, TargetLoad } from './targets/import-target.js';
import { type FoundWarnings, NO_WARNINGS } from './targets/row-warnings.js';

/** The advisory lock (hashtext of this) that one import's merge holds at a time, and the rollups' repair (rollup-repair.ts). */
export const MERGE_LOCK = 'import-merge';

export type ImportMeta = Pick<
  Import,
  'fileName' | 'sha256' | 'sizeBytes' | 'format' | 'fileType' | 'rowsRead' | 'rowsSkipped' | 'rowsRejected' | 'scope' | 'createdBy'
> & {
  /** known by the time an import is stored (resolveSnapshot) */
  snapshotDate: string;
  snapshotSource: 'request' | 'file';
  /** An earlier import of the same bytes this one is made again of: no longer the answer to them, from this import's commit. */
  releases?: number;
};

/** Marks import $1 as no longer the one a resend of its bytes is answered with (migration 1763796100000). */
export const RELEASE = `UPDATE "import" SET resent_at = now() WHERE id = $1 AND resent_at IS NULL`;

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
    { releases, ...meta }: ImportMeta,
    errors: RowError[] = [],
    context: WarningContext = { found: [], label: (key) => key, sheet: null },
  ): Promise<Import & MergeResult> {
    // One merge at a time: two uploads of overlapping data must not interleave their "latest" reads.
    await this.sql(`SELECT pg_advisory_xact_lock(hashtext('${MERGE_LOCK}'))`);
    // in this transaction: a dry run, or an import that fails, leaves the earlier one the answer to the bytes
    if (releases !== undefined) await this.sql(RELEASE, [releases]);
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
