import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import pgCopyStreams from 'pg-copy-streams';
import { DataSource, type QueryRunner } from 'typeorm';
import type { RowError } from '../common/domain-error.js';
import { Import } from './import.entity.js';
import type { CopyValue, ImportTarget, MergeResult, Sql } from './targets/import-target.js';

/** COPY text format: backslash, tab and line breaks must be escaped. */
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const copyText = (value: CopyValue): string => {
  if (value === null) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
};

export type ImportMeta = Pick<
  Import,
  'fileName' | 'sha256' | 'sizeBytes' | 'format' | 'fileType' | 'snapshotDate' | 'snapshotSource' | 'rowsRead' | 'rowsSkipped' | 'scope' | 'createdBy'
>;

@Injectable()
export class ImportsRepository {
  constructor(private readonly db: DataSource) {}

  findById(id: number): Promise<Import | null> {
    return this.db.getRepository(Import).findOneBy({ id });
  }

  /** The earlier import of the same bytes with the same filters, if any. */
  findBySha256(sha256: string, scope: string): Promise<Import | null> {
    return this.db.getRepository(Import).findOneBy({ sha256, scope });
  }

  list(limit: number, offset: number): Promise<[Import[], number]> {
    return this.db.getRepository(Import).findAndCount({ order: { id: 'DESC' }, take: limit, skip: offset });
  }

  async hasExecutionData(): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM execution_snapshot LIMIT 1');
    return rows.length > 0;
  }

  /** A transaction with an empty staging table for `target` and an open COPY stream into it. */
  async openStaging<T>(target: ImportTarget<T>): Promise<StagingSession<T>> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL work_mem = '128MB'`); // the merge sorts and groups the staged rows in memory
      await runner.query(`CREATE TEMP TABLE staging (${target.stagingColumns}) ON COMMIT DROP`);
      const client = (runner as unknown as { databaseConnection: { query: (q: unknown) => Writable } }).databaseConnection;
      const copy = client.query(pgCopyStreams.from('COPY staging FROM STDIN'));
      return new StagingSession(runner, copy, target);
    } catch (err) {
      await runner.rollbackTransaction().finally(() => runner.release());
      throw err;
    }
  }
}

/**
 * One import's transaction: rows are COPYed into the temporary `staging` table, checked and merged
 * by the target's SQL, and committed together, or not at all.
 */
export class StagingSession<T> {
  private closed = false;
  /** COPY data waiting to be sent: one write per ~256 KB, not one per row. */
  private pending = '';
  rows = 0;

  constructor(
    private readonly runner: QueryRunner,
    private readonly copy: Writable,
    private readonly target: ImportTarget<T>,
  ) {}

  private readonly sql: Sql = (text, params) => this.runner.query(text, params);

  async write(record: T): Promise<void> {
    this.rows++;
    const values = this.target.toCopyRow(record);
    let line = copyText(values[0]);
    for (let i = 1; i < values.length; i++) line += `\t${copyText(values[i])}`;
    this.pending += `${line}\n`;
    if (this.pending.length >= 256 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = '';
    if (chunk.length > 0 && !this.copy.write(chunk)) await once(this.copy, 'drain');
  }

  /** Ends the COPY and runs the checks that need the database. */
  async endCopy(): Promise<RowError[]> {
    await this.flush();
    this.copy.end();
    await finished(this.copy);
    return (await this.target.validate?.(this.sql)) ?? [];
  }

  /** Writes the import and merges the staged rows; the caller then commits (or, for a dry run, aborts). */
  async merge(meta: ImportMeta): Promise<Import & MergeResult> {
    // One merge at a time: two uploads of overlapping data must not interleave their "latest" reads.
    await this.sql(`SELECT pg_advisory_xact_lock(hashtext('import-merge'))`);
    const imports = this.runner.manager.getRepository(Import);
    const saved = await imports.save({ ...meta, status: 'completed', inserted: 0, revised: 0, unchanged: 0, years: [], errors: [], warnings: [] });
    const result = await this.target.merge(this.sql, { importId: saved.id, snapshotDate: meta.snapshotDate });
    await imports.update(saved.id, { inserted: result.inserted, revised: result.revised, unchanged: result.unchanged, years: result.years, warnings: result.warnings });
    return Object.assign(saved, result);
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
