import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { sendProblem } from '../common/problem.filter.js';
import { languageOf } from '../i18n/language.js';
import { localizedError } from '../i18n/localize.js';
import { MIGRATION_LOCK } from '../database/database.module.js';
import { poolExhausted, poolOf } from '../observability/db-pool.js';

/**
 * Whether this instance should be sent traffic (GET /health/ready): its database answers, no instance
 * is migrating it (the migration lock is held: the schema is changing under every instance), and its
 * pool is not exhausted (more requests waiting for a connection than it has). An instance migrating
 * at start-up is not listening yet, so its own probe fails to connect: not ready either.
 */
@Injectable()
export class Readiness {
  private readonly logger = new Logger('Readiness');
  private lastProblem: string | null = null;

  constructor(private readonly db: DataSource) {}

  /** null when ready, else why not. */
  async problem(): Promise<DomainError | null> {
    const problem = await this.find();
    const code = problem?.code ?? null;
    if (code !== this.lastProblem) {
      if (code) this.logger.warn(`Not ready: ${code}`, { event: 'readiness', ready: false, code });
      else this.logger.log('Ready', { event: 'readiness', ready: true });
      this.lastProblem = code;
    }
    return problem;
  }

  private async find(): Promise<DomainError | null> {
    if (poolExhausted(poolOf(this.db))) {
      return DomainError.of('DATABASE_BUSY.queue');
    }
    let migrating: boolean;
    try {
      // a bigint advisory lock shows in pg_locks as classid (high half), objid (low half) and objsubid 1
      const [row] = await this.db.query<{ migrating: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks
                         WHERE locktype = 'advisory' AND granted AND objsubid = 1
                           AND classid = ($1::bigint >> 32)::oid AND objid = ($1::bigint & 4294967295)::oid
                           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS migrating`,
        [MIGRATION_LOCK],
      );
      migrating = row.migrating;
    } catch (error) {
      const busy = /timeout exceeded when trying to connect/i.test((error as Error).message);
      return busy ? DomainError.of('DATABASE_BUSY') : DomainError.of('DATABASE_UNAVAILABLE');
    }
    if (migrating) return DomainError.of('MIGRATIONS_RUNNING');
    return null;
  }
}

/**
 * Probes outside the API (no prefix, no key, no rate limit, not in the contract), for an orchestrator:
 * GET /health/live answers 200 while the process runs; GET /health/ready 200 when ready, else 503 with
 * a problem body. GET /api/v1/health stays as it was.
 */
export function probes(readiness: Readiness): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/health/live') {
      res.locals.route = '/health/live';
      res.status(200).json({ status: 'live' });
      return;
    }
    if (req.path !== '/health/ready') return next();
    res.locals.route = '/health/ready';
    res.setHeader('Cache-Control', 'no-store');
    readiness.problem().then(
      (problem) =>
        problem
          ? sendProblem(res.setHeader('Content-Language', languageOf(req)), {
              status: problem.status,
              code: problem.code,
              message: localizedError(problem, languageOf(req)),
            })
          : res.status(200).json({ status: 'ready' }),
      next,
    );
  };
}
