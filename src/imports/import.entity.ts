import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RowError } from '../common/domain-error.js';
import type { MessageKey, Params } from '../i18n/messages.js';

/** queued: handed back by a stopping instance, waiting for another to take it over (background imports only). */
export type ImportStatus = 'queued' | 'running' | 'completed' | 'rejected' | 'failed';

/** Why the latest attempt of a background import started: its instance handed it back at a stop, or stopped renewing its lease. */
export type Takeover = 'handed_back' | 'lease_expired';

/**
 * What a background import was asked, kept with it so that every instance can run it again from its spooled
 * file (an ImportRequest, src/imports/import-request.ts, less who asked, which the import records itself).
 */
export interface SpooledRequest {
  format?: string;
  snapshotDate?: string;
  filters?: { department?: string; province?: string; municipalities?: string[] };
  onError?: 'reject' | 'skip';
  allowedMunicipalities?: string[];
  rubro?: string;
}

/** What went wrong with a background import (a synchronous one answers with it instead). */
export interface ImportFailure {
  code: string;
  /** In English; `key` and `params` (the registry's, src/i18n) word it in the reader's language. */
  message: string;
  key?: MessageKey;
  params?: Params;
  errorCount?: number;
  errorsByCode?: Record<string, number>;
}

/**
 * One upload: what it was, which data cut-off it carries and what it changed. Synchronous imports are
 * recorded only when they succeed; background imports are recorded from the start (status running),
 * so that their progress can be followed, and end completed, rejected (bad rows) or failed; one whose
 * instance stops is run again from its spooled file by whichever instance takes it over (import-takeover.ts).
 */
@Entity('import')
@Index('import_sha256_scope_idx', ['sha256', 'scope'], { unique: true, where: "status IN ('queued', 'running', 'completed') AND resent_at IS NULL" })
export class Import {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes: string;

  /** Source layout, e.g. consulta-amigable */
  @Column({ type: 'varchar', length: 40 })
  format: string;

  /** xlsx, csv or json */
  @Column({ name: 'file_type', type: 'varchar', length: 8 })
  fileType: string;

  /** The data's cut-off date; null while a background import has not read it from its file, or when it failed before. */
  @Column({ name: 'snapshot_date', type: 'date', nullable: true })
  snapshotDate: string | null;

  /** Where the cut-off date came from: request, file or today (records from before a file had to state it); null with no date. */
  @Column({ name: 'snapshot_source', type: 'varchar', length: 10, nullable: true })
  snapshotSource: 'request' | 'file' | 'today' | null;

  @Column({ type: 'varchar', length: 12, default: 'completed' })
  status: ImportStatus;

  /** When a later upload of the same bytes was imported again rather than answered with this import (migration 1763796100000). */
  @Column({ name: 'resent_at', type: 'timestamptz', nullable: true })
  resentAt: Date | null;

  /** Bytes of the file read so far (background imports report progress with it). */
  @Column({ name: 'bytes_read', type: 'bigint', default: '0' })
  bytesRead: string;

  /** When its latest attempt started (a background import taken over starts again). */
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  /** A background import's lease, renewed every second while its file is read (migration 1763794100000). */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;

  /** A background import's upload, by its name in UPLOAD_SPOOL_DIR, until it ends (migration 1763795400000). */
  @Column({ name: 'spool_file', type: 'text', nullable: true })
  spoolFile: string | null;

  /** What a background import was asked: with its spooled file, enough for every instance to run it again. */
  @Column({ type: 'jsonb', nullable: true })
  request: SpooledRequest | null;

  /** Which run of the file this is: 1, then one more each time another instance takes it over. */
  @Column({ type: 'smallint', default: 1 })
  attempt: number;

  /** Attempts that ended with their instance gone (its lease lapsed); at IMPORT_MAX_ATTEMPTS the import is failed. */
  @Column({ name: 'lapsed_attempts', type: 'smallint', default: 0 })
  lapsedAttempts: number;

  /** Why the latest attempt started; null for the first. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  takeover: Takeover | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  failure: ImportFailure | null;

  @Column({ name: 'rows_read', type: 'integer' })
  rowsRead: number;

  /** Rows left out by the request's filters (e.g. other municipalities of a national MEF file). */
  @Column({ name: 'rows_skipped', type: 'integer', default: 0 })
  rowsSkipped: number;

  /** The request's filters in a canonical form, e.g. "department=08;province=0808"; empty when none. */
  @Column({ type: 'text', default: '' })
  scope: string;

  @Column({ type: 'integer' })
  inserted: number;

  @Column({ type: 'integer' })
  revised: number;

  @Column({ type: 'integer' })
  unchanged: number;

  /** Years the file covers. */
  @Column({ type: 'smallint', array: true })
  years: number[];

  /** Rows left out because they had errors (onError=skip). */
  @Column({ name: 'rows_rejected', type: 'integer', default: 0 })
  rowsRejected: number;

  /** The first 1,000 row problems (all of them in import_error); empty for a clean import. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  errors: RowError[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: string[];

  /** The first 1,000 warnings of single rows or columns (all of them in import_error, severity warning). */
  @Column({ name: 'row_warnings', type: 'jsonb', default: () => "'[]'" })
  rowWarnings: RowError[];

  /** Every warning counted by code, also those beyond the first 1,000. */
  @Column({ name: 'warning_counts', type: 'jsonb', default: () => "'{}'" })
  warningCounts: Record<string, number>;

  /** The earlier import whose figures this file repeats at the same cut-off: nothing of it was stored again ("sin cambios"). */
  @Column({ name: 'same_content_as', type: 'integer', nullable: true })
  sameContentAs: number | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
