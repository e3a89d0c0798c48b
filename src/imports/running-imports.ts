import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ImportsRepository } from './imports.repository.js';

/** One import under way in this process; interrupt() rolls it back (at shutdown, after the grace period). */
export class RunningImport {
  rollBack?: () => Promise<void>;
  interrupted = false;

  async interrupt(): Promise<void> {
    this.interrupted = true;
    await this.rollBack?.();
  }
}

/**
 * The imports under way in this process, from the first step of each to its end, and what outlives them
 * (statistics refreshes). At shutdown new imports are refused while running ones get SHUTDOWN_GRACE_MS,
 * then are rolled back: a background one is handed back for another instance to take over
 * (import-takeover.ts), a request's own answered 503 INTERRUPTED.
 */
@Injectable()
export class RunningImports implements OnModuleDestroy {
  private readonly running = new Map<Promise<unknown>, RunningImport>();
  /** Statistics refreshes still running after their imports answered: given the grace period at shutdown, then cancelled. */
  private readonly analyzing = new Set<{ done: Promise<void>; stop: () => Promise<void> }>();
  private stopping = false;
  private readonly logger = new Logger(RunningImports.name);

  constructor(
    private readonly imports: ImportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Set at shutdown: new imports are refused (503 SHUTTING_DOWN) while running ones finish. */
  get closing(): boolean {
    return this.stopping;
  }

  /** Runs an import as one of this process's running imports (awaited, or interrupted, at shutdown). */
  track<T>(work: (entry: RunningImport) => Promise<T>): Promise<T> {
    const entry = new RunningImport();
    const done = work(entry);
    this.running.set(done, entry);
    void done.then(
      () => this.running.delete(done),
      () => this.running.delete(done),
    );
    return done;
  }

  /** Fresh statistics after a commit, so that the planner knows the new rows before autovacuum gets round to it; not awaited by the import. */
  analyzeLater(importId: number): void {
    const analyzing = this.imports.analyze(importId);
    this.analyzing.add(analyzing);
    void analyzing.done
      .catch((e: Error) => {
        if (!this.stopping) this.logger.warn(`ANALYZE after import ${importId}: ${e.message}`);
      })
      .finally(() => this.analyzing.delete(analyzing));
  }

  /**
   * Shutdown (SIGTERM, SIGINT): new imports are refused; running ones have SHUTDOWN_GRACE_MS to finish,
   * then are rolled back, never half kept: background imports back to the queue, with their spooled files,
   * for another instance to run again; an upload waiting for its answer is answered 503 INTERRUPTED.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    const all = [...this.running.keys()];
    if (all.length > 0) {
      this.logger.log(`Stopping: waiting up to ${this.config.shutdownGraceMs} ms for ${all.length} running import(s)`);
      await within(Promise.allSettled(all), this.config.shutdownGraceMs);
      const left = [...this.running.values()];
      if (left.length > 0) this.logger.warn(`Stopping: rolling back ${left.length} import(s) still running; background ones are handed back`);
      await Promise.allSettled(left.map((entry) => entry.interrupt()));
      // rolled back, they end within moments; a bound all the same, so that a stuck one cannot hold the stop
      await within(Promise.allSettled([...this.running.keys()]), 5_000);
    }
    // statistics refreshes are only an optimisation: cancelled past the grace period, not left running in the server
    await within(Promise.allSettled([...this.analyzing].map((a) => a.done)), this.config.shutdownGraceMs);
    await Promise.allSettled([...this.analyzing].map((a) => a.stop()));
  }

  /** At start-up, before its imports run: the scratch files an earlier process of this instance left are removed (this instance's own folders, never the shared spool). */
  async removeScratch(): Promise<void> {
    for (const folder of ['uploads', 'tmp']) {
      const dir = join(this.config.dataDir, folder);
      const left = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(left.map((name) => rm(join(dir, name), { recursive: true, force: true })));
      if (left.length > 0) this.logger.warn(`Removed ${left.length} file(s) left in ${dir} by an earlier process`);
    }
  }
}

/** Waits for `work`, or `ms` at most (the timer holds the process meanwhile, then is cleared). */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
