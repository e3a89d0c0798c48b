import { createHash } from 'node:crypto';
import pg, {
  type QueryArrayConfig,
  type QueryArrayResult,
  type QueryConfig,
  type QueryConfigValues,
  type QueryResult,
  type QueryResultRow,
  type Submittable,
} from 'pg';

/** Prepared statements kept per connection, the least recently used deallocated first. */
const MAX_PREPARED = 200;
/** Reads: a SELECT or WITH that writes nothing and reads no import's temporary staging table (its columns change from one import to the next). */
const READ = /^\s*(?:SELECT|WITH)\b/i;
const NOT_A_PLAIN_READ = /\b(?:INSERT|UPDATE|DELETE|MERGE|staging|pg_temp)\b/i;
/** A statement followed by another: only the simple protocol runs those. */
const SEVERAL_STATEMENTS = /;\s*\S/;
/**
 * PostgreSQL's "cached plan must not change result type" (a table under a prepared SELECT * changed
 * shape) and "prepared statement already exists": the read runs unprepared.
 */
const RUN_UNPREPARED = new Set(['0A000', '42P05']);

/**
 * A pg client that runs every parameterised read as a named prepared statement (its name a hash of its
 * text), so PostgreSQL plans it once per connection instead of once per request. The reads' plans cost
 * more than running them: 0.6-2 ms of planning against 0.2-0.4 ms of execution for a province's
 * ranking at national scale; prepared, the same endpoint went from ~350 to ~900 requests/s
 * (BENCHMARKS.md). Writes, DDL and several statements in one text run as before. Most reads have no
 * parameters (the selection is written in as literals, src/common/query-params.ts): each selection is
 * then a statement of its own, planned with its real row counts.
 */
export class PreparingClient extends pg.Client {
  /** names prepared on this connection, oldest first */
  private readonly prepared = new Map<string, string>();

  // pg's overloads (callback, stream, config object) all pass through untouched; only (text, values) reads are prepared.
  // They are restated so that the override is one of pg.Client's query (generic defaults unknown where @types/pg leaves them untyped).
  override query<T extends Submittable>(queryStream: T): T;
  override query<R extends unknown[] = unknown[], I = unknown[]>(queryConfig: QueryArrayConfig<I>, values?: QueryConfigValues<I>): Promise<QueryArrayResult<R>>;
  override query<R extends QueryResultRow = QueryResultRow, I = unknown>(queryConfig: QueryConfig<I>): Promise<QueryResult<R>>;
  override query<R extends QueryResultRow = QueryResultRow, I = unknown[]>(
    queryTextOrConfig: string | QueryConfig<I>,
    values?: QueryConfigValues<I>,
  ): Promise<QueryResult<R>>;
  override query<R extends unknown[] = unknown[], I = unknown[]>(
    queryConfig: QueryArrayConfig<I>,
    callback: (err: Error, result: QueryArrayResult<R>) => void,
  ): void;
  override query<R extends QueryResultRow = QueryResultRow, I = unknown[]>(
    queryTextOrConfig: string | QueryConfig<I>,
    callback: (err: Error, result: QueryResult<R>) => void,
  ): void;
  override query<R extends QueryResultRow = QueryResultRow, I = unknown[]>(
    queryText: string,
    values: QueryConfigValues<I>,
    callback: (err: Error, result: QueryResult<R>) => void,
  ): void;
  override query(...args: unknown[]): unknown {
    const [text, values, callback] = args as [unknown, unknown, unknown];
    const plain = typeof text === 'string' && READ.test(text) && !NOT_A_PLAIN_READ.test(text) && !SEVERAL_STATEMENTS.test(text);
    if (!plain || (values !== undefined && !Array.isArray(values)) || typeof callback === 'function') {
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const name = `r${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    if (this.prepared.has(name)) this.prepared.delete(name);
    else if (this.prepared.size >= MAX_PREPARED) {
      const oldest = this.prepared.keys().next().value!;
      this.forget(oldest, this.parsed(oldest));
    }
    this.prepared.set(name, text);
    return super.query({ name, text, values: (values as unknown[] | undefined) ?? [] }).catch((err: Error & { code?: string }) => {
      if (!RUN_UNPREPARED.has(err.code ?? '')) {
        // one that failed before it was prepared is forgotten (a DEALLOCATE of it would fail: see forget); one that failed running is kept
        if (!this.parsed(name)) this.forget(name, false);
        throw err;
      }
      // both errors mean that the statement exists on the server
      this.forget(name, true);
      return super.query(text, (values as unknown[] | undefined) ?? []);
    });
  }

  /**
   * Forgets a statement, and deallocates it on the server when it is known to be there. A DEALLOCATE that
   * fails would abort the transaction the connection is in (an import's, say): the name is quoted (it is
   * a hash in mixed case, with '-' and '_'), and only statements that were prepared are deallocated.
   */
  private forget(name: string, deallocate: boolean): void {
    this.prepared.delete(name);
    delete this.parsedStatements[name];
    if (deallocate) super.query(`DEALLOCATE "${name}"`).catch(() => undefined);
  }

  /** Whether the server has prepared `name` on this connection (pg notes it when the server says so). */
  private parsed(name: string): boolean {
    return this.parsedStatements[name] !== undefined;
  }

  private get parsedStatements(): Record<string, string> {
    return (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
  }
}
