import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { limaDay } from './calendar-date.js';
import { ResponseCache } from './response-cache.js';

/** An Express server whose GET /:name answers through `cache` (version from the query), the handler taking `delayMs`. */
function serve(cache: ResponseCache, delayMs: number) {
  const app = express();
  const calls: string[] = [];
  app.get('/:name', (req: Request, res: Response) => {
    cache.handle(String(req.query.v ?? '1'), req, res, () => {
      calls.push(String(req.params.name));
      if (req.params.name === 'never') return; // a handler that has not answered yet
      setTimeout(() => res.json({ name: req.params.name, n: calls.length }), delayMs);
    });
  });
  return new Promise<{ server: Server; base: string; calls: string[] }>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }));
  });
}

describe('ResponseCache', () => {
  it('answers identical reads in flight once, and then from memory', async () => {
    const cache = new ResponseCache();
    const { server, base, calls } = await serve(cache, 50);
    try {
      const answers = await Promise.all([1, 2, 3].map(() => fetch(`${base}/a`)));
      expect(answers.map((a) => a.headers.get('x-cache')).sort()).toEqual(['HIT', 'HIT', 'MISS']);
      expect(new Set(await Promise.all(answers.map((a) => a.text()))).size).toBe(1);
      expect((await fetch(`${base}/a`)).headers.get('x-cache')).toBe('HIT');
      expect(calls).toEqual(['a']);
    } finally {
      server.close();
    }
  });

  it('lets an identical read go on its own after maxWaitMs when the first one is still being answered', async () => {
    const cache = new ResponseCache(32 * 2 ** 20, 4 * 2 ** 20, 200);
    const { server, base, calls } = await serve(cache, 1_000);
    try {
      const first = fetch(`${base}/slow`);
      while (calls.length === 0) await new Promise((r) => setTimeout(r, 5));
      const second = await fetch(`${base}/slow`);
      // it asked for itself (a second call) after 0.2 s: waiting for the first one, it would have been answered from memory
      expect(calls).toEqual(['slow', 'slow']);
      expect(second.headers.get('x-cache')).toBe('MISS');
      expect(second.status).toBe(200);
      expect((await first).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('lets identical reads go on their own once the first one is cut off before its answer', async () => {
    const cache = new ResponseCache();
    const { server, base, calls } = await serve(cache, 0);
    try {
      const gone = new AbortController();
      const first = fetch(`${base}/never`, { signal: gone.signal }).catch(() => 'aborted');
      while (calls.length === 0) await new Promise((r) => setTimeout(r, 5));
      const [key] = [...(cache as unknown as { pending: Map<string, unknown> }).pending.keys()];
      expect(cache.inFlight(key)).toBeDefined();
      gone.abort();
      expect(await first).toBe('aborted');
      // the cut-off request no longer holds the key: the next identical one is not left waiting for it
      const until = Date.now() + 2000;
      while (cache.inFlight(key) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      expect(cache.inFlight(key)).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('registers nothing for a response already closed when its answer is recorded', () => {
    const cache = new ResponseCache();
    cache.record('k', { destroyed: true, writableEnded: false } as unknown as Response);
    cache.record('j', { destroyed: false, writableEnded: true } as unknown as Response);
    expect([cache.inFlight('k'), cache.inFlight('j')]).toEqual([undefined, undefined]);
  });

  it('is not emptied by a request that read an older version than the one seen last', async () => {
    const cache = new ResponseCache();
    const { server, base, calls } = await serve(cache, 0);
    try {
      await fetch(`${base}/a?v=10`);
      expect((await fetch(`${base}/a?v=10`)).headers.get('x-cache')).toBe('HIT');
      // an older version finds nothing kept for it, and keeps nothing
      expect((await fetch(`${base}/a?v=9`)).headers.get('x-cache')).toBe('MISS');
      expect((await fetch(`${base}/a?v=10`)).headers.get('x-cache')).toBe('HIT');
      // a newer one starts afresh
      expect((await fetch(`${base}/a?v=11`)).headers.get('x-cache')).toBe('MISS');
      expect((await fetch(`${base}/a?v=10`)).headers.get('x-cache')).toBe('MISS');
      expect(calls).toEqual(['a', 'a', 'a', 'a']);
    } finally {
      server.close();
    }
  });

  it('counts each kept answer with its key and objects, not its body alone', async () => {
    // 40 answers of about 30 bytes: 1,200 bytes of bodies, but each costs over 512 bytes in memory
    const cache = new ResponseCache(8_000);
    const { server, base } = await serve(cache, 0);
    try {
      for (let i = 0; i < 40; i++) await fetch(`${base}/n${i}`);
      const kept = (cache as unknown as { entries: Map<string, unknown> }).entries.size;
      expect(kept).toBeGreaterThan(5);
      expect(kept).toBeLessThanOrEqual(Math.floor(8_000 / 512));
      // the most recent are the ones kept
      expect((await fetch(`${base}/n39`)).headers.get('x-cache')).toBe('HIT');
      expect((await fetch(`${base}/n0`)).headers.get('x-cache')).toBe('MISS');
    } finally {
      server.close();
    }
  });

  it('counts days in Lima, five hours behind UTC', () => {
    const day = (iso: string) => limaDay(Date.parse(iso));
    expect(day('2026-12-07T04:59:59Z')).toBe(day('2026-12-06T05:00:00Z'));
    expect(day('2026-12-07T05:00:00Z')).toBe(day('2026-12-06T05:00:00Z') + 1);
  });
});
