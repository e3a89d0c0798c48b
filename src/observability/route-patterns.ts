import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';

const HTTP_METHODS = new Set(['get', 'head', 'post', 'put', 'patch', 'delete']);

/** The label of a request that matched no route (a 404, a static file): one value, whatever the URL. */
export const UNMATCHED = 'unmatched';

/**
 * A request's route pattern (`/api/v1/projects/:cui`), never its URL: metrics labels and log fields
 * stay a bounded set. Express knows it once its router matched a route; answers given before the
 * router (a 304 or an answer kept in memory, src/common/http-cache.ts) are matched here against the
 * documented paths, a static path before one with parameters.
 */
@Injectable()
export class RoutePatterns {
  private patterns: { regex: RegExp; label: string; params: number; methods: string[] }[] = [];

  /** The OpenAPI document's paths (`/api/v1/projects/{cui}`), with the methods of each (`{ get: … }`, as the document has them). */
  learn(paths: string[] | Record<string, object>): void {
    const methodsOf = (path: string) =>
      Array.isArray(paths)
        ? []
        : Object.keys((paths as Record<string, object>)[path])
            .filter((m) => HTTP_METHODS.has(m))
            .map((m) => m.toUpperCase());
    this.patterns = (Array.isArray(paths) ? paths : Object.keys(paths))
      .map((path) => {
        const parts = path.split(/\{\w+\}/);
        const regex = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}/?$`);
        return { regex, label: path.replace(/\{(\w+)\}/g, ':$1'), params: parts.length - 1, methods: methodsOf(path) };
      })
      .sort((a, b) => a.params - b.params);
  }

  /**
   * The methods the documented routes take at this path (HEAD wherever GET is, as Express answers it),
   * in a fixed order; none when no route has the path. What a 405's Allow header lists.
   */
  methodsAt(path: string): string[] {
    const found = new Set(this.patterns.filter((p) => p.regex.test(path)).flatMap((p) => p.methods));
    if (found.has('GET')) found.add('HEAD');
    return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => found.has(m));
  }

  of(req: Request, res: Response): string {
    const fixed = res.locals.route as string | undefined;
    if (fixed) return fixed;
    const route = (req as Request & { route?: { path?: unknown } }).route;
    if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
    return this.patterns.find((p) => p.regex.test(req.path))?.label ?? UNMATCHED;
  }
}
