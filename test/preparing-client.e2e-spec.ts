import { PreparingClient } from '../src/database/preparing-client.js';
import { createDatabase } from './support/test-app.js';

/**
 * Reads run as prepared statements, at most 200 kept per connection: the oldest is deallocated to make
 * room. A connection of the pool also runs imports, whose transaction must survive that: a failed
 * DEALLOCATE aborted it (an import answered 500, "current transaction is aborted", once a connection had
 * served 200 different reads).
 */
describe('prepared reads on a connection that also runs transactions', () => {
  let client: PreparingClient;

  beforeAll(async () => {
    client = new PreparingClient({ connectionString: await createDatabase() });
    await client.connect();
  });
  afterAll(() => client.end());

  it('make room for a new read inside a transaction without aborting it', async () => {
    // 200 different reads fill the connection's statements (their names are hashes: mixed case, some with '-')
    for (let i = 0; i < 200; i++) expect((await client.query(`SELECT ${i}::int + $1::int AS n`, [1])).rows).toEqual([{ n: i + 1 }]);
    await client.query('BEGIN');
    await client.query('CREATE TABLE t (n int)');
    // each of these evicts the oldest statement, inside the transaction
    for (let i = 200; i < 260; i++) expect((await client.query(`SELECT ${i}::int + $1::int AS n`, [1])).rows).toEqual([{ n: i + 1 }]);
    await client.query('INSERT INTO t VALUES (1)');
    await client.query('COMMIT');
    expect((await client.query('SELECT count(*)::int AS n FROM t', [])).rows).toEqual([{ n: 1 }]);
    // the evicted reads are prepared again when they come back
    expect((await client.query('SELECT 0::int + $1::int AS n', [5])).rows).toEqual([{ n: 5 }]);
  });

  it('forget a read that failed to prepare without aborting a later transaction', async () => {
    await expect(client.query('SELECT n FROM no_such_table WHERE n = $1', [1])).rejects.toThrow(/no_such_table/);
    await client.query('BEGIN');
    // enough new reads to evict every statement kept, the failed one among them
    for (let i = 1000; i < 1210; i++) await client.query(`SELECT ${i}::int + $1::int AS n`, [1]);
    await client.query('INSERT INTO t VALUES (2)');
    await client.query('COMMIT');
    expect((await client.query('SELECT count(*)::int AS n FROM t', [])).rows).toEqual([{ n: 2 }]);
  });

  it('keep a read that failed while running, and run it again inside a transaction', async () => {
    // prepared, then failed on its value: the server keeps the statement
    await expect(client.query('SELECT 10 / $1::int AS n', [0])).rejects.toThrow(/division by zero/);
    await client.query('BEGIN');
    // were it forgotten here, preparing it again would fail ("already exists") and abort the transaction
    expect((await client.query('SELECT 10 / $1::int AS n', [2])).rows).toEqual([{ n: 5 }]);
    await client.query('INSERT INTO t VALUES (3)');
    await client.query('COMMIT');
    expect((await client.query('SELECT count(*)::int AS n FROM t', [])).rows).toEqual([{ n: 3 }]);
  });
});
