import { readFileSync } from 'node:fs';
import { canonReceived } from '../src/canon/canon-received.js';
import { DEMO } from './support/files.js';
import { CUSCO_CANON, canonReceivedOf, ESPINAR_CANON, within } from './support/peers-reference.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Received {
  ubigeo: string;
  year: number;
  amount: string;
  through_month: number;
  import_id: number;
  source: string;
}

/**
 * canon_received_current, kept by triggers (migration 1763795600000), against the rule worked out in full
 * (canonReceived as of a date after every import) and against the two bundled MEF files themselves
 * (support/peers-reference.ts), after each way the rule's inputs change: an entities file, a municipality's own
 * transfers, a budget import (another dataset's current imports), a later entities file and a deleted import.
 */
describe('canon received, kept as a table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const kept = () => t.sql<Received>(`SELECT ubigeo, year, amount::text, through_month, import_id, source FROM canon_received_current ORDER BY ubigeo, year`);
  const worked = () => {
    const params: unknown[] = [];
    const rule = canonReceived(params, { snapshot: '9999-12-31' });
    return t.sql<Received>(`SELECT r.ubigeo, r.year, r.amount::text, r.through_month, r.import_id, r.source FROM ${rule} r ORDER BY r.ubigeo, r.year`, params);
  };
  /** Every Cusco municipality-year of 2019-2026 as the files give it, [ubigeo, year, amount, source]: with Espinar's own transfers or without. */
  const fromFiles = (transfers: boolean) =>
    within('08')
      .sort()
      .flatMap((u) =>
        [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026].flatMap((y) => {
          const r = canonReceivedOf(u, y, true, transfers);
          return r.transferred === null ? [] : [[u, y, r.transferred, r.fromTransfers > 0 ? 'transfers' : 'entities']];
        }),
      );
  const figures = (rows: Received[]) => rows.map((r) => [r.ubigeo, r.year, r.amount, r.source]);

  it('holds nothing before a canon file, then each municipality-year of the entities file', async () => {
    expect(await kept()).toEqual([]);
    await t.post('/api/v1/imports').attach('file', CUSCO_CANON).expect(201);
    const want = fromFiles(false);
    expect(want.length).toBeGreaterThan(800); // Cusco's 116 municipalities × 8 years, less what the file lacks
    expect(figures(await kept())).toEqual(want);
    expect(await kept()).toEqual(await worked());
  });

  it("takes a municipality's own transfers first, and keeps them through a budget import", async () => {
    await t.post('/api/v1/imports').attach('file', ESPINAR_CANON).expect(201);
    const want = fromFiles(true);
    expect(want.filter(([, , , source]) => source === 'transfers').length).toBe(64); // Espinar's eight, 2019-2026
    expect(figures(await kept())).toEqual(want);
    await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201);
    expect(figures(await kept())).toEqual(want);
    expect(await kept()).toEqual(await worked());
  });

  it('follows a later entities file, and a deleted import back to what is left', async () => {
    // a revised entities file: Cusco's 2024 (S/ 1,000 more) and 2026 (as it was; the file's cut-off is its last year's,
    // so it stands level with the first file and, imported later, comes first) and Espinar's 2024 (its own transfers still come first)
    const lines = readFileSync(CUSCO_CANON, 'utf8').split('\n');
    const row = (ubigeo: string, year: number) => lines.find((l) => l.startsWith(`${ubigeo},MUNICIPALIDAD,`) && l.includes(`,${year},total_rubro18,`))!;
    const cusco = row('080101', 2024).split(',');
    const changed = [...cusco.slice(0, 5), String(Number(cusco[5]) + 1000), cusco[6]].join(',');
    const revised = [lines[0], changed, row('080101', 2026), row('080801', 2024)].join('\n');
    const later = await t
      .post('/api/v1/imports')
      .attach('file', Buffer.from(`${revised}\n`), 'canon_cusco_revisado.csv')
      .expect(201);
    const want = fromFiles(true).map(([u, y, amount, source]) =>
      u === '080101' && y === 2024 ? [u, y, `${Number.parseInt(String(amount), 10) + 1000}.00`, source] : [u, y, amount, source],
    );
    const rows = await kept();
    expect(figures(rows)).toEqual(want);
    expect(rows.filter((r) => r.import_id === later.body.id).map((r) => [r.ubigeo, r.year])).toEqual([
      ['080101', 2024],
      ['080101', 2026],
    ]);
    expect(rows).toEqual(await worked());
    // an operator deletes the transfers import in the database: Espinar's eight fall back to the entities files
    const [espinar] = await t.sql<{ id: number }>(`SELECT DISTINCT import_id AS id FROM canon_received_current WHERE source = 'transfers'`);
    await t.sql('DELETE FROM import WHERE id = $1', [espinar.id]);
    const after = await kept();
    expect(figures(after)).toEqual(
      fromFiles(false).map(([u, y, amount, source]) =>
        u === '080101' && y === 2024 ? [u, y, want.find((w) => w[0] === u && w[1] === y)![2], source] : [u, y, amount, source],
      ),
    );
    expect(after.some((r) => r.source === 'transfers')).toBe(false);
    expect(after).toEqual(await worked());
    // and the revised file deleted: Cusco's 2024 is the first file's again
    await t.sql('DELETE FROM import WHERE id = $1', [later.body.id]);
    expect(figures(await kept())).toEqual(fromFiles(false));
  });
});
