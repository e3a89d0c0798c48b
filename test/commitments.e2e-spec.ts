import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { type GastoLine, gastoCsv } from './support/mef-gasto-file.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const REGISTRY = 'test/fixtures/invierte_banco_inversiones_consulta_sample50rows_amazonas.csv';
const NIEVA = '010401'; // the provincial municipality of Condorcanqui (0104), whose other districts are 010402 and 010403

/** A gasto line of a project (kind 2), PIA 0, with PIM and devengado as written. */
const line = (year: number, code: string, pim: string, devengado: string, rubro: '18' | '00' = '18'): GastoLine => ({
  year,
  kind: 2,
  code,
  name: `OBRA ${code}`,
  functionCode: '18',
  functionName: 'SANEAMIENTO',
  divisionCode: '040',
  divisionName: 'SANEAMIENTO',
  groupCode: '0088',
  groupName: 'AGUA',
  fuenteCode: rubro === '18' ? '5' : '1',
  fuenteName: 'F',
  rubroCode: rubro,
  rubroName: 'R',
  amounts: ['0.00', pim, '0.00', '0.00', devengado, '0.00'],
});
// 2480997 and 2555351 are in the registry fixture (Nieva); 2250000 is known from these budget lines alone
const LINES = [
  line(2023, '2480997', '800.00', '200.00'),
  line(2024, '2480997', '1000.00', '500.00'),
  line(2024, '2480997', '250.50', '100.25', '00'),
  line(2024, '2555351', '3000.50', '1200.25'),
  line(2024, '2250000', '400.00', '100.00'),
];

/** "12.34" → 1234n */
const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));
const soles = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
/** a ÷ b × 100 with one decimal, half up (both positive). */
const pct = (a: bigint, b: bigint): number => Number((a * 2000n + b) / (2n * b)) / 10;
/** The registry's spreadsheet numbers in céntimos, exactly: "6.562544369E8" → 65625443690n. */
function sciCents(text: string): bigint {
  const [, whole, fraction = '', exponent = '0'] = /^(\d+)(?:\.(\d+))?(?:E([+-]?\d+))?$/i.exec(text)!;
  const shift = Number(exponent) - fraction.length + 2;
  const digits = BigInt(whole + fraction);
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  if (digits % divisor !== 0n) throw new Error(`${text} has more than two decimals`);
  return digits / divisor;
}

describe('dialogue-table commitments', () => {
  const registry: Record<string, string>[] = parse(readFileSync(REGISTRY), { columns: true });
  /** A project's cost as the registry fixture gives it: its first row's Costo actualizado. */
  const costOf = (cui: string) => sciCents(registry.find((r) => r['Código único de inversión'] === `${cui}.0`)!['Costo actualizado']);
  /** A project's PIM and devengado: its lines above, every year summed. */
  const budgetOf = (cui: string) => {
    const mine = LINES.filter((l) => l.code === cui);
    return { pim: mine.reduce((a, l) => a + cents(l.amounts[1]), 0n), devengado: mine.reduce((a, l) => a + cents(l.amounts[4]), 0n) };
  };
  const base = {
    forum: 'Mesa de Diálogo de Condorcanqui',
    agreedOn: '2024-03-15',
    partyKind: 'ministry',
    partyName: 'Ministerio de Vivienda, Construcción y Saneamiento',
    description: 'Financiar el agua potable de Santa María de Nieva.',
  };
  const counts = async () =>
    (
      await t.sql(`SELECT (SELECT count(*) FROM commitment)::int AS commitments, (SELECT count(*) FROM commitment_project)::int AS links,
                         (SELECT count(*) FROM audit_event)::int AS events, (SELECT max(updated_at) FROM commitment) AS updated`)
    )[0];
  const events = async (type: string) => (await request(t.http).get(`/api/v1/audit?type=${type}`).set('X-API-Key', t.adminKey).expect(200)).body.items;

  let t: TestApp;
  let planner: { id: number; key: string };
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-15').attach('file', REGISTRY).expect(201);
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-02-13')
      .attach('file', gastoCsv(LINES, NIEVA, '300030'), 'gasto-nieva.csv')
      .expect(201);
    planner = (
      await t
        .post('/api/v1/keys')
        .send({ name: 'Nieva', role: 'planner', municipalities: [NIEVA] })
        .expect(201)
    ).body;
    auditor = (await t.post('/api/v1/keys').send({ name: 'Contraloría', role: 'auditor' }).expect(201)).body.key;
  });
  afterAll(() => t.close());

  it('derives progress from the linked projects’ current budget and Invierte.pe cost', async () => {
    const cuis = ['2250000', '2480997', '2555351'];
    const res = await t
      .post('/api/v1/commitments')
      .send({ ...base, places: [NIEVA], amount: '2000000', deadline: '2025-12-31', projects: cuis })
      .expect(201);
    const [a, b, c] = [budgetOf('2480997'), budgetOf('2555351'), budgetOf('2250000')];
    // 2480997: PIM 800 + 1,000 + 250.50 = 2,050.50, devengado 200 + 500 + 100.25 = 800.25 → 39.0 %
    expect(soles(a.pim)).toBe('2050.50');
    expect(res.body.projects).toEqual([
      {
        cui: '2250000',
        name: 'OBRA 2250000',
        pim: soles(c.pim),
        devengado: soles(c.devengado),
        executionRatePct: pct(c.devengado, c.pim),
        cost: null,
        costSource: null,
      },
      {
        cui: '2480997',
        name: expect.any(String),
        pim: soles(a.pim),
        devengado: soles(a.devengado),
        executionRatePct: pct(a.devengado, a.pim),
        cost: soles(costOf('2480997')),
        costSource: 'updated_cost',
      },
      {
        cui: '2555351',
        name: expect.any(String),
        pim: soles(b.pim),
        devengado: soles(b.devengado),
        executionRatePct: pct(b.devengado, b.pim),
        cost: soles(costOf('2555351')),
        costSource: 'updated_cost',
      },
    ]);
    const pim = a.pim + b.pim + c.pim;
    const devengado = a.devengado + b.devengado + c.devengado;
    expect(res.body.progress).toEqual({
      pim: soles(pim),
      devengado: soles(devengado),
      cost: soles(costOf('2480997') + costOf('2555351')),
      executionRatePct: pct(devengado, pim),
      costProgressPct: null, // 2250000 has no cost in the registry
      amountProgressPct: pct(devengado, 200_000_000n),
      projectsWithoutBudget: [],
      projectsWithoutCost: ['2250000'],
    });
    expect(res.body).toMatchObject({
      amount: '2000000.00',
      status: 'pendiente',
      places: [{ code: NIEVA, level: 'district', name: 'Nieva' }],
      municipalities: [NIEVA],
      createdBy: 'key:1',
    });

    // unlinked, the cost share is whole: devengado of the two ÷ their costs
    const unlinked = await t.delete(`/api/v1/commitments/${res.body.id}/projects/2250000`).expect(200);
    expect(unlinked.body.progress).toMatchObject({
      costProgressPct: pct(a.devengado + b.devengado, costOf('2480997') + costOf('2555351')),
      projectsWithoutCost: [],
    });
    const read = await request(t.http).get(`/api/v1/commitments/${res.body.id}`).expect(200);
    expect(read.body.progress).toEqual(unlinked.body.progress);
    const [event] = await events('commitment_projects');
    expect(event).toMatchObject({
      subject: String(res.body.id),
      municipalities: [NIEVA],
      before: { projects: cuis },
      after: { projects: ['2480997', '2555351'] },
    });
    await t
      .delete(`/api/v1/commitments/${res.body.id}/projects/2250000`)
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('PROJECT_NOT_LINKED'));
  });

  it('is overdue past its deadline and not fulfilled, judged on the day passed in', async () => {
    const { body } = await t
      .post('/api/v1/commitments')
      .send({ ...base, places: ['0104'], deadline: '2025-06-30', status: 'en_curso' })
      .expect(201);
    const on = async (date: string) => (await request(t.http).get(`/api/v1/commitments/${body.id}?date=${date}`).expect(200)).body;
    expect(await on('2025-06-30')).toMatchObject({ overdue: false, asOf: '2025-06-30' }); // due that day, not yet late
    expect(await on('2025-07-01')).toMatchObject({ overdue: true, asOf: '2025-07-01' });
    const overdue = async (date: string) =>
      (await request(t.http).get(`/api/v1/commitments?overdue=true&date=${date}`).expect(200)).body.items.map((i: { id: number }) => i.id);
    expect(await overdue('2025-07-01')).toContain(body.id);
    expect(await overdue('2025-06-30')).not.toContain(body.id);
    // a person marks it fulfilled, with the evidence: no longer overdue
    await request(t.http)
      .patch(`/api/v1/commitments/${body.id}`)
      .set('X-API-Key', t.adminKey)
      .send({ status: 'cumplido', evidenceUrl: 'https://example.org/acta.pdf' })
      .expect(200);
    expect(await on('2025-07-01')).toMatchObject({ overdue: false, status: 'cumplido', evidenceUrl: 'https://example.org/acta.pdf' });
    expect(await overdue('2025-07-01')).not.toContain(body.id);
    // declared unfulfilled is not fulfilled: overdue again; without a deadline, never
    await request(t.http).patch(`/api/v1/commitments/${body.id}`).set('X-API-Key', t.adminKey).send({ status: 'incumplido', deadline: null }).expect(200);
    expect(await on('2099-01-01')).toMatchObject({ overdue: false, deadline: null });
    await request(t.http).patch(`/api/v1/commitments/${body.id}`).set('X-API-Key', t.adminKey).send({ deadline: '2025-06-30' }).expect(200);
    expect(await on('2025-07-01')).toMatchObject({ overdue: true, status: 'incumplido' });
  });

  it('lets a planner key write commitments inside its municipality only, each accepted write audited', async () => {
    const as = (key: string) => ({
      post: (url: string) => request(t.http).post(url).set('X-API-Key', key),
      patch: (url: string) => request(t.http).patch(url).set('X-API-Key', key),
    });
    const before = await counts();
    // the province holds two districts that are not the key's; another department's district is not either
    for (const places of [['0104'], ['080801'], [NIEVA, '010402']]) {
      const res = await as(planner.key)
        .post('/api/v1/commitments')
        .send({ ...base, places })
        .expect(403);
      expect(res.body.code).toBe('MUNICIPALITY_NOT_ALLOWED');
    }
    const admins = (
      await t
        .post('/api/v1/commitments')
        .send({ ...base, places: ['0104'] })
        .expect(201)
    ).body;
    const afterAdmin = await counts();
    expect(afterAdmin).toMatchObject({ commitments: before.commitments + 1, events: before.events + 1 });
    await as(planner.key).patch(`/api/v1/commitments/${admins.id}`).send({ status: 'cumplido' }).expect(403);
    await request(t.http).delete(`/api/v1/commitments/${admins.id}`).set('X-API-Key', planner.key).expect(403);
    await as(auditor)
      .post('/api/v1/commitments')
      .send({ ...base, places: [NIEVA] })
      .expect(403)
      .expect((r) => expect(r.body.code).toBe('ROLE_NOT_ALLOWED'));
    await request(t.http)
      .post('/api/v1/commitments')
      .send({ ...base, places: [NIEVA] })
      .expect(401);
    expect(await counts()).toEqual(afterAdmin); // nothing written, no audit event

    const own = (
      await as(planner.key)
        .post('/api/v1/commitments')
        .send({ ...base, places: [NIEVA], projects: ['2480997'] })
        .expect(201)
    ).body;
    const [created] = await events('commitment_created');
    expect(created).toMatchObject({
      actor: planner.id,
      subject: String(own.id),
      municipalities: [NIEVA],
      before: null,
      after: { places: [NIEVA], projects: ['2480997'], status: 'pendiente' },
    });
    // moving its own commitment out of its municipality is refused too, and changes nothing
    const mid = await counts();
    await as(planner.key)
      .patch(`/api/v1/commitments/${own.id}`)
      .send({ places: ['0104'] })
      .expect(403);
    expect(await counts()).toEqual(mid);
    await as(planner.key).patch(`/api/v1/commitments/${own.id}`).send({ status: 'en_curso' }).expect(200);
    const [updated] = await events('commitment_updated');
    expect(updated).toMatchObject({
      actor: planner.id,
      subject: String(own.id),
      municipalities: [NIEVA],
      before: { status: 'pendiente' },
      after: { status: 'en_curso' },
    });
    // the admin moves it to the province: the event lists every municipality touched
    await request(t.http)
      .patch(`/api/v1/commitments/${own.id}`)
      .set('X-API-Key', t.adminKey)
      .send({ places: ['0104'] })
      .expect(200);
    expect((await events('commitment_updated'))[0].municipalities).toEqual(['010401', '010402', '010403']);
  });

  it('refuses bad places, unknown projects and impossible dates with stable codes, writing nothing', async () => {
    const before = await counts();
    const refused = async (body: object, status: number, code: string) => {
      const res = await t
        .post('/api/v1/commitments')
        .send({ ...base, places: [NIEVA], ...body })
        .expect(status);
      expect([JSON.stringify(body), res.body.code]).toEqual([JSON.stringify(body), code]);
      return res.body;
    };
    const unknown = await refused({ places: ['010499', '99'] }, 400, 'UNKNOWN_PLACE');
    expect(unknown.message).toBe('Ningún departamento (2 dígitos), provincia (4) ni distrito (6) de la geografía de referencia tiene el código 010499 o 99.');
    await refused({ places: ['01040'] }, 400, 'INVALID_REQUEST');
    await refused({ places: [] }, 400, 'INVALID_REQUEST');
    const project = await refused({ projects: ['2480997', '9999999'] }, 400, 'UNKNOWN_PROJECT');
    expect(project.message).toContain('9999999');
    await refused({ amount: '12.345' }, 400, 'INVALID_REQUEST');
    await refused({ amount: 12.5 }, 400, 'INVALID_REQUEST'); // money travels as a string
    await refused({ deadline: '2024-02-30' }, 400, 'INVALID_REQUEST');
    await refused({ deadline: '2024-03-14' }, 400, 'INVALID_COMMITMENT'); // the day before it was agreed
    await refused({ partyKind: 'church' }, 400, 'INVALID_REQUEST');
    await refused({ evidenceUrl: 'javascript:alert(1)' }, 400, 'INVALID_REQUEST');
    expect(await counts()).toEqual(before);

    const { body } = await t
      .post('/api/v1/commitments')
      .send({ ...base, places: [NIEVA] })
      .expect(201);
    const mid = await counts();
    await t
      .put(`/api/v1/commitments/${body.id}/projects/9999999`)
      .expect(400)
      .expect((r) => expect(r.body.code).toBe('UNKNOWN_PROJECT'));
    await request(t.http)
      .patch(`/api/v1/commitments/${body.id}`)
      .set('X-API-Key', t.adminKey)
      .send({})
      .expect(400)
      .expect((r) => expect(r.body.code).toBe('INVALID_COMMITMENT'));
    await request(t.http).patch(`/api/v1/commitments/${body.id}`).set('X-API-Key', t.adminKey).send({ forum: null }).expect(400);
    await request(t.http)
      .patch(`/api/v1/commitments/${body.id}`)
      .set('X-API-Key', t.adminKey)
      .send({ places: ['999999'] })
      .expect(400);
    expect(await counts()).toEqual(mid);
    await request(t.http)
      .get('/api/v1/commitments/99999')
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('COMMITMENT_NOT_FOUND'));
    const english = await request(t.http).get('/api/v1/commitments?place=9999').set('Accept-Language', 'en').expect(400);
    expect(english.body).toMatchObject({
      code: 'UNKNOWN_PLACE',
      message: 'No department (2 digits), province (4) or district (6) of the reference geography has the code 9999.',
    });
  });

  it('reads a place’s commitments with those of the places inside it and around it, and archives one', async () => {
    const make = async (places: string[]) =>
      (
        await t
          .post('/api/v1/commitments')
          .send({ ...base, forum: `Acta ${places.join('+')}`, places })
          .expect(201)
      ).body.id as number;
    const [district, other, province, department] = [await make(['010402']), await make(['080801']), await make(['0104', '080801']), await make(['01'])];
    const read = async (place: string) => {
      const res = await request(t.http).get(`/api/v1/commitments?place=${place}&limit=2000`).expect(200);
      return { ids: res.body.items.map((i: { id: number; relation: string }) => [i.id, i.relation]), conflicts: res.body.conflicts };
    };
    const ofProvince = await read('0104');
    expect(ofProvince.ids).toEqual(
      expect.arrayContaining([
        [district, 'inside'],
        [province, 'exact'],
        [department, 'contains'],
      ]),
    );
    expect(ofProvince.ids.map(([id]: [number]) => id)).not.toContain(other);
    // no conflicts report imported here: none counted, and said so
    expect(ofProvince.conflicts).toEqual({ cases: 0, active: 0, withDialogue: 0, snapshotDate: null, href: '/api/v1/conflicts?place=0104' });
    const ofDistrict = (await read('010402')).ids;
    expect(ofDistrict).toEqual(
      expect.arrayContaining([
        [district, 'exact'],
        [province, 'contains'],
        [department, 'contains'],
      ]),
    );
    expect(ofDistrict.map(([id]: [number]) => id)).not.toContain(other);
    expect((await read('080801')).ids.map(([id]: [number]) => id).sort()).toEqual([other, province].sort());

    await t
      .delete(`/api/v1/commitments/${district}`)
      .expect(200)
      .expect((r) => expect(r.body.archivedAt).toEqual(expect.any(String)));
    expect((await read('010402')).ids.map(([id]: [number]) => id)).not.toContain(district);
    const all = await request(t.http).get('/api/v1/commitments?place=010402&includeArchived=true').expect(200);
    expect(all.body.items.map((i: { id: number }) => i.id)).toContain(district);
    const [archived] = await events('commitment_archived');
    expect(archived).toMatchObject({ subject: String(district), municipalities: ['010402'], after: null });
    await request(t.http).patch(`/api/v1/commitments/${district}`).set('X-API-Key', t.adminKey).send({ status: 'cumplido' }).expect(409);
    await t
      .delete(`/api/v1/commitments/${district}`)
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('COMMITMENT_ARCHIVED'));
  });
});
