import request from 'supertest';
import { KEY_QUEUE, KeyConcurrency } from '../src/auth/key-concurrency.js';
import { holdLock } from './support/locks.js';
import { createTestApp, TEST_ADMIN_KEY } from './support/test-app.js';

describe("a key's requests a few at a time (KEY_CONCURRENCY)", () => {
  it("runs two of a key's reads at once; its next wait their turn while its writes and others' reads are answered, and 429 beyond KEY_QUEUE waiting", async () => {
    const t = await createTestApp({ keyConcurrency: 2 });
    const lock = await holdLock(t.databaseUrl, 'municipality');
    try {
      const keyed = (limit: number) =>
        request(t.http)
          .get(`/api/v1/municipalities?limit=${limit}`)
          .set('X-API-Key', TEST_ADMIN_KEY)
          .then((r) => r);
      const running = [keyed(1), keyed(2)];
      await lock.until(2);
      // the key's third waits for a turn, not at the lock
      const waiting = Array.from({ length: KEY_QUEUE }, (_, i) => keyed(3 + i));
      await expect(lock.until(3, 0.5)).rejects.toThrow(/no statement waited/);
      // the queue is full: the next is refused at once, in Spanish by default, with Retry-After
      const refused = await keyed(100);
      expect([refused.status, refused.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect(refused.body.message).toBe(
        `Esta clave ya tiene 2 solicitudes en curso y ${KEY_QUEUE} en espera; espere sus respuestas antes de enviar más (vuelva a intentarlo en 1 s).`,
      );
      expect(refused.headers['retry-after']).toBe('1');
      // a write of the key takes no turn: answered meanwhile (an upload must not hold the key's reads, nor wait for them)
      const created = await request(t.http).post('/api/v1/keys').set('X-API-Key', TEST_ADMIN_KEY).send({ name: 'integración regional', role: 'auditor' });
      expect(created.status).toBe(201);
      // a read without a key is not the key's: it reaches the lock beside the key's two
      const anonymous = request(t.http)
        .get('/api/v1/municipalities?limit=200')
        .then((r) => r);
      await lock.until(3);
      await lock.release();
      const answers = await Promise.all([...running, ...waiting, anonymous]);
      // every one answered in full, each with the rows it asked for
      expect(answers.map((r) => [r.status, r.body.items.length])).toEqual([...[1, 2].map((n) => [200, n]), ...waiting.map((_, i) => [200, 3 + i]), [200, 200]]);
      // and the key holds nothing once its requests are answered
      expect(t.app.get(KeyConcurrency).keys).toBe(0);
      await keyed(1).then((r) => expect(r.status).toBe(200));
    } finally {
      await lock.release().catch(() => undefined);
      await t.close();
    }
  });

  it('takes no turn for requests whose clients hung up while their key was being checked: the key is served after them', async () => {
    const t = await createTestApp({ keyConcurrency: 2 });
    // the key is not yet known to this instance: checking it reads api_key, held here
    const lock = await holdLock(t.databaseUrl, 'api_key');
    try {
      const abandoned = Array.from({ length: 3 }, (_, i) =>
        request(t.http)
          .get(`/api/v1/municipalities?limit=${i + 1}`)
          .set('X-API-Key', TEST_ADMIN_KEY)
          .timeout(300) // the client gives up and closes its connection
          .then(
            (r) => r.status,
            (e: { code?: string; timeout?: number }) => e.code ?? 'error',
          ),
      );
      await lock.until(1);
      expect(await Promise.all(abandoned)).toEqual(['ECONNABORTED', 'ECONNABORTED', 'ECONNABORTED']);
      await lock.release();
      // their checks end now, to nobody: none may keep a turn (two kept would leave the key waiting for ever)
      const next = await request(t.http).get('/api/v1/municipalities?limit=4').set('X-API-Key', TEST_ADMIN_KEY).timeout(5_000);
      expect([next.status, next.body.items.length]).toEqual([200, 4]);
      expect(t.app.get(KeyConcurrency).keys).toBe(0);
    } finally {
      await lock.release().catch(() => undefined);
      await t.close();
    }
  });
});
