import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { Listener } from './listener.js';
import { limaDay } from './calendar-date.js';
import { AnswerCaches, answerOf } from './response-cache.js';

/**
 * Reads that change only when the data does: execution, canon, geography, projects, analytics, the
 * report, the classification rules and the planner's prefilled template (a municipality's current lines,
 * projects and reference: seconds of work each, the same bytes for every caller of a version). Not the
 * imports themselves (a running import's progress changes with no audit event), keys, the audit trail or health.
 */
export function isCacheable(path: string): boolean {
  return /^\/api\/v1\/((execution|canon|municipalities|projects|analytics|reports|classification)(\/|$)|imports\/template\.xlsx$)/.test(path);
}

/**
 * The version of everything a read can show: the last audit event. Every change that reads can see
 * (an import, a rules version, a project's area or dimension, plan priorities) appends one in its own
 * transaction, so the version moves exactly when the data does, on every instance of the service.
 */
export async function dataVersion(db: DataSource): Promise<string> {
  const [row] = await db.query<{ version: string }[]>('SELECT coalesce(max(id), 0)::text AS version FROM audit_event');
  return row.version;
}

/**
 * The data version kept in memory instead of read per request (a round trip that was half the queries
 * of a simple read): a connection of its own LISTENs on `data_version`, which a trigger on audit_event
 * notifies when each change commits (migration 1763793300000), on whichever instance made it. While that
 * connection is down the version is read per request again, and it reconnects every second. A write
 * through this instance forgets the version at once (`invalidate`), so its own next read cannot answer
 * 304 before the notification arrives; another instance's change is seen when its notification arrives,
 * milliseconds after the commit.
 */
export class DataVersion {
  private known: string | undefined;
  /** bumped by every notification and invalidation: a version read before one of them is not kept */
  private generation = 0;
  private readonly listener: Listener;

  constructor(
    private readonly db: DataSource,
    url: string,
  ) {
    this.listener = new Listener(url, 'data_version', 'data version', {
      notified: (payload) => {
        this.generation++;
        this.known = payload;
      },
      connected: () => this.invalidate(),
      lost: () => this.invalidate(),
    });
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  async current(): Promise<string> {
    if (this.known !== undefined) return this.known;
    const generation = this.generation;
    const version = await dataVersion(this.db);
    if (this.listener.listening && generation === this.generation) this.known = version;
    return version;
  }

  /** The version as the primary has it now, never the one kept: what a keyed read (maybe after its own write through another instance) goes by. */
  exact(): Promise<string> {
    return dataVersion(this.db);
  }

  invalidate(): void {
    this.generation++;
    this.known = undefined;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}

/** Where httpCache leaves, for KeyedAnswersInterceptor, how to look up a keyed read's data version (and tag the response with it): `() => Promise<string | undefined>`. */
export const KEYED_VERSION = 'keyedDataVersion';

/** A weak ETag for the data version, the answer asked for (path, query, language: answerOf) and the day. */
export function etagOf(version: string, req: Request): string {
  const variant = createHash('sha256')
    // and the day in Lima: an answer that says what today is (works' delays) is another one tomorrow
    .update(`${answerOf(req)}\n${limaDay()}`)
    .digest('base64url')
    .slice(0, 8);
  return `W/"v${version}-${variant}"`;
}

/** What counts an anonymous request towards its rate limit (src/auth/rate-limit.guard.ts): the seconds to wait when over it, else null. */
export interface AnonymousLimit {
  take(request: Request, response: Response): number | null;
}

/**
 * HTTP caching of reads: an ETag from the data version on every cacheable GET, `Cache-Control` public
 * for anonymous reads (when reads are public) and private for keyed ones, and `304 Not Modified` for an
 * anonymous `If-None-Match` that still matches, answered before any query runs. Anonymous answers are
 * also kept in memory for the version (ResponseCache, `X-Cache: HIT` or `MISS`). Keyed requests go by
 * the version the primary has at that moment (DataVersion.exact) and are answered once their key has
 * been checked: from memory too (KeyedAnswersInterceptor), their 304 from Express.
 */
export function httpCache(versions: DataVersion, publicReads: boolean, limiter: AnonymousLimit, answers = new AnswerCaches(32 * 2 ** 20)): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // whatever a write changed, this instance's next read looks the version up again
      res.once('finish', () => versions.invalidate());
      return next();
    }
    if (!isCacheable(req.path)) return next();
    // answered here, before any guard: the request counts towards its rate limit first (over it, Nest answers 429)
    if (limiter.take(req, res) !== null) return next();
    // an empty key is no key, as for the guard, the rate limit and the read replica
    const anonymous = !req.headers['x-api-key'];
    const tag = (version: string) => {
      const etag = etagOf(version, req);
      res.setHeader('ETag', etag);
      res.setHeader('Vary', 'Accept, Accept-Language, X-API-Key');
      res.setHeader('Cache-Control', anonymous && publicReads ? 'public, max-age=0, must-revalidate' : 'private, no-cache');
      return etag;
    };
    // the version the read replica's choice was made for, when it made one (src/database/read-replica.ts)
    const decided = res.locals.dataVersion as string | undefined;
    if (!anonymous && decided === undefined) {
      // A keyed read asks the primary for its version only once its key has been checked and counted
      // (KeyedAnswersInterceptor, after the guards): a guessed or rate-limited key costs no query.
      res.locals[KEYED_VERSION] = () =>
        versions.exact().then(
          (version) => {
            tag(version);
            return version;
          },
          // the database being away is the handler's to report (503), with its usual problem body
          () => undefined,
        );
      return next();
    }
    (decided !== undefined ? Promise.resolve(decided) : versions.current())
      .then((version) => {
        const etag = tag(version);
        if (anonymous && publicReads && matches(req.headers['if-none-match'], etag)) {
          res.status(304).end();
          return;
        }
        // the same answer for every anonymous caller of this version: from memory after the first
        if (anonymous && publicReads && req.method === 'GET') answers.handle(version, req, res, next);
        else next();
      })
      // the database being away is the handler's to report (503), with its usual problem body
      .catch(() => next());
  };
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for If-None-Match). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
