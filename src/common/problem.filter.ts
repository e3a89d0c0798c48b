import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from './request-context.js';
import { localizedDetail } from '../i18n/validation-details.js';
import { DomainError } from './domain-error.js';
import { languageOf } from '../i18n/language.js';
import { localizedDetails, localizedError } from '../i18n/localize.js';
import { isMessageKey, type Lang, type ProblemKey, render } from '../i18n/messages.js';

/** Stable codes for the HTTP errors the framework raises itself. */
const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** A problem body as every error answer has it: with the request's id (X-Request-Id), 503s with Retry-After. */
export function sendProblem(response: Response, body: Record<string, unknown> & { status: number }): void {
  if (body.status === 503) response.setHeader('Retry-After', '5');
  response
    .status(body.status)
    .type('application/problem+json')
    .json({ ...body, requestId: requestIdOf(response) ?? body.requestId ?? randomUUID() });
}

/**
 * The one place where errors become HTTP responses: domain errors keep their code, framework errors
 * get a stable one, and anything unexpected is a 500 whose correlation id is the request's id (the
 * one in its log line): never a stack trace, SQL or library message.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** `routes`: the documented routes' methods, for a 405 (with Allow) where the path exists but not the method. */
  constructor(private readonly routes?: { methodsAt(path: string): string[] }) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // the message in the caller's language (src/i18n): ?lang=es|en, else Accept-Language, else Spanish
    const lang = languageOf(request);
    const path = request.originalUrl.split('?')[0];
    const allow = this.otherMethods(error, request.method, path).join(', ');
    const body = allow
      ? { status: 405, code: 'METHOD_NOT_ALLOWED', message: render('METHOD_NOT_ALLOWED', { method: request.method, path, allow }, lang) }
      : this.toProblem(error, lang, request, requestIdOf(response) ?? randomUUID());
    if (response.headersSent) return;
    response.setHeader('Content-Language', lang);
    if (allow) response.setHeader('Allow', allow);
    sendProblem(response, body);
  }

  /** When the router found no route for the request (Nest's 404) but the path has routes of other methods: their methods. */
  private otherMethods(error: unknown, method: string, path: string): string[] {
    if (!(error instanceof HttpException) || error.getStatus() !== HttpStatus.NOT_FOUND || !this.routes) return [];
    const methods = this.routes.methodsAt(path);
    // a route of this very method that the router did not take is not a 405
    return methods.includes(method) ? [] : methods;
  }

  private toProblem(error: unknown, lang: Lang, request: Request, requestId: string): Record<string, unknown> & { status: number } {
    // the registry's message of a code (src/i18n/problems.ts); NOT_FOUND names the route
    const says = (code: string) =>
      isMessageKey(code) ? render(code as ProblemKey, { method: request.method, path: request.originalUrl.split('?')[0] }, lang) : undefined;
    if (error instanceof DomainError) {
      return { status: error.status, code: error.code, message: localizedError(error, lang), ...localizedDetails(error.details, lang) };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const payload = error.getResponse();
      const messages = typeof payload === 'object' && payload !== null ? (payload as { message?: unknown }).message : payload;
      if (status === HttpStatus.BAD_REQUEST && Array.isArray(messages)) {
        return { status, code: 'INVALID_REQUEST', message: says('INVALID_REQUEST'), details: messages.map((m) => localizedDetail(String(m), lang)) };
      }
      const key = frameworkKey(error) ?? HTTP_CODES[status] ?? 'HTTP_ERROR';
      return { status, code: key.split('.')[0], message: says(key) ?? (typeof messages === 'string' ? messages : error.message) };
    }
    const busy = databaseBusy(error);
    if (busy) {
      this.logger.warn(`${busy}: ${(error as Error).message}`);
      return { status: 503, code: busy, message: says(busy) };
    }
    if (databaseUnavailable(error)) {
      this.logger.warn(`Database unavailable: ${(error as Error).message}`);
      return { status: 503, code: 'DATABASE_UNAVAILABLE', message: says('DATABASE_UNAVAILABLE') };
    }
    this.logger.error(`Unexpected error ${requestId}`, error instanceof Error ? error.stack : String(error));
    return { status: 500, code: 'INTERNAL_ERROR', message: says('INTERNAL_ERROR'), correlationId: requestId, requestId };
  }
}

/**
 * The framework's own refusals as message keys: a path that cannot be decoded, and the multipart layer's
 * (as @nestjs/platform-express words multer's and busboy's errors): FILE_TOO_LARGE, or MALFORMED_UPLOAD
 * saying what to send instead.
 */
const REFUSALS: [RegExp, string][] = [
  // Express's router, for a path with a broken %-escape (%FF, a lone %)
  [/^Failed to decode param/i, 'INVALID_REQUEST.encoding'],
  [/^(Too many files|Unexpected file field)/i, 'MALFORMED_UPLOAD.oneFile'],
  [/^(Too many fields|Too many parts)/i, 'MALFORMED_UPLOAD.tooManyFields'],
  [/^Field value too long/i, 'MALFORMED_UPLOAD.fieldTooLong'],
  [/Multipart|Unexpected field|boundary|^Field name|^Invalid field name|Unexpected end of form/i, 'MALFORMED_UPLOAD'],
];
function frameworkKey(error: HttpException): string | undefined {
  if (error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) return 'FILE_TOO_LARGE';
  if (error.getStatus() !== HttpStatus.BAD_REQUEST) return undefined;
  return REFUSALS.find(([pattern]) => pattern.test(error.message))?.[1];
}

/** Connection failures (server down, restarting, refusing): the request may succeed once it is back. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
function databaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return (
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(e?.message ?? '')
  );
}

/**
 * A read cancelled by statement_timeout (57014 with PostgreSQL's own message; a cancel for another
 * reason says otherwise), or no free connection within DB_POOL_WAIT_MS (pg-pool's message): the
 * database is up but saturated.
 */
function databaseBusy(error: unknown): 'QUERY_TIMEOUT' | 'DATABASE_BUSY' | null {
  const e = error as { code?: string; message?: string; driverError?: { code?: string; message?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  const message = e?.driverError?.message ?? e?.message ?? '';
  if (code === '57014' && /statement timeout/i.test(message)) return 'QUERY_TIMEOUT';
  if (/timeout exceeded when trying to connect/i.test(message)) return 'DATABASE_BUSY';
  return null;
}
