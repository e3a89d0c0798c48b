import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';

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
  private patterns: { regex: RegExp; label: string; params: number }[] = [];

  /** The OpenAPI document's paths (`/api/v1/projects/{cui}`). */
  learn(paths: string[]): void {
    this.patterns = paths
      .map((path) => {
        const parts = path.split(/\{\w+\}/);
        const regex = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}/?$`);
        return { regex, label: path.replace(/\{(\w+)\}/g, ':$1'), params: parts.length - 1 };
      })
      .sort((a, b) => a.params - b.params);
  }

  of(req: Request, res: Response): string {
    const fixed = res.locals.route as string | undefined;
    if (fixed) return fixed;
    const route = (req as Request & { route?: { path?: unknown } }).route;
    if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
    return this.patterns.find((p) => p.regex.test(req.path))?.label ?? UNMATCHED;
  }
}
