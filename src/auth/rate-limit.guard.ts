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
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
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
    if (window.count > limit) {
      const retry = Math.ceil((window.start + WINDOW_MS - now) / 1000);
      response.setHeader('Retry-After', String(retry));
      throw new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `More than ${limit} requests a minute; retry in ${retry} s.`);
    }
    return true;
  }

  /** Forgets finished windows, so that many one-off clients cannot grow the map without bound. */
  private sweep(now: number): void {
    for (const [tracker, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(tracker);
  }
}
