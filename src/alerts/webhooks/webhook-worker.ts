import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { OutboxRepository } from './outbox.repository.js';
import { send } from './webhook-sender.js';

/** Deliveries one instance takes at a time. */
const BATCH = 10;
/** Longest wait between two attempts, whatever the doubling gives. */
const MAX_DELAY_MS = 7 * 24 * 3_600_000;

/** The wait after the n-th failed attempt: WEBHOOK_RETRY_BASE_MS, doubled after each further one. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

/**
 * Sends the webhook deliveries that are due, on every instance that has WEBHOOK_POLL_MS: every poll,
 * and at once when an import has just enqueued some. `runDue(now)` is the whole of one round and takes
 * the time as a parameter, so that a test can say "three minutes later" instead of waiting for it.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private timer?: NodeJS.Timeout;
  private round?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(this.config.webhookPollMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Deliveries were just enqueued: a round now rather than at the next poll (when this instance sends at all). */
  kick(): void {
    if (this.config.webhookPollMs > 0) this.schedule(0);
  }

  /** One round: claims the deliveries due at `now` and attempts each; the number attempted. */
  async runDue(now: Date = new Date()): Promise<number> {
    const claim = randomUUID();
    // a lease past the attempt's own time limit: no other instance takes it while this one may still be sending
    const claimed = await this.outbox.claimDue(now, BATCH, this.config.webhookTimeoutMs + 30_000, claim);
    await Promise.all(
      claimed.map(async (d) => {
        const sent = d.url
          ? await send(
              { url: d.url, secret: d.secret, deliveryId: d.id, attempt: d.attempts, body: d.body },
              { timeoutMs: this.config.webhookTimeoutMs, allowPrivate: this.config.webhookAllowPrivate },
            )
          : { status: null, error: 'the subscription has no webhookUrl any more', durationMs: 0 };
        const ok = sent.status !== null && sent.status >= 200 && sent.status < 300;
        const last = !d.url || d.attempts >= this.config.webhookMaxAttempts;
        await this.outbox.record({
          id: d.id,
          claim,
          attempt: d.attempts,
          at: now,
          statusCode: sent.status,
          error: sent.error ?? (ok ? null : `answered ${sent.status}`),
          durationMs: sent.durationMs,
          result: ok ? 'delivered' : last ? 'failed' : 'retry',
          retryAt: new Date(now.getTime() + retryDelayMs(d.attempts, this.config.webhookRetryBaseMs)),
        });
        if (!ok && last) this.logger.warn(`Webhook delivery ${d.id} given up after ${d.attempts} attempt(s): ${sent.error ?? `answered ${sent.status}`}`);
      }),
    );
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.config.webhookPollMs === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.round) return; // the round under way reschedules
    const round = (async () => {
      // a full batch may have more behind it: go on at once
      while (!this.stopped && (await this.runDue()) === BATCH);
    })().catch((e: Error) => this.logger.error(`Webhook round failed: ${e.message}`, e.stack));
    this.round = round;
    await round;
    this.round = undefined;
    this.schedule(this.config.webhookPollMs);
  }
}
