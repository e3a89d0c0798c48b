import pg from 'pg';

/**
 * A connection of the test's own that holds `lock` on `table` until release(): the service's statements
 * that need the table wait behind it, for as long as the test chooses (slow reads, imports caught half-way).
 */
export async function holdLock(databaseUrl: string, table: string, lock = 'ACCESS EXCLUSIVE') {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ${lock} MODE`);
  // a statistics refresh (ANALYZE) an earlier import left running is told apart from the statements a test waits for
  const waiting = async (analyze: boolean) => {
    // this connection's transaction would otherwise see pg_stat_activity as it was when it first looked
    await client.query('SELECT pg_stat_clear_snapshot()');
    return (
      await client.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.relation = $1::regclass AND NOT l.granted AND (a.query ~* '^\\s*ANALYZE') = $2`,
        [table, analyze],
      )
    ).rows[0].n as number;
  };
  return {
    /**
     * Resolves once `n` statements of others wait for the lock (statistics refreshes only with `analyze`, never
     * otherwise: the one after an earlier test's import, caught by the lock, made a test go on too early); throws after `seconds` with what the
     * database's sessions were doing. Bounded so that a test whose statement never comes fails here, and its
     * `finally` releases the lock: unbounded, the test timed out with the lock still held, and every later
     * test needing the table hung behind it.
     */
    until: async (n = 1, seconds = 60, analyze = false) => {
      const deadline = Date.now() + seconds * 1000;
      while ((await waiting(analyze)) < n) {
        if (Date.now() > deadline) {
          await client.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await client.query(
            `SELECT pid, application_name, state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
          );
          throw new Error(`no statement waited for the lock on ${table} within ${seconds} s; the sessions: ${JSON.stringify(rows)}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    release: async () => {
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
