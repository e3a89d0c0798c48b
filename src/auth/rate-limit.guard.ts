import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { isIP } from 'node:net';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { CALLER, CHARGE, type Charge } from '../common/export-slots.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

const WINDOW_MS = 60_000;
/** How often each instance adds its counts to the shared ones (and learns the other instances'). */
const SYNC_MS = 1_000;
/** Unknown or revoked keys an address may send a minute before its requests get 429 without a look-up. */
export const FAILED_KEYS_PER_MINUTE = 10;
/** Requests held at once before their 429, and of one client; beyond, the next ones are answered without waiting (a bound on held sockets and timers). */
const MAX_HELD = 1_024;
const MAX_HELD_PER_CLIENT = 64;
/** Clients counted per instance and minute; beyond, the first-seen is forgotten (a memory bound, whatever the number of addresses). */
const MAX_TRACKERS = 50_000;

/** A request already counted before Nest saw it (by the answers kept in memory), with what the count said. */
const COUNTED = Symbol('rate limit counted');

interface Count {
  /** the shared count as PostgreSQL last answered it (this instance's sent requests included) */
  seen: number;
  /** this instance's requests not yet sent */
  pending: number;
}

/** Whether the request sends a key (as ApiKeyGuard reads it: the first of repeated headers, empty meaning none). */
const sendsKey = (request: Request): boolean => {
  const header = request.headers['x-api-key'];
  return !!(Array.isArray(header) ? header[0] : header);
};

/**
 * The client's address (Express's req.ip honours `trust proxy` when set); anything that is not an IP
 * address (a forged X-Forwarded-For behind a proxy that passes it on) counts as one unknown client.
 */
export const clientAddress = (request: Request): string => {
  const address = request.ip ?? request.socket.remoteAddress ?? '';
  return isIP(address) ? address : 'unknown';
};

/**
 * Requests per clock minute: per verified API key (its id), per client address without a key, and
 * failed key look-ups per address. A key is counted only once it is known to be valid, so guessing keys
 * does not buy a fresh allowance per guess: unknown keys count against the address, and after
 * FAILED_KEYS_PER_MINUTE of them the address gets 429 before any look-up.
 *
 * Shared by every instance: each counts in memory and every SYNC_MS adds its new counts to
 * `rate_limit_count` in PostgreSQL, reading back the totals of all instances, so N instances give one
 * limit (a request per row and second per client, not one per request; the limit may be overshot by
 * what the other instances admit within one second). Without the database it goes on counting alone.
 * Memory: one map per minute, dropped whole when the minute ends, of at most MAX_TRACKERS clients.
 *
 * (@nestjs/throttler 6 is CommonJS and requires @nestjs/common, which Nest 12 ships as ESM only; it
 * loads in Node 20 but not under Jest's ESM runtime, so the service keeps this small limiter instead.)
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private minute = 0;
  private counts = new Map<string, Count>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private readonly logger = new Logger('RateLimiter');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  get limit(): number {
    return this.config.rateLimitPerMinute;
  }

  /** Clients counted this minute by this instance (bounded by MAX_TRACKERS). */
  get trackers(): number {
    this.roll();
    return this.counts.size;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), SYNC_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Counts an anonymous request against its address; sets the RateLimit headers; the seconds to wait
   * when it is over the limit, else null. A request with a key is counted by the key guard once the key
   * is checked (takeKey).
   */
  take(request: Request, response: Response): number | null {
    const counted = request as Request & { [COUNTED]?: number | null };
    if (COUNTED in counted) return counted[COUNTED] ?? null; // counted once, before Nest saw it: the same answer
    if (sendsKey(request)) return null;
    const retry = this.count(request, `ip:${clientAddress(request)}`, response);
    counted[COUNTED] = retry;
    return retry;
  }

  /** Counts a request of a verified key. */
  takeKey(request: Request, keyId: number, response: Response): number | null {
    return this.count(request, `key:${keyId}`, response);
  }

  /** The seconds an address must wait before its next key is looked up, when it sent too many unknown ones; else null. */
  failuresWait(request: Request): number | null {
    const count = this.current(`fail:${clientAddress(request)}`);
    return count && count.seen + count.pending >= FAILED_KEYS_PER_MINUTE ? this.secondsLeft() : null;
  }

  /**
   * Holds a request from a guessing address for FAILED_KEY_DELAY_MS before its 429. Answered at once, a
   * sweep of random keys got ~2,200 refusals a second from one address, each a trip through the service
   * that the public's reads queued behind (bench:attack, steady p99 8.5×); held, each of its connections
   * sends one guess a delay.
   */
  slowDown(request: Request, response: Response): Promise<void> {
    return this.hold(`fail:${clientAddress(request)}`, this.config.failedKeyDelayMs, response);
  }

  /**
   * The 429 of a key or address over its limit (`whose`: "from this address", "for this key"), after
   * holding the request OVER_LIMIT_DELAY_MS: a client that honours Retry-After never sees the wait, one
   * that does not sends one request per connection and delay (bench:attack --limits: a key past its 600
   * went on sending ~1,100 a second, each a key check and a problem written while the public's reads waited).
   */
  async overLimit(request: Request, response: Response, whose: string): Promise<DomainError> {
    const tracker = (request as Request & { [CALLER]?: string })[CALLER] ?? `ip:${clientAddress(request)}`;
    await this.hold(tracker, this.config.overLimitDelayMs, response);
    const retry = this.secondsLeft(); // after the wait
    return rateLimited(response, retry, `More than ${this.limit} requests a minute ${whose}; retry in ${retry} s.`);
  }

  /**
   * Waits `ms` (at most MAX_HELD requests at once, MAX_HELD_PER_CLIENT of one client; beyond, at once).
   * A client that hangs up gives its place back at once: dropped connections cannot fill the places.
   */
  private async hold(client: string, ms: number, response: Response): Promise<void> {
    const mine = this.held.get(client) ?? 0;
    if (ms <= 0 || this.heldTotal >= MAX_HELD || mine >= MAX_HELD_PER_CLIENT) return;
    this.held.set(client, mine + 1);
    this.heldTotal++;
    let timer: NodeJS.Timeout | undefined;
    let gone: (() => void) | undefined;
    try {
      await new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        gone = resolve;
        response.once('close', gone); // the response closes before it is sent only when the connection does
      });
    } finally {
      clearTimeout(timer);
      if (gone) response.off('close', gone);
      this.heldTotal--;
      const left = (this.held.get(client) ?? 1) - 1;
      if (left > 0) this.held.set(client, left);
      else this.held.delete(client);
    }
  }

  private readonly held = new Map<string, number>();
  private heldTotal = 0;

  /** Records an unknown or revoked key sent from the request's address. */
  recordFailure(request: Request): void {
    this.bump(`fail:${clientAddress(request)}`);
  }

  /** Adds this instance's new counts to the shared ones and reads back the totals (every SYNC_MS; tests call it). */
  flush(): Promise<void> {
    this.flushing ??= this.sync().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async sync(): Promise<void> {
    const minute = this.minute;
    const sent = [...this.counts].filter(([, c]) => c.pending > 0).map(([tracker, c]) => [tracker, c.pending] as const);
    if (sent.length === 0) return;
    this.sending = new Map(sent);
    try {
      const totals: { tracker: string; count: number }[] = await this.db.query(
        `INSERT INTO rate_limit_count (minute, tracker, count) SELECT $1, t, c FROM unnest($2::varchar[], $3::int[]) AS u(t, c)
         ON CONFLICT (minute, tracker) DO UPDATE SET count = rate_limit_count.count + EXCLUDED.count
         RETURNING tracker, count`,
        [minute, sent.map(([t]) => t), sent.map(([, c]) => c)],
      );
      if (minute !== this.minute) return; // the minute ended meanwhile: its counts are of no use any more
      const byTracker = new Map(totals.map((t) => [t.tracker, t.count]));
      for (const [tracker, n] of sent) {
        const count = this.counts.get(tracker);
        if (!count) continue;
        count.pending -= n;
        count.seen = Math.max(count.seen + n, byTracker.get(tracker) ?? 0);
      }
      if (Math.random() < 0.05) await this.db.query('DELETE FROM rate_limit_count WHERE minute < $1', [minute - 1]);
    } catch (error) {
      this.logger.warn(`Could not share the rate-limit counts (${(error as Error).message}); counting alone meanwhile`);
    } finally {
      this.sending = new Map();
    }
  }

  /** What the sync under way sent of each tracker's pending count (giveBack leaves it). */
  private sending = new Map<string, number>();

  /** Counts the request against `tracker`, and lets it be charged more there (CHARGE: a heavy request, once it is computed). */
  private count(request: Request, tracker: string, response: Response): number | null {
    const count = this.bump(tracker);
    const used = count.seen + count.pending;
    (request as Request & { [CALLER]?: string })[CALLER] = tracker;
    response.setHeader('RateLimit-Limit', String(this.limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, this.limit - used)));
    (request as Request & { [CHARGE]?: Charge })[CHARGE] = (requests) => {
      const charged = requests >= 0 ? this.bump(tracker, requests) : this.giveBack(tracker, -requests);
      if (charged && !response.headersSent) response.setHeader('RateLimit-Remaining', String(Math.max(0, this.limit - charged.seen - charged.pending)));
    };
    return used > this.limit ? this.secondsLeft() : null;
  }

  private bump(tracker: string, requests = 1): Count {
    this.roll();
    let count = this.counts.get(tracker);
    if (!count) {
      if (this.counts.size >= MAX_TRACKERS) this.counts.delete(this.counts.keys().next().value!);
      count = { seen: 0, pending: 0 };
      this.counts.set(tracker, count);
    }
    count.pending += requests;
    return count;
  }

  /**
   * Takes back up to `requests` of a tracker's count this minute that are not yet being shared with the
   * other instances: a charge given back milliseconds after it was made usually is not; one already sent
   * (a sync in between) stays counted. Never below zero pending, so a sync under way still subtracts
   * exactly what it sent.
   */
  private giveBack(tracker: string, requests: number): Count | undefined {
    const count = this.current(tracker);
    if (count) count.pending -= Math.min(requests, Math.max(0, count.pending - (this.sending.get(tracker) ?? 0)));
    return count;
  }

  private current(tracker: string): Count | undefined {
    this.roll();
    return this.counts.get(tracker);
  }

  /** A new clock minute starts with no counts: the last one's map goes whole. */
  private roll(): void {
    const minute = Math.floor(Date.now() / WINDOW_MS);
    if (minute !== this.minute) {
      this.minute = minute;
      this.counts = new Map();
    }
  }

  /** The seconds until the clock minute ends and the counts start again. */
  private secondsLeft(): number {
    return Math.max(1, Math.ceil(((this.minute + 1) * WINDOW_MS - Date.now()) / 1000));
  }
}

/** A 429 RATE_LIMITED problem with its Retry-After. */
export function rateLimited(response: Response, retry: number, message: string): DomainError {
  response.setHeader('Retry-After', String(retry));
  return new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', message);
}

/** Anonymous requests, by address (keyed ones are counted by ApiKeyGuard once the key is checked). */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const response = context.switchToHttp().getResponse<Response>();
    const request = context.switchToHttp().getRequest<Request>();
    if (this.limiter.take(request, response) !== null) throw await this.limiter.overLimit(request, response, 'from this address');
    return true;
  }
}
