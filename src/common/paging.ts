/**
 * How many rows a paged query matches, from its page's rows, which carry it (`count(*) OVER ()` as
 * `total`): a page past the end has no row to say it, so the first page's first row does (`first`
 * runs the query again with limit 1 and offset 0). Without it such a page said 0 matches.
 */
export async function pagedTotal<R extends { total: number }>(rows: R[], offset: number, first: () => Promise<R[]>): Promise<number> {
  if (rows.length > 0) return rows[0].total;
  return offset > 0 ? ((await first())[0]?.total ?? 0) : 0;
}
