import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';

/**
 * Reads that change only when the data does: execution, canon, geography, projects, analytics, the
 * report and the classification rules. Not imports (a running import's progress changes with no
 * audit event), keys, the audit trail or health.
 */
export function isCacheable(path: string): boolean {
  return /^\/api\/v1\/(execution|canon|municipalities|projects|analytics|reports|classification)(\/|$)/.test(path);
}

/**
 * The version of everything a read can show: the last audit event. Every change that reads can see
 * (an import, a rules version, a project's area or dimension, plan priorities) appends one in its own
 * transaction, so the version moves exactly when the data does, on every instance of the service.
 */
export async function dataVersion(db: DataSource): Promise<string> {
  const [row] = await db.query('SELECT coalesce(max(id), 0)::text AS version FROM audit_event');
  return row.version;
}

/** A weak ETag for the data version and the representation asked for (JSON or CSV, language). */
export function etagOf(version: string, req: Request): string {
  const variant = createHash('sha256').update(`${req.headers.accept ?? ''}\n${req.headers['accept-language'] ?? ''}`).digest('base64url').slice(0, 8);
  return `W/"v${version}-${variant}"`;
}

/**
 * HTTP caching of reads: an ETag from the data version on every cacheable GET, `Cache-Control` public
 * for anonymous reads (when reads are public) and private for keyed ones, and `304 Not Modified` for an
 * anonymous `If-None-Match` that still matches, answered before any query runs. Keyed requests get
 * their 304 from Express after the handler, once their key has been checked.
 */
export function httpCache(db: DataSource, publicReads: boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isCacheable(req.path)) return next();
    dataVersion(db)
      .then((version) => {
        const etag = etagOf(version, req);
        const anonymous = req.headers['x-api-key'] === undefined;
        res.setHeader('ETag', etag);
        res.setHeader('Vary', 'Accept, Accept-Language, X-API-Key');
        res.setHeader('Cache-Control', anonymous && publicReads ? 'public, max-age=0, must-revalidate' : 'private, no-cache');
        if (anonymous && publicReads && matches(req.headers['if-none-match'], etag)) {
          res.status(304).end();
          return;
        }
        next();
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
