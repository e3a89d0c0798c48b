import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ApiKeysService } from './api-keys.service.js';
import { KEY_QUEUE, KeyConcurrency } from './key-concurrency.js';
import { FAILED_KEYS_PER_MINUTE, RateLimiter, rateLimited } from './rate-limit.guard.js';
import { type Caller, type Role, ROLES_KEY } from '../common/roles.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every request passes here. Reads are public unless PUBLIC_READS=false or the route names roles;
 * writes need an X-API-Key whose role the route allows (admin only when it names none). A key that is
 * sent must be valid, even where none is needed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly turns: KeyConcurrency,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { caller?: Caller }>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    const header = request.headers['x-api-key'];
    const key = Array.isArray(header) ? header[0] : header;
    const read = READS.has(request.method);

    if (key) {
      // counted once the key is known: a guessed key buys no allowance, and guessing is slowed per address
      const response = context.switchToHttp().getResponse<Response>();
      if (this.limiter.failuresWait(request) !== null) {
        await this.limiter.slowDown(request, response);
        // asked again: the minute may have ended meanwhile
        const blocked = this.limiter.failuresWait(request);
        if (blocked !== null)
          throw rateLimited(response, blocked, `More than ${FAILED_KEYS_PER_MINUTE} unknown keys a minute from this address; retry in ${blocked} s.`);
      }
      const caller = await this.keys.identify(key);
      if (!caller) {
        this.limiter.recordFailure(request);
        throw DomainError.of('API_KEY_INVALID');
      }
      if (this.limiter.takeKey(request, caller.keyId, response) !== null) throw await this.limiter.overLimit(request, response, 'for this key');
      // a read then takes one of the key's few turns (KEY_CONCURRENCY), its other reads waiting theirs;
      // writes do not (an upload of minutes would hold the key's reads of its progress)
      if (read && !(await this.turns.enter(caller.keyId, response))) {
        response.setHeader('Retry-After', '1');
        throw DomainError.of('RATE_LIMITED.keyConcurrency', { running: this.config.keyConcurrency, waiting: KEY_QUEUE, seconds: 1 });
      }
      request.caller = caller;
    }
    if (read && !roles) {
      if (this.config.publicReads || request.caller) return true;
      throw DomainError.of('API_KEY_REQUIRED.reads');
    }
    if (!request.caller) throw DomainError.of('API_KEY_REQUIRED');
    const allowed = roles ?? ['admin'];
    if (!allowed.includes(request.caller.role)) {
      throw DomainError.of('ROLE_NOT_ALLOWED', { role: request.caller.role, allowed });
    }
    return true;
  }
}

/** Refuses a planner acting outside its municipalities. */
export function assertMayWrite(caller: Caller | undefined, ubigeos: string[]): void {
  if (caller?.role !== 'planner') return;
  const outside = ubigeos.filter((u) => !caller.municipalities.includes(u));
  if (outside.length > 0 || ubigeos.length === 0) {
    throw outside.length > 0 ? DomainError.of('MUNICIPALITY_NOT_ALLOWED', { places: outside }) : DomainError.of('MUNICIPALITY_NOT_ALLOWED.item');
  }
}
