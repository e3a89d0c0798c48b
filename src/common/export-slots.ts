import {
  applyDecorators,
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Global,
  Inject,
  Injectable,
  Module,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { EMPTY, finalize, from, type Observable, switchMap, tap } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from './domain-error.js';

/**
 * Charges a request's caller for more requests than the one already counted (or, negative, gives some
 * back); set on the request by the rate limiter once it has counted it (by its key, or by its address
 * without one).
 */
export const CHARGE = Symbol('charge the caller');
export type Charge = (requests: number) => void;

/**
 * Who a request was counted against by the rate limiter (`key:<id>` or `ip:<address>`), set on the
 * request once it is counted: the slots give each caller one at a time.
 */
export const CALLER = Symbol('caller');

interface Waiting {
  caller?: string;
  turn: (granted: boolean) => void;
}

/**
 * A few requests of one kind at a time per instance: up to `concurrency` run, up to `queue` wait their
 * turn in order; beyond that `busy` is thrown (a 503 with Retry-After), before any work starts. A slot is
 * held until the handler's work is done (a client that leaves does not end its queries); a client that
 * leaves while waiting gives up its place.
 *
 * One caller (a key, or an address without one) runs one at a time and waits in at most a quarter of the
 * queue: its next request waits behind its running one while other callers' go ahead, and beyond its
 * share it is refused. Ten connections of one key holding both country-wide slots kept the public's
 * reads waiting on the two cores (bench:attack (2), steady p99 14×).
 */
class Slots {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  /** requests running and waiting, per caller */
  private readonly runningOf = new Map<string, number>();
  private readonly waitingOf = new Map<string, number>();

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
    private readonly busy: (running: number, waiting: number) => DomainError,
    /** What a request that gets a slot counts as against its caller's rate limit (HEAVY_REQUEST_COST). */
    readonly cost: number,
  ) {}

  /** Requests of one caller that may wait at once. */
  private get callerQueue(): number {
    return Math.max(1, Math.floor(this.queue / 4));
  }

  /**
   * A slot's release function, at once or after the requests ahead of it; null when the client went
   * away while waiting (its place in the queue is given up). Throws `busy` when the queue, or the
   * caller's share of it, is full. Without a caller, none of the caller's limits apply.
   */
  async acquire(client: Response, caller?: string): Promise<(() => void) | null> {
    if (this.running >= this.concurrency || count(this.runningOf, caller) > 0) {
      if (this.waiting.length >= this.queue || count(this.waitingOf, caller) >= this.callerQueue) throw this.busy(this.running, this.waiting.length);
      let turn!: (granted: boolean) => void;
      const granted = new Promise<boolean>((resolve) => (turn = resolve));
      const place: Waiting = { caller, turn };
      this.waiting.push(place);
      bump(this.waitingOf, caller, 1);
      const gone = () => {
        const at = this.waiting.indexOf(place);
        if (at >= 0) {
          this.waiting.splice(at, 1);
          bump(this.waitingOf, caller, -1);
          turn(false);
        }
      };
      client.once('close', gone); // a response closes before it is finished only when its client has gone
      const ok = await granted;
      client.off('close', gone);
      if (!ok) return null;
    } else {
      this.running++;
      bump(this.runningOf, caller, 1);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      bump(this.runningOf, caller, -1);
      this.next();
    };
  }

  /** Gives free slots to the first waiting requests whose callers run none. */
  private next(): void {
    for (let at = 0; at < this.waiting.length && this.running < this.concurrency; ) {
      const place = this.waiting[at];
      if (count(this.runningOf, place.caller) > 0) {
        at++;
        continue;
      }
      this.waiting.splice(at, 1);
      bump(this.waitingOf, place.caller, -1);
      this.running++;
      bump(this.runningOf, place.caller, 1);
      place.turn(true);
    }
  }
}

/** A caller's requests in `counts` (none for no caller). */
const count = (counts: Map<string, number>, caller: string | undefined): number => (caller === undefined ? 0 : (counts.get(caller) ?? 0));

/** Adds `by` to a caller's count, forgetting callers at zero (the maps hold only callers with requests here). */
function bump(counts: Map<string, number>, caller: string | undefined, by: number): void {
  if (caller === undefined) return;
  const n = (counts.get(caller) ?? 0) + by;
  if (n > 0) counts.set(caller, n);
  else counts.delete(caller);
}

/**
 * Heavy exports (the template workbook, the audit report, CSV downloads): each holds a database
 * connection and buffers for as long as its client reads, so ten at once starved everything else
 * (issue 13). EXPORT_CONCURRENCY run, EXPORT_QUEUE wait, then 503 EXPORTS_BUSY.
 */
@Injectable()
export class ExportSlots extends Slots {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.exportConcurrency, config.exportQueue, (running, waiting) => DomainError.of('EXPORTS_BUSY', { running, waiting }), config.heavyRequestCost);
  }
}

/**
 * Country-wide analyses and detail reads (no department, province or municipality asked): each reads
 * every municipality's rollups for up to a second or more of a database connection and CPU, so ten at
 * once held the pool and the two cores while every other reader waited (bench:attack: steady p99 259×).
 * WIDE_READ_CONCURRENCY run, WIDE_READ_QUEUE wait, then 503 WIDE_READS_BUSY. Answers kept by the
 * response cache never get here.
 */
@Injectable()
export class WideReadSlots extends Slots {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(
      config.wideReadConcurrency,
      config.wideReadQueue,
      (running, waiting) => DomainError.of('WIDE_READS_BUSY', { running, waiting }),
      config.heavyRequestCost,
    );
  }
}

/**
 * Whether an error is a pipe's refusal of the request's parameters (Nest's BadRequestException, as the
 * ValidationPipe and the id pipe throw it, before the handler runs): nothing was computed for it. Errors
 * a handler throws after its queries (PRICE_INDEX_MISSING, for one) are not: the work was done.
 */
function refusedByPipe(error: unknown): boolean {
  return error instanceof BadRequestException;
}

/**
 * Runs the handler in one of `slots`' slots (or not at all when its client went away while waiting), one
 * at a time for its caller (the key or address the rate limiter counted it against). A request that gets
 * one is computed, not served from what is kept: it counts as `slots.cost` requests against its caller's
 * rate limit, so that a minute's allowance buys a tenth as many of them (bench:attack --limits: a key's 600
 * country-wide detail pages in its first seconds held the public's reads up).
 */
function throughSlot(slots: Slots, context: ExecutionContext, next: CallHandler): Observable<unknown> {
  const http = context.switchToHttp();
  const response = http.getResponse<Response>();
  const request = http.getRequest<Request & { [CHARGE]?: Charge; [CALLER]?: string }>();
  return from(slots.acquire(response, request[CALLER])).pipe(
    switchMap((release) => {
      if (!release) return EMPTY;
      // nobody to write for any more: the slot goes on at once
      if (response.destroyed) {
        release();
        return EMPTY;
      }
      // charged before anything is written (exports write their own headers), given back when the
      // request's parameters were refused: the validation pipe runs after the interceptors, in the slot
      request[CHARGE]?.(slots.cost - 1);
      // held until the handler's work is done, even if its client leaves first (its queries still run)
      return next.handle().pipe(tap({ error: (error: unknown) => refusedByPipe(error) && request[CHARGE]?.(1 - slots.cost) }), finalize(release));
    }),
  );
}

@Injectable()
export class ExportSlotInterceptor implements NestInterceptor {
  constructor(private readonly slots: ExportSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return throughSlot(this.slots, context, next);
  }
}

/** Whether a read names no department, province or municipality: the whole country. */
export function countryWide(query: Record<string, unknown>): boolean {
  return !query.department && !query.province && !query.municipality;
}

// Stryker disable next-line StringLiteral: a metadata key, written and read through this one constant: whatever text, '' too, is the same key at both ends
const WIDE_READ = 'wide-read';

@Injectable()
export class WideReadInterceptor implements NestInterceptor {
  constructor(
    private readonly slots: WideReadSlots,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { query } = context.switchToHttp().getRequest<Request>();
    const detailOnly = this.reflector.get<boolean>(WIDE_READ, context.getHandler());
    const wide = countryWide(query) && (!detailOnly || query.level === 'detail');
    return wide ? throughSlot(this.slots, context, next) : next.handle();
  }
}

/** Marks a route as a heavy export (ExportSlots). */
export const HeavyExport = () => UseInterceptors(ExportSlotInterceptor);

/**
 * Marks a route whose country-wide reads take a slot (WideReadSlots); narrower reads pass straight
 * through, and with `detailOnly` so do reads that are not `level=detail` (served from per-department sums).
 */
export const WideRead = (options: { detailOnly?: boolean } = {}) =>
  applyDecorators(SetMetadata(WIDE_READ, options.detailOnly === true), UseInterceptors(WideReadInterceptor));

/** Makes the app's one ExportSlots and one WideReadSlots available to every controller's interceptor. */
@Global()
@Module({
  providers: [ExportSlots, ExportSlotInterceptor, WideReadSlots, WideReadInterceptor],
  exports: [ExportSlots, ExportSlotInterceptor, WideReadSlots, WideReadInterceptor],
})
export class ExportSlotsModule {}
