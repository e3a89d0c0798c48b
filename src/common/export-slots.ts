import { type CallHandler, type ExecutionContext, Global, HttpStatus, Inject, Injectable, Module, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from './domain-error.js';

/**
 * Heavy exports (the template workbook, the audit report, CSV downloads) run a few at a time per
 * instance: each holds a database connection and buffers for as long as its client reads, so ten at
 * once starved everything else (issue 13). Up to EXPORT_CONCURRENCY run, up to EXPORT_QUEUE wait their
 * turn in order; beyond that the answer is 503 EXPORTS_BUSY with Retry-After, before any work starts.
 * A slot is held until the response is finished or its client has gone, not until the handler returns.
 */
@Injectable()
export class ExportSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Resolves when a slot is free (at once, or after the exports ahead of it); throws EXPORTS_BUSY when the queue is full. */
  async acquire(): Promise<() => void> {
    if (this.running >= this.config.exportConcurrency) {
      if (this.waiting.length >= this.config.exportQueue) {
        throw new DomainError(
          HttpStatus.SERVICE_UNAVAILABLE,
          'EXPORTS_BUSY',
          `${this.running} exports are being written and ${this.waiting.length} wait for their turn; retry in a few seconds.`,
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes on: running stays the same
      else this.running--;
    };
  }
}

@Injectable()
export class ExportSlotInterceptor implements NestInterceptor {
  constructor(private readonly slots: ExportSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.slots.acquire()).pipe(
      switchMap((release) => {
        // 'close' follows 'finish', and comes alone when the client goes away mid-download
        response.once('close', release);
        if (response.writableFinished || response.destroyed) release();
        return next.handle();
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
