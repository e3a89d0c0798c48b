import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DEMO, readConsultaCsv, solesText } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The same bytes sent again are answered with their import (a duplicate, nothing changes), unless the upload
 * says something the earlier import did not: another cut-off date, or, after another file of the same date
 * replaced its figures, that these are the right ones. Sending the right export again after a wrong one of
 * the same date answered "duplicate" and left the wrong figures current.
 */
describe('sending a file again', () => {
  let t: TestApp;
  const original = readFileSync(DEMO.csv2024);
  const rows = readConsultaCsv(DEMO.csv2024);
  // Espinar's 2024 row (080801), the file's own figure
  const espinar = rows.find((r) => r.year === 2024 && r.ubigeo === '080801')!;
  const devengadoOf = async () => {
    const res = await request(t.http).get('/api/v1/execution?year=2024&municipality=080801').expect(200);
    return res.body.rows[0].devengado as string;
  };
  const ids = async () => (await t.sql<{ id: number }>('SELECT id FROM import ORDER BY id')).map((r) => r.id);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers the same bytes with their import while nothing else replaced it', async () => {
    const first = await t.post('/api/v1/imports').attach('file', original, 'consulta_snap2025-05-18.csv').expect(201);
    expect(first.body.snapshotDate).toBe('2025-05-18'); // from the name
    const again = await t.post('/api/v1/imports').attach('file', original, 'consulta_snap2025-05-18.csv').expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });
    // the date it already has, stated: the same answer
    const stated = await t.post('/api/v1/imports').field('snapshotDate', '2025-05-18').attach('file', original, 'otro.csv').expect(200);
    expect(stated.body).toMatchObject({ id: first.body.id, duplicate: true });
    expect(await ids()).toEqual([first.body.id]);
    expect(await devengadoOf()).toBe(solesText(espinar.devengado));
  });

  it('imports the right file again after a wrong one of the same date replaced its figures; a dry run of it changes nothing', async () => {
    const [first] = await ids();
    // the same export with Espinar's devengado mistyped (10,000 soles more), of the same date
    const wrongDevengado = espinar.devengado + 10_000n;
    const lines = original.toString('utf8').split('\n');
    const at = espinar.line - 1;
    const fmt = (n: bigint) => `"${n.toLocaleString('en-US')}"`;
    expect(lines[at]).toContain(fmt(espinar.devengado));
    lines[at] = lines[at].replace(fmt(espinar.devengado), fmt(wrongDevengado));
    const wrong = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-05-18')
      .attach('file', Buffer.from(lines.join('\n')), 'corregido.csv')
      .expect(201);
    expect(wrong.body).toMatchObject({ revised: 1, unchanged: rows.length - 1 });
    expect(await devengadoOf()).toBe(solesText(wrongDevengado));

    const dry = await t.post('/api/v1/imports').field('dryRun', 'true').attach('file', original, 'consulta_snap2025-05-18.csv').expect(200);
    expect(dry.body).toMatchObject({ id: null, dryRun: true, duplicate: false, revised: 1 });
    expect(await devengadoOf()).toBe(solesText(wrongDevengado));
    expect(await t.sql('SELECT resent_at FROM import WHERE id = $1', [first])).toEqual([{ resent_at: null }]);

    const again = await t.post('/api/v1/imports').attach('file', original, 'consulta_snap2025-05-18.csv').expect(201);
    expect(again.body).toMatchObject({ duplicate: false, snapshotDate: '2025-05-18', revised: 1, unchanged: rows.length - 1 });
    expect(await devengadoOf()).toBe(solesText(espinar.devengado));
    // the first import is kept as it was; the bytes are now answered with the new one
    expect(await ids()).toEqual([first, wrong.body.id, again.body.id]);
    const [{ status }] = await t.sql<{ status: string }>('SELECT status FROM import WHERE id = $1', [first]);
    expect(status).toBe('completed');
    const once = await t.post('/api/v1/imports').attach('file', original, 'consulta_snap2025-05-18.csv').expect(200);
    expect(once.body).toMatchObject({ id: again.body.id, duplicate: true });
  });

  it('answers the same bytes sent with another cut-off date with their import, and says the date was not applied', async () => {
    const before = await ids();
    const current = before.at(-1);
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-06-30').attach('file', original, 'consulta_snap2025-05-18.csv').expect(200);
    expect(res.body).toMatchObject({ id: current, duplicate: true, snapshotDate: '2025-05-18' });
    expect(res.body.summary).toBe(
      `Este archivo ya se importó (importación ${current}, corte 2025-05-18); la fecha enviada, 2025-06-30, no se aplicó: los mismos bytes no se guardan dos veces.`,
    );
    expect(await ids()).toEqual(before);
  });

  it('says how many rows of an older cut-off, sent after a newer one, are kept as history only', async () => {
    // the 2015-2025 export (cut 2025-02-13) after the 2024-2025 one (2025-05-18): its 2024 and 2025 rows are history
    const older = readConsultaCsv(DEMO.csv2015);
    const history = older.filter((r) => r.year >= 2024).length;
    expect(history).toBe(rows.length); // the same municipality-years as the newer export
    const res = await t.post('/api/v1/imports').attach('file', DEMO.csv2015).expect(201);
    expect(res.body.snapshotDate).toBe('2025-02-13');
    expect(res.body.warnings).toContain(
      `${history} fila(s) quedan solo como historia: sus municipios y años ya tienen un corte posterior (hasta el 2025-05-18), que sigue vigente.`,
    );
    expect(await devengadoOf()).toBe(solesText(espinar.devengado)); // still the 2025-05-18 figure
  });
});
