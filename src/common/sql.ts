/** Runs SQL in the caller's transaction (a query runner's or an entity manager's `query`). */
export type Sql = (text: string, params?: unknown[]) => Promise<any[]>;
