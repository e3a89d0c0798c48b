/**
 * Runs SQL in the caller's transaction (a query runner's or an entity manager's `query`). `T` is what the
 * statement gives back, named at each call site as TypeORM's own `query<T>` is: the rows (`Row[]`), typed
 * as pg hands them over (numeric and bigint as text, int as number, date as 'YYYY-MM-DD', timestamptz as
 * Date), or for an UPDATE or DELETE `[Row[], number]` (TypeORM adds the count). Unread results stay `unknown`.
 */
export type Sql = <T = unknown>(text: string, params?: unknown[]) => Promise<T>;
