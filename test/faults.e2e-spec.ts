import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { createTestApp, TEST_ADMIN_KEY } from './support/test-app.js';

const quiet = { log: () => undefined, warn: () => undefined } as never;
const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

describe('limits and security headers', () => {
  it('limits requests a minute per IP and per key, with 429 RATE_LIMITED', async () => {
    const t = await createTestApp({ rateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
      const limited = await request(t.http).get('/api/v1/municipalities?limit=1').expect(429);
      expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(limited.headers['content-type']).toMatch(/problem\+json/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // a key has its own count
      await request(t.http).get('/api/v1/municipalities?limit=1').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    } finally {
      await t.close();
    }
  });

  it('sends security headers, caps JSON bodies, and allows CORS only from listed origins', async () => {
    const t = await createTestApp({ corsOrigins: ['https://region.gob.pe'] });
    try {
      const res = await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      // served over plain http inside a municipality's network, the pages must not ask the browser to switch to https
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-powered-by']).toBeUndefined();

      const allowed = await request(t.http)
        .options('/api/v1/imports')
        .set('Origin', 'https://region.gob.pe')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'x-api-key');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://region.gob.pe');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/X-API-Key/i);
      const other = await request(t.http).get('/api/v1/municipalities?limit=1').set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();

      const huge = { note: 'x'.repeat(1_100_000), rules: [] };
      const tooLarge = await t.put('/api/v1/classification/rules').send(huge).expect(413);
      expect(tooLarge.body.status).toBe(413);
      await t.put('/api/v1/classification/rules').send({ note: 'x', rules: [], extra: 1 }).expect(400);
    } finally {
      await t.close();
    }
  });
});

describe('the database restarted under the service', () => {
  it('answers 503 DATABASE_UNAVAILABLE while it is down and recovers without a restart of the service', async () => {
    const dir = resolve('.data', 'test-restart');
    await rm(dir, { recursive: true, force: true });
    const port = await freePort();
    let db = await startEmbeddedPostgres(dir, quiet, 'restart', port);
    const t = await createTestApp({ databaseUrl: db.url });
    try {
      await request(t.http).get('/api/v1/municipalities?limit=1').expect(200);
      await db.stop();
      const down = await request(t.http).get('/api/v1/municipalities?limit=1').expect(503);
      expect(down.body).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE', message: expect.any(String), requestId: down.headers['x-request-id'] });
      expect(down.headers['retry-after']).toBe('5');
      db = await startEmbeddedPostgres(dir, quiet, 'restart', port);
      let status = 0;
      for (let attempt = 0; attempt < 10 && status !== 200; attempt++) {
        status = (await request(t.http).get('/api/v1/municipalities?limit=1')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 300));
      }
      expect(status).toBe(200);
    } finally {
      await t.close();
      await db.stop();
    }
  }, 60_000);
});
