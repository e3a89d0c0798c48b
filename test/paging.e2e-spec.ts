import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * A page past the end of a list is empty and still says how many rows the list has: `total` came from
 * the page's own rows (count(*) OVER ()), so such a page said 0 matches. (GET /projects: projects.e2e-spec.ts.)
 */
describe('a page past the end of a list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // municipality totals for 2024 and 2025 (Consulta Amigable, real), the Defensoría's conflicts report (real; one
    // case names no known place: skipped), two commitments
    await t.post('/api/v1/imports').attach('file', 'data/demo/consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv').expect(201);
    await t.post('/api/v1/imports').field('onError', 'skip').attach('file', 'data/demo/conflictos_mineros_defensoria_2024-03_snap2024-03-31.csv').expect(201);
    for (const deadline of ['2025-06-30', '2025-12-31']) {
      await t
        .post('/api/v1/commitments')
        .send({
          forum: 'Mesa de Diálogo de Espinar',
          agreedOn: '2024-03-15',
          partyKind: 'ministry',
          partyName: 'MVCS',
          description: 'Agua.',
          places: ['0808'],
          deadline,
        })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  it.each([
    ['/api/v1/execution/ranking?year=2024&department=08', 'rows'],
    ['/api/v1/conflicts?', 'items'],
    ['/api/v1/commitments?', 'items'],
    ['/api/v1/audit?', 'items'],
  ])('%s', async (url, list) => {
    const get = (query: string) => request(t.http).get(`${url}&${query}`).set('X-API-Key', t.adminKey).expect(200);
    const all = await get('limit=2000');
    // every row on the one page: the total is theirs
    expect(all.body.total).toBe(all.body[list].length);
    expect(all.body.total).toBeGreaterThan(1);
    const past = await get(`offset=${all.body.total + 5}`);
    expect(past.body[list]).toEqual([]);
    expect(past.body.total).toBe(all.body.total);
  });
});
