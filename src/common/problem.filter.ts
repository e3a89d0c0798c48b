import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { requestIdOf } from '../observability/request-context.js';
import { DomainError } from './domain-error.js';

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
  response.status(body.status).type('application/problem+json').json({ ...body, requestId: requestIdOf(response) ?? body.requestId ?? randomUUID() });
}

/**
 * The one place where errors become HTTP responses: domain errors keep their code, framework errors
 * get a stable one, and anything unexpected is a 500 whose correlation id is the request's id (the
 * one in its log line): never a stack trace, SQL or library message.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(error, requestIdOf(response) ?? randomUUID());
    if (response.headersSent) return;
    sendProblem(response, body);
  }

  private toProblem(error: unknown, requestId: string): Record<string, unknown> & { status: number } {
    if (error instanceof DomainError) {
      return { status: error.status, code: error.code, message: error.message, ...error.details };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const payload = error.getResponse();
      const messages = typeof payload === 'object' && payload !== null ? (payload as { message?: unknown }).message : payload;
      if (status === HttpStatus.BAD_REQUEST && Array.isArray(messages)) {
        return { status, code: 'INVALID_REQUEST', message: 'The request parameters are invalid.', details: messages.map(String) };
      }
      return { status, code: multerCode(error) ?? HTTP_CODES[status] ?? 'HTTP_ERROR', message: typeof messages === 'string' ? messages : error.message };
    }
    const busy = databaseBusy(error);
    if (busy) {
      this.logger.warn(`${busy}: ${(error as Error).message}`);
      return busy === 'QUERY_TIMEOUT'
        ? { status: 503, code: busy, message: 'The request took longer than this service allows a database statement (DB_READ_TIMEOUT_MS) and was cancelled: the database is busy, or the selection is too large. Retry later or ask for a smaller selection.' }
        : { status: 503, code: busy, message: 'Every database connection is busy; retry in a few seconds.' };
    }
    if (databaseUnavailable(error)) {
      this.logger.warn(`Database unavailable: ${(error as Error).message}`);
      return { status: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not reachable right now; retry in a few seconds.' };
    }
    this.logger.error(`Unexpected error ${requestId}`, error instanceof Error ? error.stack : String(error));
    return { status: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred; it has been logged.', correlationId: requestId, requestId };
  }
}

/** Upload limits surface as HTTP errors from the multipart layer; give them their own codes. */
function multerCode(error: HttpException): string | undefined {
  if (error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) return 'FILE_TOO_LARGE';
  if (/Multipart|Unexpected field|boundary/i.test(error.message)) return 'MALFORMED_UPLOAD';
  return undefined;
}

/** Connection failures (server down, restarting, refusing): the request may succeed once it is back. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
function databaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return (code !== undefined && CONNECTION_CODES.has(code)) || /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(e?.message ?? '');
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
