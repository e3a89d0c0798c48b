import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { type AnonymousLimit, type DataVersion, etagOf, httpCache, isCacheable, KEYED_VERSION } from './http-cache.js';
import type { AnswerCaches } from './response-cache.js';

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
    ['/api/v1/imports/7/errors.csv', false],
    // the planner's template: what it holds is the data's
    ['/api/v1/imports/template.xlsx', true],
    ['/api/v1/imports/template.xlsx/x', false],
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

  /** A request as the router and the query parser leave it. */
  const request = (headers: Record<string, string>, path = '/api/v1/execution', query: Record<string, unknown> = { year: '2024' }) =>
    ({ headers, path, query }) as unknown as Request;

  it('tags a weak ETag with the data version and the answer asked for: its path, query, language and CSV or JSON', () => {
    const spanish = etagOf('42', request({ 'accept-language': 'es-PE' }));
    expect(spanish).toMatch(/^W\/"v42-[A-Za-z0-9_-]{8}"$/);
    const others = [
      etagOf('43', request({ 'accept-language': 'es-PE' })),
      etagOf('42', request({ 'accept-language': 'en' })),
      etagOf('42', request({}, '/api/v1/execution', { year: '2023' })),
      etagOf('42', request({}, '/api/v1/execution', { year: '2024', province: '0808' })),
      etagOf('42', request({}, '/api/v1/execution/summary')),
      // CSV is another answer (an analysis's Accept: text/csv)
      etagOf('42', request({ accept: 'text/csv' })),
      // a parameter's name and value are kept apart: a=b&c is not a&b=c
      etagOf('42', request({}, '/api/v1/execution', { 'year=2024&x': '' })),
    ];
    expect(new Set([spanish, ...others]).size).toBe(8);
  });

  it('tags the spellings of one answer alike: any Accept-Language that comes down to Spanish, any Accept that is not CSV, parameters in any order, escapes', () => {
    const spanish = etagOf('42', request({}, '/api/v1/municipalities/080801', { year: '2024', lang: 'es' }));
    for (const [headers, path, query] of [
      [{ 'accept-language': 'es-PE;q=0.000001' }, '/api/v1/municipalities/080801', { lang: 'es', year: '2024' }],
      [{ 'accept-language': 'qu, de;q=0.5' }, '/api/v1/municipalities/%30%380801', { year: '2024', lang: 'es' }],
      [{ accept: 'application/json, text/csv;q=0.5', 'accept-language': 'es' }, '/api/v1/municipalities/080801', { year: '2024', lang: 'es' }],
      [{ accept: '*/*' }, '/api/v1/municipalities/080801', { year: '2024', lang: 'es' }],
    ] as [Record<string, string>, string, Record<string, string>][]) {
      expect([headers, path, query, etagOf('42', request(headers, path, query))]).toEqual([headers, path, query, spanish]);
    }
    // an English Accept-Language is the other answer, however it is spelt
    const english = etagOf('42', request({ 'accept-language': 'en-GB' }, '/api/v1/municipalities/080801', { year: '2024', lang: 'x' }));
    expect(etagOf('42', request({ 'accept-language': 'de, en;q=0.9' }, '/api/v1/municipalities/080801', { lang: 'x', year: '2024' }))).toBe(english);
    expect(etagOf('42', request({ 'accept-language': 'es' }, '/api/v1/municipalities/080801', { year: '2024', lang: 'x' }))).not.toBe(english);
  });
});

describe('the caching middleware', () => {
  /** A response that records what the middleware does to it. */
  class FakeResponse extends EventEmitter {
    locals: Record<string, unknown> = {};
    headers: Record<string, string> = {};
    statusCode = 200;
    ended = false;
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    status(code: number) {
      this.statusCode = code;
      return this;
    }
    end() {
      this.ended = true;
    }
  }
  /** The version kept in memory is `version`; the primary's (exact) is `exact`, the same unless said. */
  const versions = (version: string | Error, exact: string | Error = version) => {
    const calls = { current: 0, exact: 0, invalidate: 0 };
    const answer = (v: string | Error) => (v instanceof Error ? Promise.reject(v) : Promise.resolve(v));
    const fake = {
      current: () => {
        calls.current++;
        return answer(version);
      },
      exact: () => {
        calls.exact++;
        return answer(exact);
      },
      invalidate: () => calls.invalidate++,
    };
    return { calls, versions: fake as unknown as DataVersion };
  };
  const limiter = (retry: number | null): AnonymousLimit => ({ take: () => retry });
  const answers = () => {
    const handled: string[] = [];
    return { handled, cache: { handle: (version: string) => handled.push(version) } as unknown as AnswerCaches };
  };
  /** Runs the middleware once; what it passed to next(), if it called it. */
  async function run(options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    version?: string | Error;
    exact?: string;
    publicReads?: boolean;
    retry?: number | null;
    decided?: string;
  }) {
    const { calls, versions: v } = versions(options.version ?? '42', options.exact);
    const { handled, cache } = answers();
    const req = { method: options.method ?? 'GET', path: options.path ?? '/api/v1/execution', headers: options.headers ?? {} } as unknown as Request;
    const res = new FakeResponse();
    if (options.decided !== undefined) res.locals.dataVersion = options.decided;
    const nexts: unknown[][] = [];
    httpCache(v, options.publicReads ?? true, limiter(options.retry ?? null), cache)(req, res as unknown as Response, (...args: unknown[]) => nexts.push(args));
    await new Promise((resolve) => setImmediate(resolve));
    return { calls, handled, res, nexts, etag: etagOf(options.decided ?? (typeof options.version === 'string' ? options.version : '42'), req) };
  }

  it('lets writes through, and forgets the version once a write has finished', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const { calls, res, nexts } = await run({ method });
      expect(nexts).toEqual([[]]);
      expect(calls.invalidate).toBe(0);
      res.emit('finish');
      expect({ method, invalidated: calls.invalidate, read: calls.current }).toEqual({ method, invalidated: 1, read: 0 });
    }
  });

  it('lets reads that are not cacheable, and reads over their rate limit, through untouched', async () => {
    for (const through of [await run({ path: '/api/v1/imports' }), await run({ retry: 30 })]) {
      expect(through.nexts).toEqual([[]]);
      expect(through.calls.current).toBe(0);
      expect(through.res.headers).toEqual({});
    }
  });

  it('tags an anonymous read, and keeps its answer for the version when reads are public', async () => {
    const { res, nexts, handled, etag } = await run({});
    expect(res.headers).toEqual({ ETag: etag, Vary: 'Accept, Accept-Language, X-API-Key', 'Cache-Control': 'public, max-age=0, must-revalidate' });
    expect(handled).toEqual(['42']);
    expect(nexts).toEqual([]); // the answer cache calls next() itself
  });

  it('keeps no answer here of a keyed read, of a HEAD, or when reads are not public: private, straight to the handler', async () => {
    for (const options of [{ headers: { 'x-api-key': 'k' } }, { publicReads: false }]) {
      const { res, nexts, handled } = await run(options);
      // a keyed one is tagged once the interceptor has looked its version up
      await (res.locals[KEYED_VERSION] as (() => Promise<unknown>) | undefined)?.();
      expect(res.headers['Cache-Control']).toBe('private, no-cache');
      expect(handled).toEqual([]);
      expect(nexts).toEqual([[]]);
    }
    const head = await run({ method: 'HEAD' });
    expect(head.res.headers['Cache-Control']).toBe('public, max-age=0, must-revalidate');
    expect(head.handled).toEqual([]);
    expect(head.nexts).toEqual([[]]);
  });

  it('leaves a keyed read to the interceptor, which tags it with the version the primary has then, not the one kept', async () => {
    // kept in memory: 42; the primary has moved on to 43 (a write through another instance, not yet notified)
    const keyed = await run({ headers: { 'x-api-key': 'k' }, exact: '43' });
    // nothing asked before the key is checked (the guards run after this middleware): a guessed key costs no query
    expect([keyed.calls.exact, keyed.calls.current]).toEqual([0, 0]);
    expect(keyed.res.headers).toEqual({});
    expect(keyed.nexts).toEqual([[]]);
    const lookUp = keyed.res.locals[KEYED_VERSION] as () => Promise<string | undefined>;
    expect(await lookUp()).toBe('43');
    expect([keyed.calls.exact, keyed.calls.current]).toEqual([1, 0]);
    expect(keyed.res.headers.ETag).toMatch(/^W\/"v43-/);
    expect(keyed.res.headers['Cache-Control']).toBe('private, no-cache');
    // anonymous reads, and a key sent empty (no key, as for the guard), go by the version kept
    for (const headers of [{}, { 'x-api-key': '' }] as Record<string, string>[]) {
      const anonymous = await run({ headers, exact: '43' });
      expect([anonymous.calls.exact, anonymous.calls.current]).toEqual([0, 1]);
      expect(anonymous.res.headers.ETag).toBe(anonymous.etag);
      expect(anonymous.res.locals[KEYED_VERSION]).toBeUndefined();
      expect(anonymous.handled).toEqual(['42']);
    }
  });

  it('answers 304 to an anonymous If-None-Match that names the ETag, weak or strong, alone, in a list or as *', async () => {
    const { etag } = await run({});
    const strong = etag.replace(/^W\//, '');
    for (const header of [etag, strong, `"other", ${etag}`, ` ${strong} ,"x"`, '*', '"x", *']) {
      const { res, nexts, handled } = await run({ headers: { 'if-none-match': header } });
      expect({ header, status: res.statusCode, ended: res.ended, nexts, handled }).toEqual({ header, status: 304, ended: true, nexts: [], handled: [] });
    }
  });

  it('answers in full an If-None-Match of another version, an empty one, or a keyed or private one', async () => {
    const { etag } = await run({});
    const other = etag.replace('v42-', 'v41-');
    for (const options of [
      { headers: { 'if-none-match': other } },
      { headers: { 'if-none-match': etag.replace('W/"v', '"W/v') } }, // W/ is the weak marker only before the quote
      { headers: { 'if-none-match': `x${etag}` } },
      { headers: { 'if-none-match': '' } },
      { headers: { 'if-none-match': `${other}, "x"` } },
      { headers: { 'if-none-match': etag, 'x-api-key': 'k' } },
      { headers: { 'if-none-match': etag }, publicReads: false },
    ] as Parameters<typeof run>[0][]) {
      const { res } = await run(options);
      expect(res.statusCode).toBe(200);
      expect(res.ended).toBe(false);
    }
  });

  it('tags with the version the read replica was chosen for, without reading it again', async () => {
    const { calls, res, etag } = await run({ decided: '7' });
    expect(calls.current).toBe(0);
    expect(res.headers.ETag).toBe(etag);
    expect(etag).toMatch(/^W\/"v7-/);
  });

  it('leaves a read whose version cannot be read to its handler (which answers 503)', async () => {
    const { res, nexts } = await run({ version: new Error('database away') });
    expect(nexts).toEqual([[]]);
    expect(res.headers).toEqual({});
  });
});
