import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { hashKey } from './api-keys.service.js';

const WINDOW_MS = 60_000;

/**
 * Requests per minute (fixed one-minute windows), counted per API key when one is sent and per client
 * IP otherwise, so a shared office IP does not starve a key and keys cannot be guessed at full speed.
 * Runs before the key check. In memory: one service process counts its own requests.
 *
 * (@nestjs/throttler 6 is CommonJS and requires @nestjs/common, which Nest 12 ships as ESM only; it
 * loads in Node 20 but not under Jest's ESM runtime, so the service keeps this small guard instead.)
 */
/** Marks a request whose minute was already counted (and allowed) before Nest saw it: by the answers kept in memory. */
const COUNTED = Symbol('rate limit counted');

/** The counting itself, shared by the guard and the answers kept in memory (src/common/response-cache.ts), which are served before any guard. */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get limit(): number {
    return this.config.rateLimitPerMinute;
  }

  /** Counts the request; sets the RateLimit headers; the seconds to wait when it is over the limit, else null. */
  take(request: Request, response: Response): number | null {
    if ((request as Request & { [COUNTED]?: boolean })[COUNTED]) return null;
    const key = request.headers['x-api-key'];
    const tracker = typeof key === 'string' && key ? `key:${hashKey(key).slice(0, 32)}` : `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
    const now = Date.now();
    let window = this.windows.get(tracker);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.windows.size > 100_000) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(tracker, window);
    }
    window.count++;
    const limit = this.config.rateLimitPerMinute;
    response.setHeader('RateLimit-Limit', String(limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - window.count)));
    if (window.count > limit) return Math.ceil((window.start + WINDOW_MS - now) / 1000);
    (request as Request & { [COUNTED]?: boolean })[COUNTED] = true;
    return null;
  }

  /** Forgets finished windows, so that many one-off clients cannot grow the map without bound. */
  private sweep(now: number): void {
    for (const [tracker, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(tracker);
  }
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const response = context.switchToHttp().getResponse<Response>();
    const retry = this.limiter.take(context.switchToHttp().getRequest<Request>(), response);
    if (retry !== null) {
      response.setHeader('Retry-After', String(retry));
      throw new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `More than ${this.limiter.limit} requests a minute; retry in ${retry} s.`);
    }
    return true;
  }
}
