import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Listener } from '../common/listener.js';
import { say } from '../i18n/messages.js';
import type { Import } from './import.entity.js';
import { IMPORT_WAITING, ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';
import { RunningImports } from './running-imports.js';
import { sweepSpool, unspool } from './spool.js';

/**
 * Background imports that outlive their instance. Each one's upload waits in the spool (UPLOAD_SPOOL_DIR, a
 * folder the instances share) until it ends. This instance takes over one import that is queued (handed back
 * by an instance that stopped: told at once through NOTIFY import_waiting) or whose holder stopped renewing
 * its lease (it died: looked for at start-up, every half lease up to a minute, and whenever the listening
 * connection comes back), and runs it again from the start: nothing of an earlier attempt was kept,
 * PostgreSQL rolled its transaction back. An import whose instance died IMPORT_MAX_ATTEMPTS times, or whose
 * spooled file is gone, is failed instead (INTERRUPTED). A live instance's import is never taken: its lease is
 * fresh, and from its transaction's start its advisory lock is held (imports.repository.ts, claim).
 */
@Injectable()
export class ImportTakeover implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private listener?: Listener;
  private readonly logger = new Logger(ImportTakeover.name);

  constructor(
    private readonly imports: ImportsRepository,
    private readonly service: ImportsService,
    private readonly running: RunningImports,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.running.removeScratch();
    await mkdir(this.config.uploadSpoolDir, { recursive: true });
    const removed = await sweepSpool(this.config.uploadSpoolDir, () => this.imports.spooledFiles());
    if (removed > 0) this.logger.warn(`Removed ${removed} spooled file(s) that no import still needs from ${this.config.uploadSpoolDir}`);
    await this.sweep();
    const look = () => void this.sweep().catch((e: Error) => this.logger.warn(`Looking for imports to take over: ${e.message}`));
    this.timer = setInterval(look, Math.max(1_000, Math.min(60_000, this.config.importLeaseMs / 2)));
    this.timer.unref();
    const url = (this.db.options as { url?: string }).url;
    if (url === undefined) return;
    // the first connection's own look is the one just made; a reconnection looks again for what was handed back meanwhile
    let connections = 0;
    this.listener = new Listener(url, IMPORT_WAITING, 'import takeover', {
      notified: look,
      connected: () => {
        if (connections++ > 0) look();
      },
    });
    await this.listener.start().catch((e: Error) => this.logger.warn(`Not listening for imports handed back (${e.message}): found at the next look instead`));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.listener?.stop();
  }

  /** Fails what cannot be run again (imports without a spooled file whose holder is gone), then takes over one import. */
  async sweep(): Promise<Import | null> {
    const failed = await this.imports.failOrphans(this.config.importLeaseMs);
    if (failed > 0) this.logger.warn(`${failed} import(s) without a spooled file, whose instance stopped, marked failed; nothing of them was kept`);
    return this.takeOver();
  }

  /** Claims the oldest import waiting for an instance and runs it here, or fails it for good; null when none waits (or this instance is stopping). */
  async takeOver(): Promise<Import | null> {
    if (this.running.closing) return null;
    const dir = this.config.uploadSpoolDir;
    const claimed = await this.imports.claim(this.config.importLeaseMs, async ({ spoolFile, lapsedAttempts }) => {
      if (lapsedAttempts >= this.config.importMaxAttempts) return say('INTERRUPTED.attempts', { attempts: lapsedAttempts });
      const there = await stat(join(dir, spoolFile!)).then(
        (s) => s.isFile(),
        () => false,
      );
      return there ? null : say('INTERRUPTED.spoolGone');
    });
    if (!claimed) return null;
    const { job, failed } = claimed;
    if (failed) {
      await unspool(dir, job.spoolFile!);
      this.logger.warn(`Import ${job.id} failed for good after attempt ${job.attempt}: ${job.failure?.message}`);
    } else if (this.running.closing) {
      await this.imports.handBack(job); // claimed as the stop began: for another instance
    } else {
      void this.service.resume(job);
    }
    return job;
  }
}
