import { Injectable, Logger } from '@nestjs/common';
import { type ImportOutcomeLabel, Metrics } from './metrics.js';

/** An import as the log and the metrics see it, from its header being recognised to its end. */
export interface ImportRun {
  /** Known from the start for a background import; a request's import has one once merged. */
  importId: number | null;
  format: string;
  bytes: number;
  background: boolean;
}

/**
 * One JSON log line per stage of an import (start, commit, fail) and the import metrics: outcomes by
 * format, rows per second. Rows per second run from the file being opened to the commit.
 */
@Injectable()
export class ImportTelemetry {
  private readonly logger = new Logger('Imports');

  constructor(private readonly metrics: Metrics) {}

  started(run: ImportRun): void {
    this.logger.log(`Import ${run.importId ?? '(new)'} started: ${run.format}, ${run.bytes} bytes`, { event: 'import.start', ...run });
  }

  /** A committed import (or a dry run, rolled back once counted). */
  ended(
    run: ImportRun & { importId: number },
    rows: { read: number; stored: number },
    startedAt: number,
    stages: Record<string, number>,
    dryRun: boolean,
    details: Record<string, unknown> = {},
  ): void {
    const durationMs = Date.now() - startedAt;
    const rowsPerSecond = Math.round(rows.read / Math.max(durationMs / 1000, 0.001));
    const outcome: ImportOutcomeLabel = dryRun ? 'dry_run' : 'committed';
    this.metrics.imports.inc({ format: run.format, outcome });
    if (!dryRun) this.metrics.importRowsPerSecond.observe({ format: run.format }, rowsPerSecond);
    this.logger.log(
      `Import ${run.importId} ${dryRun ? 'checked (dry run)' : 'committed'}: ${rows.stored} records from ${rows.read} rows in ${durationMs} ms (${rowsPerSecond} rows/s)`,
      {
        event: dryRun ? 'import.dry_run' : 'import.commit',
        ...details,
        ...run,
        rows: rows.read,
        records: rows.stored,
        rowsPerSecond,
        durationMs,
        stagesMs: stages,
      },
    );
  }

  /** An import that ended without a commit: its rows or layout refused (4xx), interrupted by a shutdown, or failed. */
  failed(run: Partial<ImportRun>, outcome: Exclude<ImportOutcomeLabel, 'committed' | 'dry_run'>, code: string, rowsRead: number, startedAt: number): void {
    const durationMs = Date.now() - startedAt;
    this.metrics.imports.inc({ format: run.format ?? 'unknown', outcome });
    const fields = { event: 'import.fail', importId: run.importId ?? null, format: run.format ?? null, outcome, code, rows: rowsRead, durationMs };
    const message = `Import ${run.importId ?? '(new)'} ${outcome}: ${code} after ${rowsRead} rows, ${durationMs} ms`;
    if (outcome === 'rejected') this.logger.log(message, fields);
    else this.logger.warn(message, fields);
  }
}
