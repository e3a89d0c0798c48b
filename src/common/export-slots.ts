import { type CallHandler, type ExecutionContext, Global, Inject, Injectable, Module, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { EMPTY, finalize, from, type Observable, switchMap } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from './domain-error.js';

/**
 * Heavy exports (the template workbook, the audit report, CSV downloads) run a few at a time per
 * instance: each holds a database connection and buffers for as long as its client reads, so ten at
 * once starved everything else (issue 13). Up to EXPORT_CONCURRENCY run, up to EXPORT_QUEUE wait their
 * turn in order; beyond that the answer is 503 EXPORTS_BUSY with Retry-After, before any work starts.
 * A slot is held until the handler's work is done (a client that leaves does not end its queries);
 * a client that leaves while waiting gives up its place.
 */
@Injectable()
export class ExportSlots {
  private running = 0;
  private readonly waiting: ((granted: boolean) => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * A slot's release function, at once or after the exports ahead of it; null when the client went
   * away while waiting (its place in the queue is given up). Throws EXPORTS_BUSY when the queue is full.
   */
  async acquire(client: Response): Promise<(() => void) | null> {
    if (this.running >= this.config.exportConcurrency) {
      if (this.waiting.length >= this.config.exportQueue) {
        throw DomainError.of('EXPORTS_BUSY', { running: this.running, waiting: this.waiting.length });
      }
      let turn!: (granted: boolean) => void;
      const granted = new Promise<boolean>((resolve) => (turn = resolve));
      this.waiting.push(turn);
      const gone = () => {
        const at = this.waiting.indexOf(turn);
        if (at >= 0) {
          this.waiting.splice(at, 1);
          turn(false);
        }
      };
      client.once('close', gone); // a response closes before it is finished only when its client has gone
      const ok = await granted;
      client.off('close', gone);
      if (!ok) return null;
    } else {
      this.running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(true); // the slot passes on: running stays the same
      else this.running--;
    };
  }
}

@Injectable()
export class ExportSlotInterceptor implements NestInterceptor {
  constructor(private readonly slots: ExportSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.slots.acquire(response)).pipe(
      switchMap((release) => {
        if (!release) return EMPTY;
        // nobody to write for any more: the slot goes on at once
        if (response.destroyed) {
          release();
          return EMPTY;
        }
        // held until the handler's work is done, even if its client leaves first (its queries still run)
        return next.handle().pipe(finalize(release));
      }),
    );
  }
}

/** Marks a route as a heavy export (ExportSlots). */
export const HeavyExport = () => UseInterceptors(ExportSlotInterceptor);

/** Makes the one ExportSlots of the app available to every controller's interceptor. */
@Global()
@Module({ providers: [ExportSlots, ExportSlotInterceptor], exports: [ExportSlots, ExportSlotInterceptor] })
export class ExportSlotsModule {}
