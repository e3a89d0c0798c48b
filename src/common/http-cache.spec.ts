import type { Request } from 'express';
import { etagOf, isCacheable } from './http-cache.js';

describe('HTTP caching of reads', () => {
  it.each([
    ['/api/v1/execution', true],
    ['/api/v1/execution/summary', true],
    ['/api/v1/canon/transfers', true],
    ['/api/v1/municipalities', true],
    ['/api/v1/projects/12', true],
    ['/api/v1/analytics/dimensions', true],
    ['/api/v1/reports/audit', true],
    ['/api/v1/classification/rules', true],
    // what changes without an audit event, or is private to a key
    ['/api/v1/imports', false],
    ['/api/v1/imports/7', false],
    ['/api/v1/keys', false],
    ['/api/v1/audit', false],
    ['/api/v1/health', false],
    // only whole path segments, only under /api/v1
    ['/api/v1/executions', false],
    ['/api/v1/projectsx/1', false],
    ['/api/v2/execution', false],
    ['/x/api/v1/execution', false],
  ])('%s is cacheable: %p', (path, cacheable) => {
    expect(isCacheable(path)).toBe(cacheable);
  });

  const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;

  it('tags a weak ETag with the data version and the representation asked for', () => {
    const json = etagOf('42', request({ accept: 'application/json', 'accept-language': 'es-PE' }));
    expect(json).toMatch(/^W\/"v42-[A-Za-z0-9_-]{8}"$/);
    expect(etagOf('42', request({ accept: 'application/json', 'accept-language': 'es-PE' }))).toBe(json);
    const others = [
      etagOf('43', request({ accept: 'application/json', 'accept-language': 'es-PE' })),
      etagOf('42', request({ accept: 'text/csv', 'accept-language': 'es-PE' })),
      etagOf('42', request({ accept: 'application/json', 'accept-language': 'en' })),
      etagOf('42', request({ accept: 'application/json' })),
      etagOf('42', request({ 'accept-language': 'es-PE' })),
      // the two headers are kept apart: Accept "application/jsones" and Accept-Language "-PE" are not the pair above
      etagOf('42', request({ accept: 'application/jsones', 'accept-language': '-PE' })),
    ];
    expect(new Set([json, ...others]).size).toBe(7);
  });

  it('tags a request without Accept or Accept-Language as one that sends them empty', () => {
    const headers = { accept: 'text/csv', 'accept-language': 'en' };
    expect(etagOf('42', request({ accept: 'text/csv' }))).toBe(etagOf('42', request({ ...headers, 'accept-language': '' })));
    expect(etagOf('42', request({ 'accept-language': 'en' }))).toBe(etagOf('42', request({ ...headers, accept: '' })));
  });
});
