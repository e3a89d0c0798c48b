import pg from 'pg';
import { type ReplicaPair, startReplicaPair, waitForReplay } from './support/replica-pair.js';

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const REPLAY_TIMEOUT_MS = 15_000;

describe('a primary with a streaming read replica (test/support/replica-pair.ts)', () => {
  let pair: ReplicaPair;

  beforeAll(async () => {
    pair = await startReplicaPair('replica-pair');
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it('is two servers, the replica in recovery and streaming from the primary through its slot', async () => {
    // (a replica that has replayed all there is has been sent all there is: its sender is past catching up)
    await waitForReplay(pair.primaryUrl, pair.replicaUrl, REPLAY_TIMEOUT_MS);
    expect(new URL(pair.replicaUrl).port).not.toBe(new URL(pair.primaryUrl).port);
    expect(await sql(pair.primaryUrl, 'SELECT pg_is_in_recovery() AS recovery, current_user AS role, current_database() AS db')).toEqual([
      { recovery: false, role: 'tracker', db: 'tracker' },
    ]);
    expect(await sql(pair.replicaUrl, 'SELECT pg_is_in_recovery() AS recovery, current_user AS role, current_database() AS db')).toEqual([
      { recovery: true, role: 'tracker', db: 'tracker' },
    ]);
    // the service's role is no superuser on either
    expect(await sql(pair.replicaUrl, `SELECT rolsuper FROM pg_roles WHERE rolname = 'tracker'`)).toEqual([{ rolsuper: false }]);
    expect(await sql(pair.primaryAdminUrl, 'SELECT application_name, state FROM pg_stat_replication')).toEqual([
      { application_name: 'replica', state: 'streaming' },
    ]);
    expect(await sql(pair.primaryAdminUrl, 'SELECT slot_name, active FROM pg_replication_slots')).toEqual([{ slot_name: 'replica', active: true }]);
  });

  it('shows on the replica, once replayed, a table made and rows written on the primary', async () => {
    await sql(pair.primaryUrl, 'CREATE TABLE ledger (id int PRIMARY KEY, amount numeric(18,2) NOT NULL)');
    await sql(pair.primaryUrl, `INSERT INTO ledger VALUES (1, '10.50'), (2, '0.25'), (3, '1000.00')`);
    await waitForReplay(pair.primaryUrl, pair.replicaUrl, REPLAY_TIMEOUT_MS);

    expect(await sql(pair.replicaUrl, 'SELECT id, amount::text AS amount FROM ledger ORDER BY id')).toEqual([
      { id: 1, amount: '10.50' },
      { id: 2, amount: '0.25' },
      { id: 3, amount: '1000.00' },
    ]);
    // 10.50 + 0.25 + 1000.00
    expect(await sql(pair.replicaUrl, 'SELECT sum(amount)::text AS total FROM ledger')).toEqual([{ total: '1010.75' }]);
  });

  it('refuses writes on the replica with 25006 (read-only transaction), changing nothing', async () => {
    await sql(pair.primaryUrl, 'CREATE TABLE refused (id int PRIMARY KEY)');
    await waitForReplay(pair.primaryUrl, pair.replicaUrl, REPLAY_TIMEOUT_MS);

    await expect(sql(pair.replicaUrl, 'INSERT INTO refused VALUES (1)')).rejects.toMatchObject({ code: '25006' });
    await expect(sql(pair.replicaUrl, 'CREATE TABLE elsewhere (id int)')).rejects.toMatchObject({ code: '25006' });
    await expect(sql(pair.replicaUrl, 'DELETE FROM refused')).rejects.toMatchObject({ code: '25006' });

    for (const url of [pair.primaryUrl, pair.replicaUrl]) {
      expect(await sql(url, 'SELECT count(*)::int AS n FROM refused')).toEqual([{ n: 0 }]);
      expect(await sql(url, `SELECT to_regclass('elsewhere') AS t`)).toEqual([{ t: null }]);
    }
  });

  it('lets the primary write on while the replica is down, and the replica catches up when started again', async () => {
    await sql(pair.primaryUrl, 'CREATE TABLE journal (id int PRIMARY KEY)');
    await waitForReplay(pair.primaryUrl, pair.replicaUrl, REPLAY_TIMEOUT_MS);

    await pair.stopReplica();
    await expect(sql(pair.replicaUrl, 'SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    // two segment switches and checkpoints: without the slot, the segment the replica stopped in could be recycled
    await sql(pair.primaryUrl, 'INSERT INTO journal SELECT generate_series(1, 1000)');
    await sql(pair.primaryAdminUrl, 'SELECT pg_switch_wal()');
    await sql(pair.primaryAdminUrl, 'CHECKPOINT');
    await sql(pair.primaryUrl, 'INSERT INTO journal SELECT generate_series(1001, 2000)');
    await sql(pair.primaryAdminUrl, 'SELECT pg_switch_wal()');
    await sql(pair.primaryAdminUrl, 'CHECKPOINT');
    expect(await sql(pair.primaryUrl, 'SELECT count(*)::int AS n FROM journal')).toEqual([{ n: 2000 }]);
    // the slot has stayed where the replica stopped, and the primary still has the segment it must resume from
    expect(
      await sql(
        pair.primaryAdminUrl,
        `SELECT pg_current_wal_lsn() > s.restart_lsn AS behind,
                (SELECT count(*)::int FROM pg_ls_waldir() w WHERE w.name = pg_walfile_name(s.restart_lsn)) AS kept
         FROM pg_replication_slots s`,
      ),
    ).toEqual([{ behind: true, kept: 1 }]);

    await pair.startReplica();
    await waitForReplay(pair.primaryUrl, pair.replicaUrl, REPLAY_TIMEOUT_MS);
    // 1 + 2 + … + 2000 = 2000 · 2001 / 2
    expect(await sql(pair.replicaUrl, 'SELECT count(*)::int AS n, sum(id)::int AS total FROM journal')).toEqual([{ n: 2000, total: 2001000 }]);
  });
});
