import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendProblem } from '../common/problem.filter.js';
import type { Metrics } from './metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address || !isIP(address)) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/**
 * GET /metrics, Prometheus text, outside the API (no prefix, no key, no rate limit, not in the
 * contract). With METRICS_TOKEN it needs `Authorization: Bearer <token>`; without, it answers clients on
 * this machine only: a loopback connection that no proxy forwarded (a proxy on the same host would make
 * every client look local).
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.locals.route = '/metrics';
    if (expected) {
      const [scheme, given] = (req.headers.authorization ?? '').split(' ');
      if (scheme !== 'Bearer' || !given || !timingSafeEqual(digest(given), expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return sendProblem(res, {
          status: HttpStatus.UNAUTHORIZED,
          code: 'METRICS_TOKEN_REQUIRED',
          message: 'GET /metrics needs Authorization: Bearer with the METRICS_TOKEN.',
        });
      }
    } else {
      const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
      if (forwarded || !isLoopback(req.socket.remoteAddress)) {
        return sendProblem(res, {
          status: HttpStatus.FORBIDDEN,
          code: 'METRICS_LOCAL_ONLY',
          message: 'Without METRICS_TOKEN, GET /metrics answers only clients on this machine.',
        });
      }
    }
    res.setHeader('Cache-Control', 'no-store');
    metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text), next);
  };
}
