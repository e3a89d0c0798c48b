import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { KEY_QUEUE, KeyConcurrency } from './key-concurrency.js';

/** A response on a connection of its own: 'close' when it is answered or its client goes; end() records that it was called. */
const response = () => {
  const socket = Object.assign(new EventEmitter(), { destroyed: false });
  const res = Object.assign(new EventEmitter(), { req: { socket }, writableEnded: false, destroyed: false, ended: 0 });
  (res as unknown as { end: () => void }).end = () => {
    res.ended++;
  };
  return res as unknown as Response & EventEmitter & { req: { socket: EventEmitter & { destroyed: boolean } }; ended: number };
};
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyConcurrency', () => {
  it('gives a key KEY_CONCURRENCY turns, passes each on in order as its requests are done, and keeps keys apart', async () => {
    const turns = new KeyConcurrency({ keyConcurrency: 2 } as AppConfig);
    const [a, b, c, d] = [response(), response(), response(), response()];
    expect(await turns.enter(1, a)).toBe(true);
    expect(await turns.enter(1, b)).toBe(true);
    const order: string[] = [];
    void turns.enter(1, c).then((ok) => order.push(`c ${ok}`));
    void turns.enter(1, d).then((ok) => order.push(`d ${ok}`));
    expect(await turns.enter(2, response())).toBe(true); // another key: at once
    await settle();
    expect(order).toEqual([]);
    b.end(); // its answer is complete: the turn goes on, before its bytes are sent
    expect(b.ended).toBe(1); // and the answer is still ended
    await settle();
    expect(order).toEqual(['c true']);
    b.emit('close'); // closing after its end gives nothing back twice
    await settle();
    expect(order).toEqual(['c true']);
    a.req.socket.emit('close'); // its connection went: its turn too
    await settle();
    expect(order).toEqual(['c true', 'd true']);
  });

  it('refuses a request beyond KEY_QUEUE waiting, gives up the place of a client that leaves while waiting, and forgets an idle key', async () => {
    const turns = new KeyConcurrency({ keyConcurrency: 1 } as AppConfig);
    const first = response();
    await turns.enter(7, first);
    const waiting = Array.from({ length: KEY_QUEUE }, () => response());
    const entered = waiting.map((r) => turns.enter(7, r));
    expect(await turns.enter(7, response())).toBe(false);
    waiting[0].emit('close'); // its client left: no turn for it, and its place is free
    expect(await entered[0]).toBe(false);
    const last = response();
    const lastTurn = turns.enter(7, last);
    // every request answered in turn: the one that left is skipped
    first.emit('close');
    for (let i = 1; i < KEY_QUEUE; i++) {
      expect(await entered[i]).toBe(true);
      waiting[i].emit('close');
    }
    expect(await lastTurn).toBe(true);
    expect(turns.keys).toBe(1);
    last.emit('close');
    expect(turns.keys).toBe(0);
  });

  it('takes no turn for a request whose client went away before it asked, and gives back a turn whose client goes just as it comes', async () => {
    const turns = new KeyConcurrency({ keyConcurrency: 1 } as AppConfig);
    const gone = response();
    gone.req.socket.destroyed = true; // closed while its key was looked up: no 'close' will come
    expect(await turns.enter(3, gone)).toBe(false);
    expect(turns.keys).toBe(0);
    const first = response();
    await turns.enter(3, first);
    const second = response();
    const secondTurn = turns.enter(3, second);
    first.emit('close'); // the turn passes to the second...
    second.emit('close'); // ...whose client leaves before it has heard: the turn comes back
    expect(await secondTurn).toBe(true);
    expect(turns.keys).toBe(0);
    expect(await turns.enter(3, response())).toBe(true);
  });
});
