import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Caller } from '../common/roles.js';
import type { Metrics } from './metrics.js';
import { requestContext, requestIdFrom } from '../common/request-context.js';
import type { RoutePatterns } from './route-patterns.js';

/** Probes and scrapes, every few seconds each: written at debug level, not to drown the requests people make. */
const QUIET_ROUTES = new Set(['/metrics', '/health/live', '/health/ready']);

/**
 * The first middleware: gives the request its id (a sane incoming X-Request-Id, else a new UUID),
 * echoed in X-Request-Id and in every problem body, and at its end writes one log line (method, route
 * pattern, status, duration, the key's id when one was verified, never the key) and observes the
 * request duration histogram.
 */
export function httpTelemetry(metrics: Metrics, routes: RoutePatterns): RequestHandler {
  const logger = new Logger('Http');
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routes.of(req, res);
      // a client that went away before the answer ended: 499, as nginx logs it
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.httpDuration.observe({ method: req.method, route, status: String(status) }, seconds);
      const keyId = (req as Request & { caller?: Caller }).caller?.keyId ?? null;
      const fields = { requestId, method: req.method, route, status, durationMs: Math.round(seconds * 1e4) / 10, keyId };
      const message = `${req.method} ${route} ${status}`;
      if (QUIET_ROUTES.has(route)) logger.debug(message, fields);
      else if (status >= 500) logger.warn(message, fields);
      else logger.log(message, fields);
    });
    requestContext.run({ requestId }, next);
  };
}
