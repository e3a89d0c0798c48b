import type { ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemFilter } from '../common/problem.filter.js';
import { isLoopback } from './metrics-endpoint.js';
import { requestIdFrom } from '../common/request-context.js';
import { RoutePatterns, UNMATCHED } from './route-patterns.js';

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.200.3.4', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['128.0.0.1', false],
    ['fe80::1', false],
    ['localhost', false], // a name, not an address
    [undefined, false],
  ])('%s → %s', (address, loopback) => expect(isLoopback(address)).toBe(loopback));
});

describe('requestIdFrom', () => {
  it('keeps 1 to 64 of A-Z a-z 0-9 . _ - and the first of repeated headers', () => {
    expect(requestIdFrom('a')).toBe('a');
    expect(requestIdFrom('x'.repeat(64))).toBe('x'.repeat(64));
    expect(requestIdFrom(['first-1', 'second'])).toBe('first-1');
    for (const insane of ['x'.repeat(65), 'a b', 'a/b', 'a\nb', '', undefined]) expect(requestIdFrom(insane)).not.toBe(insane);
  });
});

describe('RoutePatterns', () => {
  const routes = new RoutePatterns();
  routes.learn(['/api/v1/imports/{id}', '/api/v1/imports/template.xlsx', '/api/v1/projects/{cui}', '/api/v1/municipalities']);
  const of = (path: string, extra: Partial<Request> = {}, locals: Record<string, unknown> = {}) =>
    routes.of({ path, baseUrl: '', ...extra } as Request, { locals } as unknown as Response);

  it('names a path by its documented pattern, a static one before one with parameters', () => {
    expect(of('/api/v1/imports/template.xlsx')).toBe('/api/v1/imports/template.xlsx');
    expect(of('/api/v1/imports/42')).toBe('/api/v1/imports/:id');
    expect(of('/api/v1/projects/2001621/')).toBe('/api/v1/projects/:cui');
    expect(of('/api/v1/projects/2001621/extra')).toBe(UNMATCHED);
    expect(of('/api/v1/municipalitiesX')).toBe(UNMATCHED);
  });

  it('prefers what Express matched, and a route an operations handler set', () => {
    expect(of('/api/v1/imports/42', { route: { path: '/api/v1/imports/:id' } } as Partial<Request>)).toBe('/api/v1/imports/:id');
    expect(of('/metrics', {}, { route: '/metrics' })).toBe('/metrics');
  });
});

describe('ProblemFilter', () => {
  it("answers an unexpected error 500 whose correlationId is the request's id", () => {
    const sent: { status?: number; body?: Record<string, unknown> } = {};
    const response = {
      locals: { requestId: 'req-500' },
      headersSent: false,
      setHeader: () => response,
      status: (status: number) => {
        sent.status = status;
        return response;
      },
      type: () => response,
      json: (body: Record<string, unknown>) => {
        sent.body = body;
        return response;
      },
    };
    const request = { method: 'GET', originalUrl: '/api/v1/execution', headers: { 'accept-language': 'en' }, query: {} };
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }) } as unknown as ArgumentsHost;
    const filter = new ProblemFilter();
    (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
    filter.catch(new Error('SELECT secret FROM somewhere'), host);
    expect(sent).toEqual({
      status: 500,
      body: {
        status: 500,
        code: 'INTERNAL_ERROR',
        message: 'An unexpected error occurred; it has been logged.',
        correlationId: 'req-500',
        requestId: 'req-500',
      },
    });
    expect(JSON.stringify(sent.body)).not.toContain('secret');
  });
});
