import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { projectFile } from '../common/project-root.js';
import type { FromWorker, TemplateJob, ToWorker } from './template-worker.js';
import type { TemplateReference, TemplateRow } from './template-workbook.js';

/** The worker's own heap: workbooks are streamed (bounded), so this is room to spare; past it only the worker dies. */
const WORKER_HEAP_MB = 96;
/** Its young generation: V8's default made two busy workers ~55 MB more of resident memory than this, for ~5 % less time. */
const WORKER_YOUNG_MB = 8;

/**
 * The worker's script: beside this module once built; the tests run the TypeScript sources, so theirs is
 * the built one (`npm test` builds first).
 */
function workerScript(): URL | string {
  const here = new URL('./template-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = projectFile('dist', 'src', 'imports', 'template-worker.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build`);
  return built;
}

/**
 * Writes planners' workbooks in a worker thread, so that exceljs's ~1 s of synchronous work for 40,000 rows
 * holds no event loop that answers requests (bench:attack (1b)). One thread, at the lowest CPU priority,
 * writes every workbook under way, turn by turn: however many are asked for, they take one core at most,
 * and only what the requests leave of it, and one thread's memory (two took ~180 MB more resident memory than
 * none). The rows are read here (the pool's connection), batch by batch as the worker asks; its bytes come
 * back and go on towards `out` as fast as `out` takes them. The thread starts with the first workbook
 * (~250 ms: it loads exceljs), stays for the next ones without keeping the process alive, and is started
 * again if it dies.
 */
@Injectable()
export class TemplateWorkers implements OnApplicationShutdown {
  private thread: Worker | null = null;
  /** Workbooks under way in `thread`: while there are any, it keeps the process alive. */
  private jobs = 0;

  /**
   * Writes the workbook to `out` (and ends it), as writeTemplate does: `rows` prefill it batch by batch (null:
   * the examples); the first batch is read before anything is written, so that a failing read is still
   * answered with a problem. Rejects if the worker fails or the rows do; when `signal` aborts (the client
   * went away) the worker is told to stop and this rejects with an AbortError.
   */
  async write(out: Writable, rows: AsyncIterable<TemplateRow[]> | null, reference: TemplateReference | null, signal: AbortSignal): Promise<void> {
    const batches = rows?.[Symbol.asyncIterator]() ?? null;
    try {
      signal.throwIfAborted();
      const first = batches ? await batches.next() : null;
      const rest = first && !first.done ? batches : null;
      await this.run(out, { first: first ? (first.done ? [] : first.value) : null, rest, reference }, signal);
    } catch (err) {
      await batches?.return?.().catch(() => undefined); // the reading stops; its own failure would hide this one
      throw err;
    }
  }

  /** One job in the thread: `first` is the first batch (null for the examples), `rest` the batches after it. */
  private run(
    out: Writable,
    { first, rest, reference }: { first: TemplateRow[] | null; rest: AsyncIterator<TemplateRow[]> | null; reference: TemplateReference | null },
    signal: AbortSignal,
  ): Promise<void> {
    const worker = this.take();
    const { port1: port, port2 } = new MessageChannel();
    const job: TemplateJob = { port: port2, first, more: rest !== null, reference };
    // the next batch is read while the worker writes the one before (two batches in memory at most)
    const readAhead = () => {
      const next = rest!.next();
      next.catch(() => undefined); // a failure is answered when the batch is asked for
      return next;
    };
    let ahead: Promise<IteratorResult<TemplateRow[]>> | null = rest ? readAhead() : null;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      // bytes `out` has not taken on yet, acknowledged together at its next 'drain' (one listener, however many pieces)
      let owed = 0;
      const drained = () => {
        if (settled) return;
        port.postMessage({ taken: owed } satisfies ToWorker);
        owed = 0;
      };
      /**
       * The job's one end: the worker is free for others at once (a stopped job is told so, and its port
       * closed, which the worker takes as a stop too), and nothing of it listens any more.
       */
      const end = (err?: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        worker.off('error', onCrash);
        worker.off('exit', onCrash);
        out.off('drain', drained);
        if (err !== undefined) port.postMessage({ abort: true } satisfies ToWorker);
        port.close();
        this.give(worker);
        if (err === undefined) {
          out.end();
          resolve();
        } else reject(err);
      };
      const onAbort = () => end(signal.reason);
      const onCrash = (err: unknown) => end(err instanceof Error ? err : new Error(`the template worker stopped: ${String(err)}`));
      signal.addEventListener('abort', onAbort, { once: true });
      worker.once('error', onCrash);
      worker.once('exit', onCrash);
      port.on('message', (message: FromWorker) => {
        if (settled) return;
        if ('chunk' in message) {
          const piece = Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength);
          if (owed === 0 && out.write(piece)) {
            port.postMessage({ taken: piece.byteLength } satisfies ToWorker);
          } else {
            if (owed === 0) out.once('drain', drained);
            else out.write(piece);
            owed += piece.byteLength;
          }
        } else if ('more' in message) {
          const next = ahead ?? rest!.next();
          ahead = null;
          next.then((batch) => {
            if (settled) return;
            port.postMessage({ rows: batch.done ? null : batch.value } satisfies ToWorker);
            if (!batch.done) ahead = readAhead();
          }, end);
        } else if ('done' in message) {
          end();
        } else {
          end(new Error(`the template worker failed: ${message.failed}`));
        }
      });
      try {
        worker.postMessage(job, [port2]);
      } catch (err) {
        end(err); // nothing of the job reached the worker
      }
    });
  }

  private take(): Worker {
    this.thread ??= this.start();
    if (this.jobs++ === 0) this.thread.ref();
    return this.thread;
  }

  private give(worker: Worker): void {
    if (worker !== this.thread) return;
    if (--this.jobs === 0) worker.unref();
  }

  private start(): Worker {
    const worker = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    worker.setMaxListeners(0); // each workbook under way listens for its end
    // its jobs fail with it; the next workbook starts a new one
    const gone = () => {
      if (this.thread !== worker) return;
      this.thread = null;
      this.jobs = 0;
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    return worker;
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.thread;
    this.thread = null;
    this.jobs = 0;
    await worker?.terminate();
  }
}
