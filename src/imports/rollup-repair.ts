import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import { rebuildRollups, repairRollups } from '../budget/rollups.js';
import { Listener } from '../common/listener.js';
import type { Sql } from '../common/sql.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MERGE_LOCK } from './staging-session.js';

/** How soon a repair that found an import merging tries again. */
const RETRY_MS = 2_000;

/**
 * Puts the budget rollups right after an operator changed imports in the database (migration
 * 1763795800000): a deleted budget import's municipality-years (rollup_repair) are rolled up again from
 * the lines that remain, and rollups marked stale (a TRUNCATE) are rebuilt whole. Told through NOTIFY
 * rollup_repair, and looked for at start-up and whenever the listening connection comes back. One
 * instance at a time, and never beside an import's merge (the merge's lock: while an import holds it, the
 * repair tries again every RETRY_MS, so that nothing, a stop included, waits on an import). The repair writes an audit
 * event, which moves the data version: answers kept for the version before it are not served again.
 */
@Injectable()
export class RollupRepair implements OnApplicationBootstrap, OnModuleDestroy {
  private listener?: Listener;
  private running?: Promise<void>;
  private again = false;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  private readonly logger = new Logger(RollupRepair.name);

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.schedule();
    const url = (this.db.options as { url?: string }).url;
    if (url === undefined) return;
    let connections = 0;
    this.listener = new Listener(url, 'rollup_repair', 'rollup repair', {
      notified: () => this.schedule(),
      connected: () => {
        if (connections++ > 0) this.schedule();
      },
    });
    await this.listener.start().catch((e: Error) => this.logger.warn(`Not listening for rollups to repair (${e.message}): repaired at the next start`));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.listener?.stop();
    await this.running;
  }

  /** Runs a repair now, or once more after the one running (a notification may come while it works). */
  schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.repair()
      .then(
        (repaired) => {
          if (repaired === null) {
            // an import is merging: its turn first, this one a few seconds later
            clearTimeout(this.retry);
            this.retry = setTimeout(() => this.schedule(), RETRY_MS);
            this.retry.unref();
          } else if (repaired !== 0) {
            this.logger.log(
              `Rolled up again ${repaired < 0 ? 'every' : repaired} municipality-year(s) of the budget lines after imports were deleted in the database`,
            );
          }
        },
        (e: Error) => this.logger.warn(`Repairing the budget rollups: ${e.message}`),
      )
      .then(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  /**
   * What needed repair, repaired in one transaction: the municipality-years rolled up again (all of them, -1,
   * on a rebuild); null when an import held the merge's lock (nothing is waited for: not even a stop).
   */
  async repair(): Promise<number | null> {
    const [{ work }] = await this.db.query<{ work: boolean }[]>(
      `SELECT coalesce((SELECT stale FROM rollup_state), false) OR EXISTS (SELECT 1 FROM rollup_repair) AS work`,
    );
    if (!work) return 0;
    return this.db.transaction(async (m) => {
      const sql: Sql = (text, params) => m.query(text, params);
      const [{ locked }] = await sql<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(hashtext('${MERGE_LOCK}')) AS locked`);
      if (!locked) return null;
      await sql(`SET LOCAL statement_timeout = ${Math.trunc(this.config.dbImportTimeoutMs)}`);
      await sql(`SET LOCAL work_mem = '512MB'`);
      const [{ stale }] = await sql<{ stale: boolean }[]>('SELECT stale FROM rollup_state');
      if (stale) {
        await rebuildRollups(sql);
        await sql('DELETE FROM rollup_repair');
        await recordAudit(sql, { keyId: null, action: 'rollups_repaired', subject: 'all', after: { rebuilt: true } });
        return -1;
      }
      await sql(`CREATE TEMP TABLE rollup_gone ON COMMIT DROP AS SELECT import_id, year, ubigeo FROM rollup_repair`);
      const [{ pairs, municipalities, imports }] = await sql<{ pairs: number; municipalities: string[]; imports: number[] }[]>(
        `SELECT count(DISTINCT (year, ubigeo))::int AS pairs, coalesce(array_agg(DISTINCT ubigeo ORDER BY ubigeo), '{}') AS municipalities,
                coalesce(array_agg(DISTINCT import_id ORDER BY import_id), '{}') AS imports FROM rollup_gone`,
      );
      if (pairs === 0) return 0;
      await sql('DELETE FROM rollup_repair r USING rollup_gone g WHERE r.import_id = g.import_id AND r.year = g.year AND r.ubigeo = g.ubigeo');
      await repairRollups(sql, 'rollup_gone');
      await recordAudit(sql, {
        keyId: null,
        action: 'rollups_repaired',
        municipalities,
        subject: imports.join(','),
        after: { deletedImports: imports, municipalityYears: pairs },
      });
      await sql('DROP TABLE rollup_gone');
      return pairs;
    });
  }
}
