import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Requests of one key that may wait for their turn; beyond, 429 at once (a bound on held sockets per key). */
export const KEY_QUEUE = 64;

interface Turns {
  running: number;
  /** each waiting request's start, called when its turn comes */
  waiting: (() => void)[];
}

/**
 * Reads of one API key at once: up to KEY_CONCURRENCY run, the rest wait in order (up to KEY_QUEUE,
 * beyond that 429), each until one of the key's running reads is done or its client goes. Writes take
 * no turn: an upload may take minutes, and the key's reads of its progress must not wait for it.
 *
 * Ten connections of one key, with no rate limit, kept the event loop busy with their answers (785 kB
 * pages of national detail, 1.5 MB analyses) while the public's reads waited behind them: bench:attack
 * (2) without limits, the public's p99 72-127 ms and its throughput a tenth of unloaded; with two at a
 * time, 31 ms and a quarter (BENCHMARKS.md). A key within its RATE_LIMIT_PER_MINUTE (600 a minute, 10 a
 * second) needs more than two at once only if its requests take over 200 ms each.
 *
 * Per instance: N instances allow a key N × KEY_CONCURRENCY (the load balancer spreads its connections).
 * Addresses without a key are not held so: a whole office or a proxy may share one.
 */
@Injectable()
export class KeyConcurrency {
  private readonly turns = new Map<number, Turns>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Waits for a turn of `keyId`, held until the request is done: its answer ended (`end()`: a pipelined
   * request answered behind another on its connection frees its turn then, not when its bytes go), or
   * its response or connection closed (its client gone). False when the key already has KEY_QUEUE
   * waiting (the request is refused), or when the client went away before its turn (nobody to answer).
   */
  async enter(keyId: number, response: Response): Promise<boolean> {
    const socket = response.req?.socket;
    // gone while its key was looked up: 'close' has been, and will not come again
    if (response.writableEnded || response.destroyed || socket?.destroyed) return false;
    let turns = this.turns.get(keyId);
    if (!turns) {
      turns = { running: 0, waiting: [] };
      this.turns.set(keyId, turns);
    }
    const mine = turns;
    const running = mine.running < this.config.keyConcurrency;
    if (!running && mine.waiting.length >= KEY_QUEUE) return false;

    let state: 'waiting' | 'running' | 'done' = running ? 'running' : 'waiting';
    let answer: ((granted: boolean) => void) | undefined;
    const start = () => {
      state = 'running'; // at once, in the hand-over: a close from now on gives the turn back
      answer?.(true);
    };
    const originalEnd = response.end;
    const done = () => {
      if (state === 'done') return;
      if (state === 'running') this.leave(keyId, mine);
      else {
        const at = mine.waiting.indexOf(start);
        if (at >= 0) mine.waiting.splice(at, 1);
        this.forgetIfIdle(keyId, mine);
        answer?.(false);
      }
      state = 'done';
      response.off('close', done);
      socket?.off('close', done);
    };
    response.once('close', done);
    socket?.once('close', done);
    // the answer is complete once end() is called: the turn goes on then
    response.end = function (this: Response, ...args: Parameters<Response['end']>) {
      done();
      response.end = originalEnd;
      return originalEnd.apply(this, args);
    } as Response['end'];

    if (running) {
      mine.running++;
      return true;
    }
    const granted = new Promise<boolean>((resolve) => (answer = resolve));
    mine.waiting.push(start);
    return granted;
  }

  /** Keys with requests running or waiting (the map forgets a key once it has none). */
  get keys(): number {
    return this.turns.size;
  }

  private leave(keyId: number, turns: Turns): void {
    const next = turns.waiting.shift();
    if (next)
      next(); // the turn passes on: running stays the same
    else {
      turns.running--;
      this.forgetIfIdle(keyId, turns);
    }
  }

  private forgetIfIdle(keyId: number, turns: Turns): void {
    if (turns.running === 0 && turns.waiting.length === 0) this.turns.delete(keyId);
  }
}
