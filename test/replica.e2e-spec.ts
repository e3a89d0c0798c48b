import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { type ReplicaPair, startReplicaPair, waitForReplay } from './support/replica-pair.js';
import { createTestApp, type TestApp, TEST_ADMIN_KEY } from './support/test-app.js';

const FIXTURE = 'test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv';

async function until<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two instances on one primary with a streaming read replica (DATABASE_READ_URL)', () => {
  let pair: ReplicaPair;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    pair = await startReplicaPair('replica-app');
    a = await createTestApp({ databaseUrl: pair.primaryUrl, databaseReadUrl: pair.replicaUrl });
    b = await createTestApp({ databaseUrl: pair.primaryUrl, databaseReadUrl: pair.replicaUrl });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await pair?.stop();
  });

  // municipality 160401's PIM of 2024 in the fixture, from its municipal rows (NIVEL_GOBIERNO M)
  const rows: Record<string, string>[] = parse(readFileSync(FIXTURE), { columns: true });
  const ubigeo = '160401';
  const of = rows.filter((r) => r.NIVEL_GOBIERNO === 'M' && `${r.DEPARTAMENTO_EJECUTORA}${r.PROVINCIA_EJECUTORA}${r.DISTRITO_EJECUTORA}` === ubigeo);
  const pim = of.reduce((s, r) => s + Number(r.PIM_2024), 0); // 418925: whole soles in this sample
  const url = `/api/v1/execution?year=2024&level=detail&groupBy=function&municipality=${ubigeo}`;
  // every read a URL of its own: an anonymous answer is kept in memory per data version (src/common/response-cache.ts)
  let n = 10;
  const read = () => request(b.http).get(`${url}&limit=${n++}`).expect(200);

  it('reads what one instance imported through the other, from the replica once it has replayed it, never older figures before', async () => {
    expect(pim).toBe(418925);
    // before the import: nothing for the municipality, wherever it is read
    const before = await request(b.http).get(url).expect(200);
    expect(before.body.totals?.pim).not.toBe(`${pim}.00`); // (null: nothing imported yet)

    await request(a.http)
      .post('/api/v1/imports')
      .set('X-API-Key', TEST_ADMIN_KEY)
      .field('snapshotDate', '2026-04-04')
      .attach('file', readFileSync(FIXTURE), 'comparativo.csv')
      .expect(201);
    // right after the import, through the other instance: the new figures, from the primary if the replica is behind
    const next = await request(b.http).get(`${url}&limit=2`).expect(200);
    expect(next.body.totals.pim).toBe(`${pim}.00`);

    await waitForReplay(pair.primaryUrl, pair.replicaUrl, 15_000);
    // once the replica has replayed it (and b has seen so, within a second), b reads it there
    const fromReplica = await until(async () => {
      const res = await read();
      return res.headers['x-read-from'] === 'replica' ? res : undefined;
    });
    expect(fromReplica.body.totals.pim).toBe(`${pim}.00`);
    // what an operator sees: the replica in use, nothing of the primary's left to replay
    const metrics = await until(async () => {
      const text = (await request(b.http).get('/metrics').expect(200)).text;
      return /^tracker_replica_in_use 1$/m.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(/^tracker_replica_configured 1$/m);
    expect(metrics).toMatch(/^tracker_replica_versions_behind 0$/m);
    expect(Number(/^tracker_replica_lag_seconds (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(0);
  });

  it("keeps a key's reads on the primary (its own writes are there first)", async () => {
    const res = await request(b.http).get(`${url}&limit=4`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    expect(res.headers['x-read-from']).toBe('primary');
    expect(res.body.totals.pim).toBe(`${pim}.00`);
  });

  it('skips a replica that is down, and reads from it again once it is back', async () => {
    await pair.stopReplica();
    try {
      // a read decided before b noticed falls back to the primary; after that b decides for the primary
      for (let i = 0; i < 3; i++) expect((await read()).body.totals.pim).toBe(`${pim}.00`);
      await until(async () => ((await read()).headers['x-read-from'] === 'primary' ? true : undefined));
      // a replica that does not answer: not in use, and its lag unknown (NaN: prom-client writes Nan, which Prometheus reads) rather than a made-up 0
      // (a scrape shares one look at the replica for a second: the first after the stop may predate it)
      const metrics = await until(async () => {
        const text = (await request(b.http).get('/metrics').expect(200)).text;
        return /^tracker_replica_in_use 0$/m.test(text) && /^tracker_replica_lag_seconds nan$/im.test(text) ? text : undefined;
      });
      expect(metrics).toMatch(/^tracker_replica_configured 1$/m);
    } finally {
      await pair.startReplica();
    }
    await waitForReplay(pair.primaryUrl, pair.replicaUrl, 15_000);
    const back = await until(async () => {
      const res = await read();
      return res.headers['x-read-from'] === 'replica' ? res : undefined;
    });
    expect(back.body.totals.pim).toBe(`${pim}.00`);
  });
});
