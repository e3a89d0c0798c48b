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
    /** resolves once `n` statements of others wait for the lock */
    until: async (n = 1) => {
      while ((await waiting()) < n) await new Promise((r) => setTimeout(r, 20));
    },
    release: async () => {
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
