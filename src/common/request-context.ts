import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** What every log line written while a request is handled can say about it. */
export interface RequestContext {
  requestId: string;
}

/** The request being handled (set by httpTelemetry, the first middleware): its id goes into every JSON log line. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** An id a client or proxy may choose: short, and nothing a log line or a header could be bent by. */
const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming X-Request-Id when it is sane, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_ID.test(value) ? value : randomUUID();
}

/** The id given to this response's request (X-Request-Id), when httpTelemetry saw it. */
export const requestIdOf = (res: Response): string | undefined => res.locals.requestId as string | undefined;
