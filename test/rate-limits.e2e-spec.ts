import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { FAILED_KEYS_PER_MINUTE, RateLimiter } from '../src/auth/rate-limit.guard.js';
import { createTestApp, TEST_ADMIN_KEY } from './support/test-app.js';

// Counts are kept per clock minute: with fewer than 10 s left in this one, a test waits for the next, so
// that all of its counting falls within one window.
const freshMinute = async () => {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50));
};

describe('rate limits that guessing cannot dodge', () => {
  it('counts unknown keys against the address: after FAILED_KEYS_PER_MINUTE of them, 429 before any look-up, and no memory per guess', async () => {
    const t = await createTestApp({ rateLimitPerMinute: 1_000 });
    try {
      await freshMinute();
      for (let i = 0; i < FAILED_KEYS_PER_MINUTE; i++) {
        const res = await request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', randomBytes(16).toString('hex'));
        expect([res.status, res.body.code]).toEqual([401, 'API_KEY_INVALID']);
      }
      // every further key from this address waits, even a good one: the address is guessing
      for (const key of [randomBytes(16).toString('hex'), TEST_ADMIN_KEY]) {
        const res = await request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', key);
        expect([res.status, res.body.code]).toEqual([429, 'RATE_LIMITED']);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      // 100 more guesses add nothing to the limiter's memory: one count for the address's failures
      for (let i = 0; i < 100; i++) await request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', randomBytes(16).toString('hex')).expect(429);
      expect(t.app.get(RateLimiter).trackers).toBe(1);
      // reads without a key are the address's own allowance, untouched by its failures
      await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
    } finally {
      await t.close();
    }
  });

  it('holds each key from a guessing address FAILED_KEY_DELAY_MS before its 429, blocking nobody meanwhile', async () => {
    const t = await createTestApp({ rateLimitPerMinute: 1_000, failedKeyDelayMs: 1_500 });
    const guess = () => request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', randomBytes(16).toString('hex'));
    try {
      await freshMinute();
      // the first ten unknown keys are answered at once (401): a mistyped key is not held
      const started = Date.now();
      for (let i = 0; i < FAILED_KEYS_PER_MINUTE; i++) expect((await guess()).status).toBe(401);
      expect(Date.now() - started).toBeLessThan(FAILED_KEYS_PER_MINUTE * 1_500);
      // then each one waits 1.5 s for its 429; ten at once wait side by side, and a read without a key is answered meanwhile
      const held = Date.now();
      const guesses = Promise.all(Array.from({ length: 10 }, () => guess().then((r) => ({ status: r.status, code: r.body.code, ms: Date.now() - held }))));
      await request(t.http).get('/api/v1/municipalities?limit=2').expect(200);
      const readMs = Date.now() - held;
      const answers = await guesses;
      expect(answers.map((a) => [a.status, a.code])).toEqual(Array(10).fill([429, 'RATE_LIMITED']));
      expect(Math.min(...answers.map((a) => a.ms))).toBeGreaterThanOrEqual(1_500);
      expect(readMs).toBeLessThan(Math.min(...answers.map((a) => a.ms)));
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(2 * 1_500); // side by side, not one after the other
    } finally {
      await t.close();
    }
  });

  it('holds each request of an address or key over its limit OVER_LIMIT_DELAY_MS before its 429, side by side, blocking nobody meanwhile', async () => {
    const t = await createTestApp({ rateLimitPerMinute: 2, overLimitDelayMs: 1_500 });
    const timed = (since: number, req: request.Test) =>
      req.then((r) => ({ status: r.status, code: r.body.code, retry: Number(r.headers['retry-after']), ms: Date.now() - since }));
    try {
      await freshMinute();
      // the address's two, answered at once (a cacheable read and one that is not)
      await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
      await request(t.http).get('/api/v1/health').expect(200);
      const held = Date.now();
      const over = Promise.all(
        ['/api/v1/municipalities?limit=1', '/api/v1/municipalities?limit=2', '/api/v1/health', '/api/v1/execution?year=2024', '/api/v1/imports'].map((url) =>
          timed(held, request(t.http).get(url)),
        ),
      );
      // the key has its own two: answered meanwhile
      const keyed = await timed(held, request(t.http).get('/api/v1/municipalities?limit=3').set('X-API-Key', TEST_ADMIN_KEY));
      expect([keyed.status, keyed.ms < 1_500]).toEqual([200, true]);
      const answers = await over;
      expect(answers.map((a) => [a.status, a.code])).toEqual(Array(5).fill([429, 'RATE_LIMITED']));
      expect(answers.every((a) => a.retry > 0)).toBe(true);
      expect(Math.min(...answers.map((a) => a.ms))).toBeGreaterThanOrEqual(1_500);
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(2 * 1_500); // side by side, not one after the other
      // the key past its two is held as well
      await request(t.http).get('/api/v1/municipalities?limit=4').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
      const keyOver = await timed(Date.now(), request(t.http).get('/api/v1/municipalities?limit=5').set('X-API-Key', TEST_ADMIN_KEY));
      expect([keyOver.status, keyOver.code, keyOver.ms >= 1_500]).toEqual([429, 'RATE_LIMITED', true]);
    } finally {
      await t.close();
    }
  });

  it('counts a valid key by its id, apart from its address', async () => {
    const t = await createTestApp({ rateLimitPerMinute: 3 });
    try {
      await freshMinute();
      for (let i = 0; i < 3; i++) await request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
      const over = await request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', TEST_ADMIN_KEY);
      expect([over.status, over.body.code]).toEqual([429, 'RATE_LIMITED']);
      // the same address without the key has its own three
      for (let i = 0; i < 3; i++)
        await request(t.http)
          .get(`/api/v1/municipalities?limit=${i + 1}`)
          .expect(200);
      await request(t.http).get('/api/v1/municipalities?limit=9').expect(429);
    } finally {
      await t.close();
    }
  });

  it('counts a country-wide read or an export as HEAVY_REQUEST_COST requests when it is computed, as one when it is kept or narrow', async () => {
    const t = await createTestApp({ rateLimitPerMinute: 25, heavyRequestCost: 10 });
    const remaining = (res: request.Response) => Number(res.headers['ratelimit-remaining']);
    try {
      await freshMinute();
      const keyed = (url: string) => request(t.http).get(url).set('X-API-Key', TEST_ADMIN_KEY);
      // a province's analysis: 1 (25 - 1 = 24 left)
      expect(remaining(await keyed('/api/v1/analytics/dimensions?province=0808&year=2024').expect(200))).toBe(24);
      // the country's, computed: 1 + 9 more (24 - 10 = 14)
      expect(remaining(await keyed('/api/v1/analytics/dimensions?year=2024').expect(200))).toBe(14);
      // the same again, kept for the key: 1 (13)
      const kept = await keyed('/api/v1/analytics/dimensions?year=2024').expect(200);
      expect([kept.headers['x-cache'], remaining(kept)]).toEqual(['HIT', 13]);
      // the country's with a year that is no year: refused by its parameters in its slot, so 1, not 10 (12)
      const refused = await keyed('/api/v1/analytics/dimensions?year=20x4');
      expect([refused.status, refused.body.code, remaining(refused)]).toEqual([400, 'INVALID_REQUEST', 12]);
      // another year of the country, computed: 10 (2 left); the one after it is admitted (24 + 1 ≤ 25) and charged to 34
      expect(remaining(await keyed('/api/v1/analytics/dimensions?year=2023').expect(200))).toBe(2);
      await keyed('/api/v1/analytics/dimensions?year=2022').expect(200);
      const over = await keyed('/api/v1/municipalities?limit=1');
      expect([over.status, over.body.code]).toEqual([429, 'RATE_LIMITED']);
      // an address without a key: the empty template is an export, 10 when written, 1 when kept
      const template = await request(t.http).get('/api/v1/imports/template.xlsx').expect(200);
      expect(remaining(template)).toBe(15); // 1, then 9 more once it has its slot (before anything is written)
      expect(remaining(await request(t.http).get('/api/v1/municipalities?limit=1').expect(200))).toBe(14);
      expect(remaining(await request(t.http).get('/api/v1/imports/template.xlsx').expect(200))).toBe(13);
    } finally {
      await t.close();
    }
  });

  it('gives two instances on one database one limit', async () => {
    const a = await createTestApp({ rateLimitPerMinute: 4 });
    const b = await createTestApp({ rateLimitPerMinute: 4, databaseUrl: a.databaseUrl });
    try {
      await freshMinute();
      // 2 on a, shared; 2 on b, shared: 4 in all from this address, the limit
      for (let i = 1; i <= 2; i++) await request(a.http).get(`/api/v1/municipalities?limit=${i}`).expect(200);
      await a.app.get(RateLimiter).flush();
      for (let i = 3; i <= 4; i++) await request(b.http).get(`/api/v1/municipalities?limit=${i}`).expect(200);
      await b.app.get(RateLimiter).flush();
      const [{ count }] = await a.sql<{ count: number }>(`SELECT sum(count)::int AS count FROM rate_limit_count WHERE tracker LIKE 'ip:%'`);
      expect(count).toBe(4);
      // b knows a's two: its fifth is over the limit, though b itself counted only two
      const over = await request(b.http).get('/api/v1/municipalities?limit=5');
      expect([over.status, over.body.code]).toEqual([429, 'RATE_LIMITED']);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
