import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, StreamableFile } from '@nestjs/common';
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable, of } from 'rxjs';
import { KEYED_VERSION } from './http-cache.js';
import { AnswerCaches, type Entry, setKeptHeaders } from './response-cache.js';

/**
 * Keyed reads answered once per data version and kept in memory, as anonymous ones are by httpCache
 * (src/common/http-cache.ts), but only after the key has been checked and counted against its limit:
 * interceptors run after guards. A read's answer does not depend on who asks for it (no read handler
 * looks at the caller), so the answer kept is the same for every key. The version is the primary's at
 * the time of the request (DataVersion.exact), so a key that has just written, through whichever
 * instance, never gets an answer kept from before its write. Identical keyed reads that arrive
 * while the first is being answered wait for it: ten integrators asking for the country's urban/rural
 * split cost PostgreSQL one analysis (0.45 s), not ten queued behind two wide-read slots (2-3 s).
 * Handlers that write their own response (`@Res()` without passthrough: the prefilled template, the
 * audit workbook) are kept too, from what they write (ResponseCache.record copies it); a kept one is
 * sent from here, so it takes no export slot (those interceptors are the route's, after this one).
 */
@Injectable()
export class KeyedAnswersInterceptor implements NestInterceptor {
  private readonly caches = new AnswerCaches(16 * 2 ** 20);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const lookUp = res.locals[KEYED_VERSION] as (() => Promise<string | undefined>) | undefined;
    if (lookUp === undefined) return next.handle();
    return from(lookUp()).pipe(mergeMap((version) => this.answer(version, context, next, req, res)));
  }

  private answer(version: string | undefined, context: ExecutionContext, next: CallHandler, req: Request, res: Response): Observable<unknown> {
    if (version === undefined || req.method !== 'GET') return next.handle();
    const own = writesItsOwnResponse(context);
    // the ETag is the current version's: a workbook the caller holds already is not built again
    if (own && req.fresh) {
      res.status(304).end();
      return of(undefined);
    }
    const answers = this.caches.for(req.path);
    const key = answers.keyOf(version, req);
    const answer = (): Observable<unknown> => {
      const entry = answers.take(key);
      if (entry) return of(own ? sent(entry, res) : kept(entry, req, res));
      answers.record(key, res);
      return next.handle();
    };
    const inFlight = answers.inFlight(key);
    return inFlight ? from(inFlight).pipe(mergeMap(answer)) : answer();
  }
}

/** What Nest sends for a kept answer: its bytes, or nothing (Express then answers 304 to a matching If-None-Match). */
function kept(entry: Entry, req: Request, res: Response): StreamableFile | undefined {
  setKeptHeaders(entry, res);
  if (req.fresh) return undefined;
  return new StreamableFile(entry.body, { length: entry.body.length });
}

/** A kept answer sent here, for a handler that writes its own response (Nest sends nothing for it; a fresh If-None-Match got its 304 before). */
function sent(entry: Entry, res: Response): undefined {
  setKeptHeaders(entry, res);
  res.status(200).end(entry.body);
  return undefined;
}

/** Whether the handler takes the response with `@Res()` or `@Next()` and no passthrough, so that Nest sends nothing it returns. */
function writesItsOwnResponse(context: ExecutionContext): boolean {
  const controller = context.getClass();
  const method = context.getHandler().name;
  const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
  const takesResponse = Object.keys(args).some((k) => {
    const type = Number(k.split(':')[0]);
    return type === RouteParamtypes.RESPONSE || type === RouteParamtypes.NEXT;
  });
  return takesResponse && !Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, method);
}
