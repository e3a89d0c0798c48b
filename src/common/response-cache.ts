import { finished } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { languageOf } from '../i18n/language.js';
import { limaDay } from './calendar-date.js';
import { wantsCsv } from './csv.js';

/** What is kept of an answer: its body and the headers that describe it (the others are set afresh on every request). */
export interface Entry {
  body: Buffer;
  headers: [string, string][];
  /** what it holds in memory, counted against maxBytes: its body, its key and about 512 bytes of objects */
  cost: number;
}

const DESCRIBING = ['content-type', 'content-disposition', 'content-language'];

/** A path segment as one spelling: `%30808` and `0808` are the same segment (a broken escape stays as sent). */
function segment(raw: string): string {
  try {
    return encodeURIComponent(decodeURIComponent(raw));
  } catch {
    return raw;
  }
}

/**
 * What a request's answer depends on besides the data version and the day: its path and query as the
 * router and the query parser read them (escapes decoded, parameters in name order), the language it is
 * answered in (languageOf: es or en), and CSV or JSON (wantsCsv: an analysis's Accept). Spellings of the
 * same request (`?b=1&a=2`, `%32024`, any of the endless Accept-Language headers that come down to
 * Spanish) are one answer, not a fresh one each: sent each with an Accept-Language of its own, ten
 * prefilled templates were ten builds a turn (bench:attack (1b)).
 */
export function answerOf(req: Request): string {
  let answer = answers.get(req);
  if (answer === undefined) {
    answer = describeAnswer(req);
    answers.set(req, answer); // the ETag and the cache key both ask, on every cacheable read
  }
  return answer;
}
const answers = new WeakMap<Request, string>();

function describeAnswer(req: Request): string {
  const path = req.path.split('/').map(segment).join('/');
  const query = Object.entries((req.query ?? {}) as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${encodeURIComponent(name)}=${JSON.stringify(value)}`)
    .join('&');
  return `${path}?${query}\n${languageOf(req)}\n${wantsCsv(req.headers.accept) ? 'csv' : 'json'}`;
}

/**
 * Anonymous reads answered once per data version and kept in memory (least recently used first out,
 * `maxBytes` in all, none over `maxEntryBytes`), and identical reads that arrive while the first is
 * being answered wait for it instead of asking PostgreSQL again. An answer depends only on the data
 * version and the request (answerOf: path, query, language, CSV or JSON) for a caller without a key, so
 * the cache is exact: a new version starts it empty. At national scale a department's analyses cost
 * 30-300 ms of database time each; served again they cost the copy of a buffer. Each instance keeps its
 * own; the version comes from DataVersion (src/common/http-cache.ts). Keyed reads have a cache of their
 * own, filled after their key is checked (src/common/keyed-answers.interceptor.ts).
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<void>>();
  private bytes = 0;
  private version = '';

  constructor(
    private readonly maxBytes = 32 * 2 ** 20,
    private readonly maxEntryBytes = 4 * 2 ** 20,
    /** a request waits this long at most for an identical one in flight, then asks for itself */
    private readonly maxWaitMs = 60_000,
  ) {}

  /** Serves `req` from the cache, after an identical request in flight if there is one, or lets it through and keeps its answer. */
  handle(version: string, req: Request, res: Response, next: NextFunction): void {
    const key = this.keyOf(version, req);
    const answer = () => {
      const entry = this.take(key);
      if (entry) return serve(entry, res);
      this.record(key, res);
      next();
    };
    const inFlight = this.inFlight(key);
    if (inFlight) void inFlight.then(answer);
    else answer();
  }

  /** The key of `req`'s answer under `version` (a version other than the last one seen empties the cache). */
  keyOf(version: string, req: Request): string {
    // a request that read its version before a newer one was seen (keyed reads read it well before
    // they get here) finds nothing kept and keeps nothing, but does not empty the cache
    if (version !== this.version && !olderThan(version, this.version)) {
      this.version = version;
      this.entries.clear();
      this.bytes = 0;
    }
    // answers that say what today is (works' delays, the report's date) are kept for the day in Lima at most
    return [version, limaDay(), answerOf(req)].join('\n');
  }

  /** The answer kept for `key`, if any (it becomes the most recently used). */
  take(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, entry);
    return entry;
  }

  /** Settles once the request answering `key` now (if one is) has finished, or after maxWaitMs. */
  inFlight(key: string): Promise<void> | undefined {
    const pending = this.pending.get(key);
    if (!pending) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.maxWaitMs);
      timer.unref();
    });
    return Promise.race([pending, limit]).finally(() => clearTimeout(timer));
  }

  /** Copies what `res` writes: a 200 of at most maxEntryBytes is kept under `key`, and identical requests wait for it meanwhile. */
  record(key: string, res: Response): void {
    // a client gone before its answer began: nothing to copy, and nobody should wait for it
    if (res.destroyed || res.writableEnded) return;
    let done!: () => void;
    if (!this.pending.has(key)) this.pending.set(key, new Promise<void>((resolve) => (done = resolve)));
    const chunks: Buffer[] = [];
    let size = 0;
    let keep = true;
    const copy = (chunk: unknown, encoding: unknown) => {
      if (!keep || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buffer.length;
      if (size > this.maxEntryBytes) {
        keep = false;
        chunks.length = 0;
      } else chunks.push(buffer);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      copy(chunk, encoding);
      return write(chunk, encoding, cb);
    }) as Response['write'];
    res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      copy(chunk, encoding);
      return end(chunk, encoding, cb);
    }) as Response['end'];
    const settle = () => {
      if (keep && res.statusCode === 200 && res.writableFinished) {
        const headers = DESCRIBING.flatMap((name) => {
          const value = res.getHeader(name);
          return value === undefined ? [] : [[name, String(value)] as [string, string]];
        });
        // a body of its own: a small one cut from Buffer's shared pool would hold on to a whole 8 KB slab
        const body = Buffer.allocUnsafeSlow(size);
        let at = 0;
        for (const chunk of chunks) at += chunk.copy(body, at);
        this.keep(key, { body, headers, cost: body.length + 2 * key.length + 512 });
      }
      if (done) {
        this.pending.delete(key);
        done();
      }
    };
    // finished, failed or cut off (also before its turn on a pipelined connection): whichever comes, once
    finished(res, settle);
    res.setHeader('X-Cache', 'MISS');
  }

  private keep(key: string, entry: Entry): void {
    if (!key.startsWith(`${this.version}\n`)) return; // answered under a version that has since moved on
    const old = this.entries.get(key);
    if (old) this.bytes -= old.cost;
    this.entries.set(key, entry);
    this.bytes += entry.cost;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.cost;
    }
  }
}

/**
 * The answers kept of one kind of caller (anonymous, or keyed): `bytes` for JSON and CSV, and half as much
 * for workbooks (the template, the audit report: up to ~4 MB each), kept apart so that a few of them cannot
 * push every other answer out. A workbook is written as fast as its first caller reads it, so identical
 * downloads wait for it 15 s at most.
 */
export class AnswerCaches {
  private readonly answers: ResponseCache;
  private readonly workbooks: ResponseCache;

  constructor(bytes: number) {
    this.answers = new ResponseCache(bytes);
    this.workbooks = new ResponseCache(bytes / 2, 6 * 2 ** 20, 15_000);
  }

  /** The cache for a request's path. */
  for(path: string): ResponseCache {
    return path.endsWith('.xlsx') ? this.workbooks : this.answers;
  }

  /** ResponseCache.handle, in the cache for the request's path. */
  handle(version: string, req: Request, res: Response, next: NextFunction): void {
    this.for(req.path).handle(version, req, res, next);
  }
}

/** Sends a kept answer (its headers, then its body) in full. */
function serve(entry: Entry, res: Response): void {
  setKeptHeaders(entry, res);
  res.status(200).end(entry.body);
}

/** The headers a kept answer is sent with: those that describe it, and `X-Cache: HIT`. */
export function setKeptHeaders(entry: Entry, res: Response): void {
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.setHeader('X-Cache', 'HIT');
}

/** Whether data version `a` is older than `b` (both the text of an audit event's id). */
function olderThan(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) && (a.length < b.length || (a.length === b.length && a < b));
}
