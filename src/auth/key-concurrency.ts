import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Requests of one key that may wait for their turn; beyond, 429 at once (a bound on held sockets per key). */
export const KEY_QUEUE = 64;

interface Turns {
  running: number;
  waiting: (() => void)[];
}

/**
 * Requests of one API key at once: up to KEY_CONCURRENCY run, the rest wait in order (up to KEY_QUEUE,
 * beyond that 429), each until one of the key's running requests is answered or its client goes.
 *
 * Ten connections of one key, with no rate limit, kept the event loop busy with their answers (785 kB
 * pages of national detail, 1.5 MB analyses) while the public's reads waited behind them: bench:attack
 * (2) without limits, steady p99 10-17× unloaded and the public's throughput a tenth; with two at a time,
 * ~5× and a quarter, with one, 5× and 40 % (BENCHMARKS.md). A key within its RATE_LIMIT_PER_MINUTE (600
 * a minute, 10 a second) needs more than two at once only if its requests take over 200 ms each.
 *
 * Per instance: N instances allow a key N × KEY_CONCURRENCY (the load balancer spreads its connections).
 * Addresses without a key are not held so: a whole office or a proxy may share one.
 */
@Injectable()
export class KeyConcurrency {
  private readonly turns = new Map<number, Turns>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Waits for a turn of `keyId`, held until `response` closes (answered, or its client gone); false
   * when the key already has KEY_QUEUE waiting (the request is refused) or the client went away while
   * waiting (there is nobody to answer).
   */
  async enter(keyId: number, response: Response): Promise<boolean> {
    let turns = this.turns.get(keyId);
    if (!turns) {
      turns = { running: 0, waiting: [] };
      this.turns.set(keyId, turns);
    }
    if (turns.running >= this.config.keyConcurrency) {
      if (turns.waiting.length >= KEY_QUEUE) return false;
      const mine = turns;
      let turn!: () => void;
      const granted = new Promise<boolean>((resolve) => {
        turn = () => resolve(true);
        mine.waiting.push(turn);
        response.once('close', () => {
          const at = mine.waiting.indexOf(turn);
          if (at < 0) return; // its turn came first: the close is the end of its answer
          mine.waiting.splice(at, 1);
          this.forgetIfIdle(keyId, mine);
          resolve(false);
        });
      });
      if (!(await granted)) return false;
    } else {
      turns.running++;
    }
    const held = turns;
    response.once('close', () => this.leave(keyId, held));
    return true;
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
