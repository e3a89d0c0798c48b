import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DataVersion } from '../common/http-cache.js';
import { DomainError, type RowError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { say } from '../i18n/messages.js';
import { type ImportRun, ImportTelemetry } from '../observability/import-telemetry.js';
import { afterHeader, findHeader } from './find-header.js';
import { cellLimits, ignoredColumns } from './formats/import-format.js';
import { sha256Of } from './hashing-storage.js';
import { ImportEvents } from './import-events.js';
import type { ImportOutcome, ImportRequest, UploadedFile } from './import-request.js';
import { scopeOf } from './import-request.js';
import { Import, type SpooledRequest } from './import.entity.js';
import { ImportsRepository, LeaseLost } from './imports.repository.js';
import type { Severity } from './staging-session.js';
import { openFile } from './open-file.js';
import { detectFileKind } from './readers/sheet-row.js';
import { type RunningImport, RunningImports } from './running-imports.js';
import { spoolFile, unspool } from './spool.js';
import { labelledDate, limaDate, resolveSnapshot } from './snapshot-date.js';
import { ImportRejected, type Progress, rejectionOf, rowsRejected, stageRows } from './stage-rows.js';

export type { ImportOutcome, ImportRequest, UploadedFile } from './import-request.js';

/** One import as it runs: what was asked, and what is known of it so far. */
interface Run {
  file: UploadedFile;
  request: ImportRequest;
  sha256: string;
  /** The background import it completes; null for one run in its request. */
  job: Import | null;
  entry: RunningImport;
  observed: Partial<ImportRun>;
  progress: Progress;
  /** An earlier import of the same bytes this one is made again of (ImportMeta.releases). */
  releases?: number;
}

/**
 * The import pipeline: open the file → find its header and layout (find-header.ts) → normalise and check
 * every row and stage it with COPY (stage-rows.ts) → merge in the same transaction (the format's target).
 * Any invalid row rolls everything back and the caller gets every problem with its row and column.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly imports: ImportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly versions: DataVersion,
    private readonly telemetry: ImportTelemetry,
    private readonly events: ImportEvents,
    private readonly running: RunningImports,
  ) {}

  get(id: number): Promise<Import | null> {
    return this.imports.findById(id);
  }

  list(limit: number, offset: number): Promise<[Import[], number]> {
    return this.imports.list(limit, offset);
  }

  errorsOf(id: number): Promise<(RowError & { severity: Severity })[]> {
    return this.imports.errorsOf(id);
  }

  importFile(file: UploadedFile, request: ImportRequest): Promise<ImportOutcome> {
    if (this.running.closing) {
      if (file.temporary) void rm(file.path, { force: true });
      return Promise.reject(DomainError.of('SHUTTING_DOWN'));
    }
    // one of the running imports from its first step: a stop that comes meanwhile waits for it too
    return this.running.track((entry) => this.importTracked(file, request, entry));
  }

  /**
   * Whether an upload of bytes already imported is to be imported again rather than answered with that
   * import: another import of the earlier one's date has replaced some of its figures (sending the right file
   * again after a wrong one of the same date). Another stated date does not: the same figures would be stored
   * again under it (a national file twice); the answer says the date was not applied. A running import is never doubled.
   */
  private async sentAgainOnPurpose(earlier: Import): Promise<boolean> {
    return earlier.status === 'completed' && this.imports.replacedAtItsDate(earlier.id);
  }

  private async importTracked(file: UploadedFile, request: ImportRequest, entry: RunningImport): Promise<ImportOutcome> {
    try {
      const sha256 = file.sha256 ?? (await sha256Of(file.path));
      const scope = scopeOf(request.filters, request.rubro);
      const earlier = await this.imports.findLive(sha256, scope);
      if (earlier && !(await this.sentAgainOnPurpose(earlier))) {
        return { import: earlier, created: false, duplicate: true, dryRun: !!request.dryRun, background: false };
      }
      // made again (the earlier import stays as it is): it is no longer the answer to these bytes once this one is kept
      const releases = earlier?.id;
      const background = !request.dryRun && (request.background ?? file.size > this.config.backgroundImportBytes);
      if (!background) return await this.run({ file, request, sha256, job: null, entry, observed: {}, progress: { bytes: 0, rows: 0 }, releases });
      // a background import is recorded before it runs: the earlier one is released first (should this one fail, the next upload is imported again)
      if (releases !== undefined) await this.imports.release(releases);

      // recorded first, then spooled: a file in the spool is always one whose import is known (spool.ts, sweepSpool)
      const name = randomBytes(16).toString('hex');
      const job = await this.imports.createRunning({
        fileName: file.originalName,
        sha256,
        sizeBytes: String(file.size),
        fileType: await detectFileKind(file.path),
        scope,
        // the file's own date is known once it is read (never the day of the upload)
        snapshotDate: request.snapshotDate ?? null,
        snapshotSource: request.snapshotDate ? 'request' : null,
        createdBy: request.createdBy,
        spoolFile: name,
        request: spooledRequest(request),
      });
      if (!job) return { import: (await this.imports.findLive(sha256, scope))!, created: false, duplicate: true, dryRun: false, background: false };
      // answered 202 once the upload is in the spool, where every instance sharing it can finish the import
      const spooled = await spoolFile(file.path, this.config.uploadSpoolDir, name, file.temporary).catch(async (err: unknown) => {
        await this.imports.markEnded(job, 'failed', { failure: say('INTERNAL_ERROR.import'), errors: [] });
        throw err;
      });
      const kept = { ...file, path: spooled, temporary: true };
      void this.running.track((entry) => this.runInBackground({ file: kept, request, sha256, job, entry, observed: {}, progress: { bytes: 0, rows: 0 } }));
      return { import: job, created: true, duplicate: false, dryRun: false, background: true };
    } finally {
      // an upload run here, or refused, is removed; one spooled was moved away (or copied and removed) already
      if (file.temporary) await rm(file.path, { force: true });
    }
  }

  /**
   * Runs a background import this instance took over (import-takeover.ts) again from the start, from its
   * spooled file and what was asked of it: nothing of an earlier attempt was kept (its transaction was rolled back).
   */
  resume(job: Import): Promise<void> {
    const file = {
      path: join(this.config.uploadSpoolDir, job.spoolFile!),
      originalName: job.fileName,
      size: Number(job.sizeBytes),
      temporary: true,
      sha256: job.sha256,
    };
    const request: ImportRequest = { ...job.request, createdBy: job.createdBy };
    this.logger.log(`Import ${job.id}: attempt ${job.attempt} taken over (${job.takeover}), from its spooled file`);
    return this.running.track((entry) =>
      this.runInBackground({ file, request, sha256: job.sha256, job, entry, observed: {}, progress: { bytes: 0, rows: 0 } }),
    );
  }

  /**
   * A background import's attempt, to its end: committed, rejected or failed (its spooled file then removed), handed
   * back to the queue when this instance stopped during it (its file kept for the instance that takes it over), or
   * left alone when another instance took it over meanwhile.
   */
  private async runInBackground(run: Run & { job: Import }): Promise<void> {
    const { job, entry } = run;
    let keepFile = false;
    try {
      await this.run(run);
      this.versions.invalidate(); // committed after the upload was answered: this instance's reads look the version up again
    } catch (err) {
      if (err instanceof LeaseLost) {
        keepFile = true;
        this.logger.warn(`${err.message}; this instance leaves it`);
        return;
      }
      if (entry.interrupted && (await this.imports.handBack(job).catch(() => false))) {
        keepFile = true;
        this.logger.warn(`Import ${job.id} rolled back: the service was stopping; handed back for another instance to run again`);
        return;
      }
      const rejected = err instanceof DomainError && err.status < 500;
      const details = err instanceof DomainError ? err.details : {};
      const ended = await this.imports
        .markEnded(job, rejected ? 'rejected' : 'failed', {
          // with the message's key and parameters, worded in the reader's language when the import is read
          failure: {
            ...(err instanceof DomainError ? { code: err.code, message: err.message, key: err.key, params: err.params } : say('INTERNAL_ERROR.import')),
            errorCount: details.errorCount as number | undefined,
            errorsByCode: details.errorsByCode as Record<string, number> | undefined,
          },
          errors: err instanceof ImportRejected ? err.allErrors : ((details.errors as RowError[] | undefined) ?? []),
        })
        .catch((e: unknown) => void this.logger.error(`Could not record the end of import ${job.id}`, e instanceof Error ? e.stack : String(e)));
      // not ended here (taken over meanwhile, or the database away): its file stays while the import may still run
      if (!ended)
        keepFile = await this.imports.findById(job.id).then(
          (now) => now?.status !== 'completed' && now?.status !== 'failed' && now?.status !== 'rejected',
          () => true,
        );
      if (entry.interrupted) this.logger.warn(`Import ${job.id} rolled back: the service was stopping`);
      else if (!rejected) this.logger.error(`Import ${job.id} failed`, err instanceof Error ? err.stack : String(err));
    } finally {
      if (!keepFile && job.spoolFile) await unspool(this.config.uploadSpoolDir, job.spoolFile);
    }
  }

  /** The pipeline, with a log line and metrics for how it ended (src/observability/import-telemetry.ts). */
  private async run(run: Run): Promise<ImportOutcome> {
    Object.assign(run.observed, { importId: run.job?.id ?? null, bytes: run.file.size, background: run.job !== null });
    const opened = Date.now();
    try {
      return await this.stages(run);
    } catch (err) {
      const outcome =
        run.entry.interrupted || err instanceof LeaseLost ? 'interrupted' : err instanceof DomainError && err.status < 500 ? 'rejected' : 'failed';
      this.telemetry.failed(run.observed, outcome, err instanceof DomainError ? err.code : 'INTERNAL_ERROR', run.progress.rows, opened);
      throw err;
    }
  }

  /** The pipeline itself; with a `job`, it completes that background import instead of recording a new one. */
  private async stages(run: Run): Promise<ImportOutcome> {
    const { file, request, sha256, job, entry, progress, releases } = run;
    const filters = request.filters ?? {};
    const scope = scopeOf(filters, request.rubro);
    const kind = await detectFileKind(file.path);
    const opened = await openFile(file.path, kind, {
      onBytes: (n) => (progress.bytes += n),
      scratchDir: join(this.config.dataDir, 'tmp'),
      formatId: request.format,
    });
    const reporter = job ? setInterval(() => void this.imports.reportProgress(job, progress).catch(() => undefined), 1000) : undefined;
    const started = Date.now();
    try {
      const found = await findHeader(opened.batches, request.format, kind);
      const { format, header, sheet, preamble } = found;
      run.observed.format = format.id;
      const labels = { preamble, sheet, fileName: file.originalName };
      // a file that cannot state its date is refused before its rows are read (a cut-off column is only known after)
      if (!request.snapshotDate && !format.cutOff && labelledDate(labels, limaDate(new Date())) === null) throw DomainError.of('SNAPSHOT_DATE_REQUIRED');
      this.telemetry.started(run.observed as ImportRun);
      if (request.rubro !== undefined && !format.statement) throw DomainError.of('RUBRO_NOT_READ', { format: format.id });
      const statement = format.statement?.(header, { rubro: request.rubro, preamble, fileName: file.originalName });
      const { allowedMunicipalities } = request;
      const staging = await this.imports.openStaging(
        format.target,
        { ownPartitionLines: this.config.ownPartitionLines, allowedMunicipalities, statement, columns: header.label },
        job ?? undefined,
      );
      entry.rollBack = () => staging.interrupt();
      try {
        if (entry.interrupted) throw new Error('interrupted before the rows were read');
        const limits = cellLimits(format, header);
        // the rest of a CSV goes to the format's own reader, when it has one for this header
        opened.handOver?.((parser) => format.csvLane?.({ parser, header, filters, allowedMunicipalities, load: staging.load, limits }));
        const skip = request.onError === 'skip';
        const read = await stageRows(afterHeader(found, opened.batches), { format, header, limits, filters, staging, progress, skip, allowedMunicipalities });
        const staged = Date.now();
        if (read.errorCount === 0 || skip) {
          const invalid = await staging.endCopy();
          invalid.forEach(read.report);
          if (skip && invalid.length > 0 && read.forbidden === 0) await staging.dropRows(invalid.map((e) => e.row));
        }
        const validated = Date.now();
        const rejection = rejectionOf(read, skip);
        if (rejection) throw rejection;
        if (staging.rows === 0) throw read.rowsSkipped > 0 ? DomainError.of('NO_MATCHING_ROWS', { rows: read.rowsSkipped }) : DomainError.of('NO_DATA_ROWS');
        // every row is read: from here the import's transaction holds its row and its advisory lock stands for its lease
        clearInterval(reporter);
        if (entry.interrupted) throw new Error('interrupted after the rows were read');
        const snapshot = resolveSnapshot(request.snapshotDate, read.cutOff, labels);
        const meta = {
          fileName: file.originalName,
          sha256,
          sizeBytes: String(file.size),
          format: format.id,
          fileType: kind,
          scope,
          createdBy: request.createdBy,
          releases,
        };
        const counts = { rowsRead: read.rowsRead, rowsSkipped: read.rowsSkipped, rowsRejected: rowsRejected(read) };
        const saved = await staging.merge({ ...meta, ...counts, snapshotDate: snapshot.date, snapshotSource: snapshot.source }, read.stored, {
          found: ignoredColumns(found.cells, header, format).map((w) => (sheet ? { sheet, ...w } : w)),
          label: (key) => header.label[key] ?? key,
          sheet: read.sheet,
        });
        const ended = { ...(run.observed as ImportRun), importId: saved.id };
        const stored = { read: read.rowsRead, stored: staging.rows };
        const steps = { read: staged - started, check: validated - staged, merge: Date.now() - validated };
        if (request.dryRun) {
          await staging.abort();
          this.telemetry.ended(ended, stored, started, steps, true);
          return { import: saved, created: false, duplicate: false, dryRun: true, background: false };
        }
        const merged = Date.now();
        await staging.commit();
        const { inserted, revised, unchanged } = saved;
        this.telemetry.ended(ended, stored, started, { ...steps, commit: Date.now() - merged }, false, {
          fileName: file.originalName,
          inserted,
          revised,
          unchanged,
          snapshotDate: snapshot.date,
        });
        // after the commit, outside its transaction: alerts (a listener's failure is logged, never the import's)
        await this.events.committed(saved.id);
        this.running.analyzeLater(saved.id);
        return { import: saved, created: true, duplicate: false, dryRun: false, background: false };
      } catch (err) {
        await staging.abort();
        if (entry.interrupted) throw DomainError.of('INTERRUPTED');
        if (isUniqueViolation(err)) {
          const winner = await this.imports.findLive(sha256, scope);
          if (winner) return { import: winner, created: false, duplicate: true, dryRun: false, background: false }; // the same file won a race
        }
        throw err;
      }
    } finally {
      clearInterval(reporter);
      await opened.batches.return(undefined);
    }
  }
}

/** What a background import keeps of its request to be run again by whichever instance takes it over: all but who asked (the import records it) and how. */
function spooledRequest({ format, snapshotDate, filters, onError, allowedMunicipalities, rubro }: ImportRequest): SpooledRequest {
  return { format, snapshotDate, filters, onError, allowedMunicipalities, rubro };
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err as QueryFailedError & { driverError?: { code?: string } }).driverError?.code === '23505';
}
