import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DataSource } from 'typeorm';
import { type DataVersion, dataVersion } from '../common/http-cache.js';
import { type PoolSettings, dataSourceOptions } from './data-source-options.js';

/** How often the replica's data version is read. */
export const REPLICA_CHECK_MS = 1_000;
/** A statement that only reads (as the prepared reads are told apart: src/database/preparing-client.ts). */
const READ = /^\s*(?:SELECT|WITH)\b/i;
// and the data version (audit_event), which must always be the primary's
const WRITES = /\b(?:INSERT|UPDATE|DELETE|MERGE|staging|pg_temp|nextval|setval|pg_advisory|pg_cancel_backend|pg_terminate_backend|audit_event)\b/i;
/** Connection failures: the read is run on the primary instead, and the replica is skipped until it answers again. */
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|Query read timeout|57P0[123]|40001|canceling statement due to conflict with recovery|the database system is (starting|shutting) up|Driver not Connected/i;

/**
 * Anonymous reads from a streaming read replica (DATABASE_READ_URL), everything else from the primary.
 *
 * Which reads: anonymous GET and HEAD requests (the public's; a key's reads follow its own writes, so
 * they stay on the primary), and within them only plain SELECTs run outside a transaction. Each request
 * is decided once, when it arrives, so all of its statements see one database.
 *
 * The bound on lag: the replica answers only while it has replayed the primary's current data version
 * (the last audit event: every change that reads can see appends one, src/common/http-cache.ts), read
 * from it every REPLICA_CHECK_MS. A replica one change behind, or unreachable, is skipped until it
 * catches up: the public never reads figures older than the ETag it is given, and the answers kept in
 * memory per version are never filled from an older one.
 *
 * How: the primary DataSource's `query` is wrapped (every repository reads through it), the request's
 * decision travelling in an AsyncLocalStorage; TypeORM's own replication would send every find to the
 * replica whatever its lag, and none of the raw SQL the reads use.
 */
export class ReadReplica {
  private readonly decision = new AsyncLocalStorage<boolean>();
  private replica?: DataSource;
  private replicaVersion?: string;
  private behindSince?: number;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private checking = false;
  private readonly logger = new Logger('ReadReplica');

  constructor(
    private readonly primary: DataSource,
    private readonly versions: DataVersion,
    private readonly url: string | undefined,
    private readonly pool: PoolSettings,
  ) {}

  get enabled(): boolean {
    return this.url !== undefined;
  }

  async start(): Promise<void> {
    if (!this.url) return;
    const options = dataSourceOptions(this.url, this.pool);
    // a replica host that stops answering (no error, no reply) must not hold a read past the read limit
    const limit = (this.pool.statementTimeoutMs ?? 5_000) + 1_000;
    this.replica = new DataSource({ ...options, extra: { ...(options.extra as object), query_timeout: limit, keepAlive: true } } as typeof options);
    await this.replica
      .initialize()
      .catch((error: Error) => this.logger.warn(`The read replica is not reachable (${error.message}); reading from the primary until it is`));
    const query = this.primary.query.bind(this.primary);
    this.primary.query = (async (text: string, parameters?: unknown[], runner?: Parameters<DataSource['query']>[2]) => {
      if (runner || this.stopped || !this.decision.getStore() || !READ.test(text) || WRITES.test(text)) return query(text, parameters, runner);
      try {
        return await this.replica!.query(text, parameters);
      } catch (error) {
        if (!UNREACHABLE.test(`${(error as Error).message} ${(error as { code?: string }).code ?? ''}`) && !this.stopped) throw error;
        this.replicaVersion = undefined;
        return query(text, parameters);
      }
    }) as DataSource['query'];
    await this.check();
    this.timer = setInterval(() => void this.check(), REPLICA_CHECK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopped = true;
    this.replicaVersion = undefined;
    if (this.replica?.isInitialized) await this.replica.destroy().catch(() => undefined);
  }

  /** The data version a request arriving now reads, and whether the replica has it. */
  async fresh(): Promise<{ version: string; replica: boolean }> {
    const version = await this.versions.current();
    return { version, replica: this.replicaVersion !== undefined && this.replicaVersion === version };
  }

  /** Express middleware: decides each request (and says where it read, X-Read-From: replica or primary). */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!this.enabled) return next();
      const header = req.headers['x-api-key'];
      const anonymous = !(Array.isArray(header) ? header[0] : header);
      if (!anonymous || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.setHeader('X-Read-From', 'primary');
        return next();
      }
      this.fresh()
        .catch(() => ({ version: undefined, replica: false }))
        .then(({ version, replica }) => {
          res.setHeader('X-Read-From', replica ? 'replica' : 'primary');
          // the ETag and the answers kept in memory use this same version (src/common/http-cache.ts): never a newer one over older figures
          if (version !== undefined) res.locals.dataVersion = version;
          this.decision.run(replica, next);
        });
    };
  }

  private async check(): Promise<void> {
    if (this.checking || this.stopped) return; // one check at a time: a slow one must not start a second pool
    this.checking = true;
    // unknown until the replica answers: a replica that hangs is not read meanwhile
    this.replicaVersion = undefined;
    try {
      if (!this.replica!.isInitialized) await this.replica!.initialize();
      this.replicaVersion = await dataVersion(this.replica!);
    } catch {
      this.replicaVersion = undefined;
    } finally {
      this.checking = false;
    }
    const primary = await this.versions.current().catch(() => undefined);
    if (this.replicaVersion !== undefined && this.replicaVersion === primary) {
      if (this.behindSince !== undefined) this.logger.log(`The read replica caught up after ${Date.now() - this.behindSince} ms`);
      this.behindSince = undefined;
    } else if (this.behindSince === undefined) {
      this.behindSince = Date.now();
    } else if (Date.now() - this.behindSince > 30_000) {
      this.logger.warn(
        `The read replica has been behind the primary (or unreachable) for ${Math.round((Date.now() - this.behindSince) / 1000)} s; reads go to the primary`,
      );
      this.behindSince = Date.now();
    }
  }
}
