import { setPriority } from 'node:os';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type MessagePort, parentPort } from 'node:worker_threads';
import { type TemplateReference, type TemplateRow, writeTemplate } from './template-workbook.js';

/**
 * A worker thread that writes planners' workbooks (TemplateWorkers sends it one job at a time). exceljs
 * takes ~1 s of synchronous work for 40,000 rows; here it takes none of the event loop that answers requests.
 */

/** One workbook: its rows come on `port` (the first with the job), its bytes go back on it. */
export interface TemplateJob {
  port: MessagePort;
  /** The first batch of a prefilled template, or null for the examples. */
  first: TemplateRow[] | null;
  /** Whether more batches follow (asked for with `more`). */
  more: boolean;
  reference: TemplateReference | null;
}

/** From the worker: a piece of the workbook, a request for the next batch, the end, or why it stopped. */
export type FromWorker = { chunk: Uint8Array } | { more: true } | { done: true } | { failed: string };
/** To the worker: bytes taken on, the next batch (null: no more), or stop (the client went away). */
export type ToWorker = { taken: number } | { rows: TemplateRow[] | null } | { abort: true };

/** Bytes of the workbook on their way to the other thread before the writing waits for it to take them on. */
const IN_FLIGHT_BYTES = 1024 * 1024;

async function run({ port, first, more, reference }: TemplateJob): Promise<void> {
  const gone = new AbortController();
  // bytes sent and not yet taken on by the other thread: past IN_FLIGHT_BYTES the writing waits
  let inFlight = 0;
  let waiting: (() => void) | null = null;
  let batch: { resolve(rows: TemplateRow[] | null): void; reject(err: unknown): void } | null = null;
  // told to stop, or the other side closed the job's port (it stops waiting for this job at once): whatever the
  // writing waits for (the next batch, bytes to be taken, the output's end) fails now instead of never
  const stop = () => {
    if (gone.signal.aborted) return;
    gone.abort();
    batch?.reject(gone.signal.reason);
    batch = null;
    waiting = null;
    out.destroy(gone.signal.reason as Error);
  };
  port.on('close', stop);
  port.on('message', (message: ToWorker) => {
    if ('abort' in message) {
      stop();
    } else if ('taken' in message) {
      inFlight -= message.taken;
      if (inFlight < IN_FLIGHT_BYTES && waiting) {
        const go = waiting;
        waiting = null;
        go();
      }
    } else {
      batch?.resolve(message.rows);
      batch = null;
    }
  });
  const out = new Writable({
    highWaterMark: 256 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      const piece = new Uint8Array(chunk); // a copy of its own, moved (not copied again) to the other thread
      inFlight += piece.byteLength;
      port.postMessage({ chunk: piece } satisfies FromWorker, [piece.buffer]);
      // not a round trip per piece (exceljs writes thousands of small ones): only when too much is on its way
      if (inFlight < IN_FLIGHT_BYTES) callback();
      else waiting = () => callback();
    },
  });
  // its failure (destroyed by stop) reaches the writing through exceljs's commit and `finished`; without a
  // listener of its own, the zip's pipe would throw it again and take the thread, and every workbook in it, down
  out.on('error', () => undefined);
  async function* rows(): AsyncGenerator<TemplateRow[]> {
    yield first!;
    while (more) {
      gone.signal.throwIfAborted();
      const next = await new Promise<TemplateRow[] | null>((resolve, reject) => {
        batch = { resolve, reject };
        port.postMessage({ more: true } satisfies FromWorker);
      });
      if (next === null) return;
      yield next;
    }
  }
  try {
    await writeTemplate(out, first === null ? null : rows(), reference, gone.signal);
    await finished(out);
    port.postMessage({ done: true } satisfies FromWorker);
  } catch (err) {
    port.postMessage({ failed: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
  } finally {
    port.close();
  }
}

/**
 * The lowest CPU priority, for this thread only (Linux's setpriority on the calling thread): on a busy
 * machine the requests' event loop and PostgreSQL go first, and workbooks take the CPU they leave.
 */
function yieldCpu(): void {
  if (process.platform !== 'linux') return; // elsewhere the calling thread's priority is the whole process's
  try {
    setPriority(19);
  } catch {
    // not allowed or not supported here: the same priority as the rest
  }
}

if (parentPort) {
  yieldCpu();
  parentPort.on('message', (job: TemplateJob) => void run(job));
}
