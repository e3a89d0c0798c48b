import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DataVersion } from '../common/http-cache.js';
import { DomainError, type RowError } from '../common/domain-error.js';
import { type Params, render, say } from '../i18n/messages.js';
import { unrecognizedLayout } from './formats/closest-layout.js';
import { bcrpSeriesFormat } from './formats/bcrp-series.format.js';
import { canonEntityTransfersFormat } from './formats/canon-entity-transfers.format.js';
import { canonTransfersFormat } from './formats/canon-transfers.format.js';
import { consultaAmigableFormat } from './formats/consulta-amigable.format.js';
import { defensoriaConflictsFormat } from './formats/defensoria-conflicts.format.js';
import { distributionIndicesFormat } from './formats/distribution-indices.format.js';
import { cellLimits, type HeaderMap, ignoredColumns, type ImportFilters } from './formats/import-format.js';
import { invierteFormat } from './formats/invierte.format.js';
import { mefGastoFormat } from './formats/mef-gasto.format.js';
import { populationFormat } from './formats/population.format.js';
import { privateContributionsFormat } from './formats/private-contributions.format.js';
import { ssiDetailFormat } from './formats/ssi-detail.format.js';
import { ssiF12bFormat } from './formats/ssi-f12b.format.js';
import { budgetByFunctionFormat } from './formats/budget-by-function.format.js';
import { templateFormat } from './formats/template.format.js';
import { ImportEvents } from './import-events.js';
import { Import } from './import.entity.js';
import { labelledDate, limaDate, resolveSnapshot } from './snapshot-date.js';
import { prefillRows } from './template-prefill.js';
import { TEMPLATE_MAX_ROWS, writeTemplate } from './template-workbook.js';
import { ImportsRepository, type Severity } from './imports.repository.js';
import { type AnyFormat, type Progress, stageRows } from './stage-rows.js';
import { type CsvLaneSlot, readCsvBatches } from './readers/csv-reader.js';
import { type Cell, detectFileKind, type FileKind, type RowBatch, type SheetRow } from './readers/sheet-row.js';
import { readJsonDocument } from './readers/json-reader.js';
import { readXlsxRows } from './readers/xlsx-reader.js';
import { type ImportRun, ImportTelemetry } from '../observability/import-telemetry.js';

export const FORMATS: AnyFormat[] = [
  consultaAmigableFormat,
  mefGastoFormat,
  canonTransfersFormat,
  invierteFormat,
  populationFormat,
  templateFormat,
  privateContributionsFormat,
  canonEntityTransfersFormat,
  distributionIndicesFormat,
  ssiF12bFormat,
  ssiDetailFormat,
  defensoriaConflictsFormat,
  bcrpSeriesFormat,
  budgetByFunctionFormat,
];

/** Rows scanned for a header before the file is declared unrecognised (portal exports put titles above it). */
const HEADER_SEARCH_ROWS = 30;

/** A file refused for its rows; carries every problem (up to 100,000) for the record, beyond the 1,000 in the answer. */
class ImportRejected extends DomainError {
  constructor(
    key: 'IMPORT_REJECTED' | 'IMPORT_REJECTED.skip',
    params: Params,
    details: { errors: RowError[]; errorCount: number; errorsByCode: Record<string, number> },
    readonly allErrors: RowError[],
  ) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'IMPORT_REJECTED', render(key, params, 'en'), details);
    this.key = key;
    this.params = params;
  }
}

export interface UploadedFile {
  path: string;
  originalName: string;
  size: number;
  /** An upload, removed when its import ends; false for files that ship with the project. */
  temporary: boolean;
  /** The SHA-256 of its bytes when already known (uploads are hashed as they arrive). */
  sha256?: string;
}

export interface ImportRequest {
  format?: string;
  snapshotDate?: string;
  filters?: ImportFilters;
  /** Validate and count what would change, then roll back. */
  dryRun?: boolean;
  /** Run after answering (202); by default files over BACKGROUND_IMPORT_MB do. */
  background?: boolean;
  /** reject (default): any bad row rejects the file. skip: bad rows are left out, listed and counted. */
  onError?: 'reject' | 'skip';
  createdBy: string;
  /** For a planner's key: the municipalities it may import; a row of any other refuses the whole file. */
  allowedMunicipalities?: string[];
  /** The rubro of every row that does not give its own (layouts that read one: budget-by-function). */
  rubro?: string;
}

export interface ImportOutcome {
  import: Import;
  /** False when the same file had been imported before and that import is returned. */
  created: boolean;
  dryRun: boolean;
  /** True when the import goes on after the answer: follow it with GET /imports/:id. */
  background: boolean;
}

/** The filters (and a stated rubro) as a stable string: the same file with other filters is another import. */
export function scopeOf(filters: ImportFilters = {}, rubro?: string): string {
  const parts: string[] = [];
  if (filters.department) parts.push(`department=${filters.department}`);
  if (filters.province) parts.push(`province=${filters.province}`);
  if (filters.municipalities?.length) parts.push(`municipality=${[...filters.municipalities].sort().join(',')}`);
  if (rubro !== undefined) parts.push(`rubro=${rubro}`);
  return parts.join(';');
}

/**
 * The import pipeline: detect the file type → find the header and the format → normalise and
 * validate every row → stage valid rows with COPY → merge in the same transaction. Any invalid row
 * rolls everything back and the caller gets every problem with its row and column.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap, OnModuleDestroy {
  /** Statistics refreshes still running after their imports answered; awaited at shutdown. */
  private readonly analyzing = new Set<Promise<void>>();
  /** Imports under way in this process (in a request or in the background), each with its way to be rolled back at shutdown. */
  private readonly running = new Map<Promise<unknown>, RunningImport>();
  /** Set at shutdown: new imports are refused (503 SHUTTING_DOWN) while running ones finish. */
  private closing = false;
  private sweeper?: NodeJS.Timeout;

  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly imports: ImportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly versions: DataVersion,
    private readonly telemetry: ImportTelemetry,
    private readonly events: ImportEvents,
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

  /** The planner's workbook, empty (with examples) or prefilled with a municipality's current budget lines, else its projects to fill; with what is known of its spending beside. */
  async writeTemplate(out: Writable, municipality?: string, year?: number): Promise<void> {
    // a client that goes away stops the writing (and the reading of lines) instead of leaving it waiting for a 'drain'
    const gone = new AbortController();
    const abort = () => gone.abort();
    out.once('close', abort);
    try {
      const rows = municipality
        ? prefillRows(
            this.imports.templateLines(municipality, year, TEMPLATE_MAX_ROWS),
            () => this.imports.templateProjects(municipality, TEMPLATE_MAX_ROWS),
            municipality,
            year,
          )
        : null;
      const reference = municipality ? await this.imports.templateReference(municipality, year) : null;
      await writeTemplate(out, rows, reference, gone.signal);
    } catch (err) {
      if (gone.signal.aborted) return; // nobody is left to answer
      if ((out as Writable & { headersSent?: boolean }).headersSent) out.destroy(); // a cut workbook must not look complete
      throw err;
    } finally {
      out.off('close', abort);
    }
  }

  importFile(file: UploadedFile, request: ImportRequest): Promise<ImportOutcome> {
    if (this.closing) {
      if (file.temporary) void rm(file.path, { force: true });
      return Promise.reject(DomainError.of('SHUTTING_DOWN'));
    }
    // one of the running imports from its first step: a stop that comes meanwhile waits for it too
    return this.track((entry) => this.importTracked(file, request, entry));
  }

  private async importTracked(file: UploadedFile, request: ImportRequest, entry: RunningImport): Promise<ImportOutcome> {
    let handedOver = false;
    try {
      const sha256 = file.sha256 ?? (await sha256Of(file.path));
      const scope = scopeOf(request.filters, request.rubro);
      const earlier = await this.imports.findLive(sha256, scope);
      if (earlier) return { import: earlier, created: false, dryRun: !!request.dryRun, background: false };
      const background = !request.dryRun && (request.background ?? file.size > this.config.backgroundImportBytes);
      if (!background) return await this.run(file, request, sha256, null, entry);

      const job = await this.imports.createRunning({
        fileName: file.originalName,
        sha256,
        sizeBytes: String(file.size),
        fileType: await detectFileKind(file.path),
        scope,
        snapshotDate: request.snapshotDate ?? limaDate(new Date()),
        snapshotSource: request.snapshotDate ? 'request' : 'today',
        createdBy: request.createdBy,
      });
      if (!job) return { import: (await this.imports.findLive(sha256, scope))!, created: false, dryRun: false, background: false };
      handedOver = true;
      void this.track((entry) => this.runInBackground(file, request, sha256, job, entry));
      return { import: job, created: true, dryRun: false, background: true };
    } finally {
      if (file.temporary && !handedOver) await rm(file.path, { force: true });
    }
  }

  /**
   * Shutdown (SIGTERM, SIGINT): new imports are refused; running ones have SHUTDOWN_GRACE_MS to finish,
   * then are rolled back and marked failed (INTERRUPTED: upload again), never half kept.
   */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    const all = [...this.running.keys()];
    if (all.length > 0) {
      this.logger.log(`Stopping: waiting up to ${this.config.shutdownGraceMs} ms for ${all.length} running import(s)`);
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.shutdownGraceMs)));
      await Promise.race([Promise.allSettled(all), graceOver]);
      clearTimeout(timer);
      const left = [...this.running.values()];
      if (left.length > 0) this.logger.warn(`Stopping: rolling back ${left.length} import(s) still running; they are marked failed`);
      await Promise.allSettled(left.map((entry) => entry.interrupt()));
      // rolled back, they end within moments; a bound all the same, so that a stuck one cannot hold the stop
      await Promise.race([Promise.allSettled([...this.running.keys()]), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    }
    // statistics refreshes are only an optimisation: not waited for past the grace period
    await Promise.race([Promise.allSettled([...this.analyzing]), new Promise((resolve) => setTimeout(resolve, this.config.shutdownGraceMs).unref())]);
  }

  /** At start-up: what an earlier process left half-done is failed and its scratch files removed; then the same for any instance, every half lease. */
  async onApplicationBootstrap(): Promise<void> {
    await this.failInterrupted();
    this.sweeper = setInterval(() => void this.failInterrupted().catch(() => undefined), Math.max(1_000, this.config.importLeaseMs / 2));
    this.sweeper.unref();
    for (const folder of ['uploads', 'tmp']) {
      const dir = join(this.config.dataDir, folder);
      const left = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(left.map((name) => rm(join(dir, name), { recursive: true, force: true })));
      if (left.length > 0) this.logger.warn(`Removed ${left.length} file(s) left in ${dir} by an earlier process`);
    }
  }

  /** Marks imports left running by a process that died as failed; their data was never committed. */
  async failInterrupted(): Promise<number> {
    const failed = await this.imports.failOrphans(this.config.importLeaseMs);
    if (failed > 0) this.logger.warn(`${failed} import(s) interrupted by an earlier shutdown marked failed; nothing of them was kept`);
    return failed;
  }

  /** Runs an import as one of this process's running imports (awaited, or interrupted, at shutdown). */
  private track<T>(work: (entry: RunningImport) => Promise<T>): Promise<T> {
    const entry = new RunningImport();
    const done = work(entry);
    this.running.set(done, entry);
    void done.then(
      () => this.running.delete(done),
      () => this.running.delete(done),
    );
    return done;
  }

  private async runInBackground(file: UploadedFile, request: ImportRequest, sha256: string, job: Import, entry: RunningImport): Promise<void> {
    try {
      await this.run(file, request, sha256, job, entry);
      this.versions.invalidate(); // committed after the upload was answered: this instance's reads look the version up again
    } catch (err) {
      const rejected = err instanceof DomainError && err.status < 500;
      const details = err instanceof DomainError ? err.details : {};
      await this.imports
        .markEnded(job.id, rejected ? 'rejected' : 'failed', {
          // with the message's key and parameters, worded in the reader's language when the import is read
          failure: {
            ...(err instanceof DomainError ? { code: err.code, message: err.message, key: err.key, params: err.params } : say('INTERNAL_ERROR.import')),
            errorCount: details.errorCount as number | undefined,
            errorsByCode: details.errorsByCode as Record<string, number> | undefined,
          },
          errors: err instanceof ImportRejected ? err.allErrors : ((details.errors as RowError[] | undefined) ?? []),
        })
        .catch((e: unknown) => this.logger.error(`Could not record the end of import ${job.id}`, e instanceof Error ? e.stack : String(e)));
      if (entry.interrupted) this.logger.warn(`Import ${job.id} rolled back: the service was stopping`);
      else if (!rejected) this.logger.error(`Import ${job.id} failed`, err instanceof Error ? err.stack : String(err));
    } finally {
      if (file.temporary) await rm(file.path, { force: true });
    }
  }

  /** The pipeline, with a log line and metrics for how it ended (src/observability/import-telemetry.ts). */
  private async run(file: UploadedFile, request: ImportRequest, sha256: string, job: Import | null, entry: RunningImport): Promise<ImportOutcome> {
    const observed: Partial<ImportRun> = { importId: job?.id ?? null, bytes: file.size, background: job !== null };
    const progress: Progress = { bytes: 0, rows: 0 };
    const opened = Date.now();
    try {
      return await this.stages(file, request, sha256, job, entry, observed, progress);
    } catch (err) {
      const outcome = entry.interrupted ? 'interrupted' : err instanceof DomainError && err.status < 500 ? 'rejected' : 'failed';
      this.telemetry.failed(observed, outcome, err instanceof DomainError ? err.code : 'INTERNAL_ERROR', progress.rows, opened);
      throw err;
    }
  }

  /** The pipeline itself; with `job`, it completes that background import instead of recording a new one. */
  private async stages(
    file: UploadedFile,
    request: ImportRequest,
    sha256: string,
    job: Import | null,
    entry: RunningImport,
    observed: Partial<ImportRun>,
    progress: Progress,
  ): Promise<ImportOutcome> {
    const filters = request.filters ?? {};
    const scope = scopeOf(filters, request.rubro);
    const fileType = await detectFileKind(file.path);
    const slot: CsvLaneSlot = {};
    const rows = await this.rowsOf(file.path, fileType, progress, slot, request.format);
    const reporter = job ? setInterval(() => void this.imports.reportProgress(job.id, progress).catch(() => undefined), 1000) : undefined;
    const started = Date.now();
    try {
      const { format, header, cells, sheet, preamble, rest } = await findHeader(rows, request.format, fileType);
      observed.format = format.id;
      const labels = { preamble, sheet, fileName: file.originalName };
      // a file that cannot state its date is refused before its rows are read (a cut-off column is only known after)
      if (!request.snapshotDate && !format.cutOff && labelledDate(labels, limaDate(new Date())) === null) throw DomainError.of('SNAPSHOT_DATE_REQUIRED');
      this.telemetry.started(observed as ImportRun);
      if (request.rubro !== undefined && !format.statement) throw DomainError.of('RUBRO_NOT_READ', { format: format.id });
      const statement = format.statement?.(header, { rubro: request.rubro, preamble, fileName: file.originalName });
      const staging = await this.imports.openStaging(
        format.target,
        { ownPartitionLines: this.config.ownPartitionLines, allowedMunicipalities: request.allowedMunicipalities, statement },
        job?.id,
      );
      entry.rollBack = () => staging.interrupt();
      try {
        if (entry.interrupted) throw new Error('interrupted before the rows were read');
        const limits = cellLimits(format, header);
        // the rest of a CSV goes to the format's own reader, when it has one for this header
        if (slot.parser)
          slot.lane =
            format.csvLane?.({ parser: slot.parser, header, filters, allowedMunicipalities: request.allowedMunicipalities, load: staging.load, limits }) ??
            undefined;
        const skip = request.onError === 'skip';
        const read = await stageRows(prepend(rest, rows), format, header, limits, filters, staging, progress, skip, request.allowedMunicipalities);
        const staged = Date.now();
        if (read.errorCount === 0 || skip) {
          const invalid = await staging.endCopy();
          invalid.forEach(read.report);
          if (skip && invalid.length > 0 && read.forbidden === 0) await staging.dropRows(invalid.map((e) => e.row));
        }
        const validated = Date.now();
        const { rowsRead, rowsSkipped, errors, errorCount, errorsByCode } = read;
        const rowsRejected = new Set(read.stored.map((e) => e.row)).size;
        if (errorCount > 0 && (!skip || read.forbidden > 0 || rowsRejected >= rowsRead - rowsSkipped)) {
          throw new ImportRejected(
            skip ? 'IMPORT_REJECTED.skip' : 'IMPORT_REJECTED',
            { count: errorCount, rows: `${rowsRejected}${errorCount > read.stored.length ? '+' : ''}` },
            { errors, errorCount, errorsByCode },
            read.stored,
          );
        }
        if (staging.rows === 0) {
          throw rowsSkipped > 0 ? DomainError.of('NO_MATCHING_ROWS', { rows: rowsSkipped }) : DomainError.of('NO_DATA_ROWS');
        }
        // every row is read: from here the import's transaction holds its row and its advisory lock stands for its lease
        clearInterval(reporter);
        if (entry.interrupted) throw new Error('interrupted after the rows were read');
        const snapshot = resolveSnapshot(request.snapshotDate, read.cutOff, labels);
        const saved = await staging.merge(
          {
            fileName: file.originalName,
            sha256,
            sizeBytes: String(file.size),
            format: format.id,
            fileType,
            snapshotDate: snapshot.date,
            snapshotSource: snapshot.source,
            rowsRead,
            rowsSkipped,
            rowsRejected,
            scope,
            createdBy: request.createdBy,
          },
          read.stored,
          {
            found: ignoredColumns(cells, header, format).map((w) => (sheet ? { sheet, ...w } : w)),
            label: (key) => header.label[key] ?? key,
            sheet: read.sheet,
          },
        );
        const stored = { read: rowsRead, stored: staging.rows };
        if (request.dryRun) {
          await staging.abort();
          this.telemetry.ended(
            { ...(observed as ImportRun), importId: saved.id },
            stored,
            started,
            { read: staged - started, check: validated - staged, merge: Date.now() - validated },
            true,
          );
          return { import: saved, created: false, dryRun: true, background: false };
        }
        const merged = Date.now();
        await staging.commit();
        this.telemetry.ended(
          { ...(observed as ImportRun), importId: saved.id },
          stored,
          started,
          { read: staged - started, check: validated - staged, merge: merged - validated, commit: Date.now() - merged },
          false,
          {
            fileName: file.originalName,
            inserted: saved.inserted,
            revised: saved.revised,
            unchanged: saved.unchanged,
            snapshotDate: snapshot.date,
          },
        );
        // after the commit, outside its transaction: alerts (a listener's failure is logged, never the import's)
        await this.events.committed(saved.id);
        // fresh statistics, so that the planner knows the new rows before autovacuum gets round to it
        const analyzing = this.imports.analyze(saved.id).catch((e: Error) => this.logger.warn(`ANALYZE after import ${saved.id}: ${e.message}`));
        this.analyzing.add(analyzing);
        void analyzing.finally(() => this.analyzing.delete(analyzing));
        return { import: saved, created: true, dryRun: false, background: false };
      } catch (err) {
        await staging.abort();
        if (entry.interrupted) throw DomainError.of('INTERRUPTED');
        if (isUniqueViolation(err)) {
          const winner = await this.imports.findLive(sha256, scope);
          if (winner) return { import: winner, created: false, dryRun: false, background: false }; // the same file won a race
        }
        throw err;
      }
    } finally {
      clearInterval(reporter);
      await rows.return(undefined);
    }
  }

  private async rowsOf(path: string, kind: FileKind, progress: Progress, slot: CsvLaneSlot, formatId: string | undefined): Promise<AsyncGenerator<RowBatch>> {
    const onBytes = (n: number) => (progress.bytes += n);
    if (kind === 'csv') return readCsvBatches(path, onBytes, slot);
    if (kind === 'json') return oneBatch(jsonRows(await readJsonDocument(path, onBytes), formatId));
    const scratchDir = join(this.config.dataDir, 'tmp');
    await mkdir(scratchDir, { recursive: true });
    return oneByOne(readXlsxRows(path, { scratchDir, onBytes }));
  }
}

/** The formats that read this kind of file: JSON documents have their own layouts, spreadsheets and CSV theirs. */
function formatsFor(kind: FileKind, formatId: string | undefined): AnyFormat[] {
  return FORMATS.filter((f) => (formatId === undefined || f.id === formatId) && (kind === 'json') === (f.jsonRows !== undefined));
}

/** A JSON document as the rows of the first layout that knows its shape; 422 UNRECOGNIZED_JSON when none does. */
function jsonRows(document: unknown, formatId: string | undefined): SheetRow[] {
  const formats = formatsFor('json', formatId);
  for (const format of formats) {
    const rows = format.jsonRows!(document);
    if (rows) return rows;
  }
  throw DomainError.of('UNRECOGNIZED_JSON', { expected: formats.map((f) => `${f.title}: ${f.expectedColumns}`).join('; ') || '–' });
}

async function* oneBatch(rows: SheetRow[]): AsyncGenerator<RowBatch> {
  yield rows;
}

/** The rows after the header in the header's batch, then the rest of the file. */
async function* prepend(first: SheetRow[], rest: AsyncGenerator<RowBatch>): AsyncGenerator<RowBatch> {
  if (first.length > 0) yield first;
  yield* rest;
}

/** Rows of a reader that gives them one at a time, as batches of one. */
async function* oneByOne(rows: AsyncGenerator<SheetRow>): AsyncGenerator<SheetRow[]> {
  try {
    for await (const row of rows) yield [row];
  } finally {
    await rows.return(undefined);
  }
}

async function findHeader(
  batches: AsyncGenerator<RowBatch>,
  formatId: string | undefined,
  kind: FileKind,
): Promise<{ format: AnyFormat; header: HeaderMap; cells: Cell[]; sheet: string | null; preamble: Cell[][]; rest: SheetRow[] }> {
  const candidates = formatsFor(kind, formatId);
  const preamble: Cell[][] = [];
  const scanned: SheetRow[] = [];
  let seen = 0;
  // next() by hand: leaving a for-await loop would close the reader the rows are still to come from
  search: for (let next = await batches.next(); !next.done; next = await batches.next()) {
    const batch = next.value;
    if (!Array.isArray(batch)) continue; // (lines are only written by a lane, which starts after the header)
    for (let i = 0; i < batch.length; i++) {
      const { row, cells, sheet } = batch[i];
      if (cells.every((c) => c === null)) continue;
      if (seen++ >= HEADER_SEARCH_ROWS) break search;
      for (const format of candidates) {
        const header = format.matchHeader(cells, row);
        if (header) return { format, header, cells, sheet: sheet ?? null, preamble, rest: batch.slice(i + 1) };
      }
      preamble.push(cells);
      scanned.push(batch[i]);
    }
  }
  if (preamble.length === 0) {
    throw DomainError.of('EMPTY_FILE');
  }
  throw unrecognizedLayout(scanned, candidates, preamble, HEADER_SEARCH_ROWS);
}

function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err as QueryFailedError & { driverError?: { code?: string } }).driverError?.code === '23505';
}

/** One import under way in this process; interrupt() rolls it back (at shutdown, after the grace period). */
class RunningImport {
  rollBack?: () => Promise<void>;
  interrupted = false;

  async interrupt(): Promise<void> {
    this.interrupted = true;
    await this.rollBack?.();
  }
}
