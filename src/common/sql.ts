/** Runs SQL in the caller's transaction (a query runner's or an entity manager's `query`). */
// biome-ignore lint/suspicious/noExplicitAny: each statement's rows are read field by field at its call site (52 of them); naming a row type per statement is the next step (issue 14 §3)
export type Sql = (text: string, params?: unknown[]) => Promise<any[]>;
