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
  const waiting = async () =>
    (await client.query(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = $1::regclass AND NOT granted`, [table])).rows[0].n as number;
  return {
    /**
     * Resolves once `n` statements of others wait for the lock; throws after `seconds` with what the
     * database's sessions were doing. Bounded so that a test whose statement never comes fails here, and its
     * `finally` releases the lock: unbounded, the test timed out with the lock still held, and every later
     * test needing the table hung behind it.
     */
    until: async (n = 1, seconds = 60) => {
      const deadline = Date.now() + seconds * 1000;
      while ((await waiting()) < n) {
        if (Date.now() > deadline) {
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
