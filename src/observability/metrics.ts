import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ReadReplica } from '../database/read-replica.js';
import { poolOf } from './db-pool.js';

interface ReplicaState {
  inUse: boolean;
  lagSeconds?: number;
  versionsBehind?: number;
}

/** What became of an import: committed, refused for its rows or layout (rejected), failed, rolled back at shutdown (interrupted), or a dry run. */
export type ImportOutcomeLabel = 'committed' | 'rejected' | 'failed' | 'interrupted' | 'dry_run';

/**
 * The service's Prometheus metrics, one registry per app (GET /metrics). Labels are bounded sets:
 * route patterns (never URLs), status codes, import formats and outcomes.
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'tracker_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer ending, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly imports = new Counter({
    name: 'tracker_imports_total',
    help: 'Imports that ended, by format (unknown before a header was recognised) and outcome.',
    labelNames: ['format', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly importRowsPerSecond = new Histogram({
    name: 'tracker_import_rows_per_second',
    help: 'Rows read per second by committed imports, from the file being opened to the commit.',
    labelNames: ['format'] as const,
    buckets: [100, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000],
    registers: [this.registry],
  });

  /** Its own connection to the replica (one, short-lived statements): how far behind it is, read when scraped. */
  private replicaClient?: pg.Pool;
  private readonly logger = new Logger('Metrics');

  constructor(db: DataSource, replica: ReadReplica, @Inject(APP_CONFIG) config: AppConfig) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => poolOf(db);
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('tracker_db_pool_size', 'Connections the pool may open (DB_POOL_SIZE).', () => pool().options.max ?? 10);
    gauge('tracker_db_pool_total', 'Connections open.', () => pool().totalCount);
    gauge('tracker_db_pool_idle', 'Connections open and free.', () => pool().idleCount);
    gauge('tracker_db_pool_waiting', 'Requests waiting for a free connection.', () => pool().waitingCount);

    gauge('tracker_replica_configured', '1 when DATABASE_READ_URL names a read replica.', () => (replica.enabled ? 1 : 0));
    if (!config.databaseReadUrl) return;
    this.replicaClient = new pg.Pool({
      connectionString: config.databaseReadUrl,
      max: 1,
      application_name: 'canon-tracker metrics',
      connectionTimeoutMillis: 2_000,
      statement_timeout: 2_000,
    });
    this.replicaClient.on('error', () => undefined); // an idle connection lost: the next scrape opens another
    // the registry collects its metrics at once: the three gauges share one look at the replica per scrape
    let sample: { at: number; state: Promise<ReplicaState> } | undefined;
    const state = () => {
      if (!sample || Date.now() - sample.at > 1_000) sample = { at: Date.now(), state: this.replicaState(replica) };
      return sample.state;
    };
    const replicaGauge = (name: string, help: string, read: (s: ReplicaState) => number | undefined) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          // unknown is NaN: prom-client's reset() would write an unlabelled gauge as 0, a made-up lag
          this.set(read(await state()) ?? Number.NaN);
        },
      });
    replicaGauge(
      'tracker_replica_in_use',
      '1 while anonymous reads go to the replica (it has replayed the latest change), 0 while they go to the primary.',
      (s) => (s.inUse ? 1 : 0),
    );
    replicaGauge(
      'tracker_replica_lag_seconds',
      'Seconds since the last transaction the replica replayed was committed on the primary; 0 when it has replayed all it received; NaN while it does not answer.',
      (s) => s.lagSeconds,
    );
    replicaGauge(
      'tracker_replica_versions_behind',
      'Changes (data versions: audit events) of the primary the replica has not replayed; NaN while it does not answer.',
      (s) => s.versionsBehind,
    );
  }

  private async replicaState(replica: ReadReplica): Promise<ReplicaState> {
    const fresh = await replica.fresh().catch(() => undefined);
    try {
      const { rows } = await this.replicaClient!.query<{ lag: number; version: string }>(
        `SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                     ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag,
                (SELECT coalesce(max(id), 0)::text FROM audit_event) AS version`,
      );
      const behind = fresh ? Math.max(0, Number(fresh.version) - Number(rows[0].version)) : undefined;
      return { inUse: !!fresh?.replica, lagSeconds: rows[0].lag, versionsBehind: behind };
    } catch (error) {
      this.logger.debug(`The replica did not answer: ${(error as Error).message}`);
      return { inUse: !!fresh?.replica };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.replicaClient?.end().catch(() => undefined);
  }
}
