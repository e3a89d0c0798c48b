import pg from 'pg';
import request from 'supertest';
import { AlertsService } from '../src/alerts/alerts.service.js';
import { Clock } from '../src/alerts/clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The commitment_overdue alert, through HTTP against a real PostgreSQL: the day is passed in (to
 * AlertsService.evaluateCommitments, or as the Clock's day for the evaluations after writes and imports)
 * instead of waited for. Webhooks go to a receiver that is never called: the test app sends none by
 * itself, so a delivery stays queued in the outbox.
 */
const COMMITMENTS_LOCK = 7_406; // src/alerts/alerts.repository.ts

interface Alert {
  id: number;
  rule: { kind: string };
  place: { ubigeo: string; name: string };
  period: string;
  figures: Record<string, string | number>;
  asOf: string | null;
  importId: number | null;
  message: string;
}

describe('alerts of overdue commitments', () => {
  let t: TestApp;
  let subscription: { id: number };
  const base = {
    forum: 'Mesa de Diálogo de Espinar',
    agreedOn: '2025-01-10',
    partyKind: 'ministry',
    partyName: 'Ministerio de Transportes y Comunicaciones',
    description: 'Asfaltar la vía Yauri - Negromayo.',
  };
  /** The Clock says it is noon of `day` in Lima (UTC−5). */
  const itIs = (day: string) => {
    t.app.get(Clock).now = () => new Date(`${day}T17:00:00Z`);
  };
  const evaluate = (day: string) => t.app.get(AlertsService).evaluateCommitments(day);
  const create = async (body: object) =>
    (
      await t
        .post('/api/v1/commitments')
        .send({ ...base, ...body })
        .expect(201)
    ).body as { id: number };
  const patch = (id: number, body: object) => request(t.http).patch(`/api/v1/commitments/${id}`).set('X-API-Key', t.adminKey).send(body).expect(200);
  const alerts = async (lang = 'es') =>
    (await request(t.http).get(`/api/v1/alerts?rule=commitment_overdue&lang=${lang}`).set('X-API-Key', t.adminKey).expect(200)).body as {
      total: number;
      items: Alert[];
    };
  const fired = async () => (await alerts()).items.map((a) => [a.figures.commitmentId, a.period, a.place.ubigeo]).sort();
  const deliveries = async () =>
    (await t.sql('SELECT alert_id::int AS "alertId", status, body FROM webhook_delivery ORDER BY created_at')) as {
      alertId: number;
      status: string;
      body: string;
    }[];

  beforeAll(async () => {
    t = await createTestApp({ webhookAllowPrivate: true });
    itIs('2025-06-20');
    const body = { name: 'Espinar: compromisos', places: ['0808'], rules: [{ kind: 'commitment_overdue' }], webhookUrl: 'http://127.0.0.1:9/hook' };
    subscription = (await t.post('/api/v1/subscriptions').send(body).expect(201)).body;
  });
  afterAll(() => t.close());

  it('fires once for a commitment of a district of the province past its deadline, not before it, not when fulfilled, not twice; a delivery is queued', async () => {
    const a = await create({ places: ['080801'], deadline: '2025-06-30', status: 'en_curso' }); // Espinar, a district of province 0808
    const b = await create({ places: ['080802'], deadline: '2025-06-15', status: 'cumplido' }); // fulfilled: never overdue
    const c = await create({ places: ['0801'], deadline: '2025-06-15' }); // overdue, but in Cusco province, not 0808
    expect(await fired()).toEqual([]); // the writes were evaluated on 2025-06-20: c is overdue but no concern of 0808

    expect(await evaluate('2025-06-30')).toBe(0); // due that day, not yet late
    expect(await evaluate('2025-07-01')).toBe(1);
    const [alert] = (await alerts()).items;
    expect(alert).toMatchObject({
      rule: { kind: 'commitment_overdue' },
      place: { ubigeo: '080801', name: 'Espinar' },
      period: '2025-06-30',
      figures: { commitmentId: a.id, forum: base.forum, partyName: base.partyName, description: base.description, deadline: '2025-06-30', status: 'en_curso' },
      asOf: '2025-07-01',
      importId: null,
    });
    expect(alert.message).toBe(
      `El compromiso n.º ${a.id}, asumido por Ministerio de Transportes y Comunicaciones en Mesa de Diálogo de Espinar y que concierne a Espinar, venció el 2025-06-30 sin cumplirse: Asfaltar la vía Yauri - Negromayo.`,
    );
    expect((await alerts('en')).items[0].message).toBe(
      `Commitment no. ${a.id}, made by Ministerio de Transportes y Comunicaciones at Mesa de Diálogo de Espinar and concerning Espinar, passed its deadline (2025-06-30) unfulfilled: Asfaltar la vía Yauri - Negromayo.`,
    );
    // its webhook delivery waits in the outbox, with the alert in its body
    const queued = await deliveries();
    expect(queued.map((d) => [d.alertId, d.status])).toEqual([[alert.id, 'pending']]);
    expect(JSON.parse(queued[0].body)).toMatchObject({
      event: 'alert.fired',
      subscription: { id: subscription.id },
      alert: { id: alert.id, figures: { commitmentId: a.id } },
    });
    const log = (await request(t.http).get(`/api/v1/subscriptions/${subscription.id}/deliveries`).set('X-API-Key', t.adminKey).expect(200)).body;
    expect(log.items.map((d: { alertId: number; status: string }) => [d.alertId, d.status])).toEqual([[alert.id, 'pending']]);

    // evaluated again, a day later, and after its status changed while overdue: the same alert, nothing new
    expect(await evaluate('2025-07-02')).toBe(0);
    itIs('2025-07-03');
    await patch(a.id, { status: 'incumplido' });
    expect(await fired()).toEqual([[a.id, '2025-06-30', '080801']]);
    expect(await deliveries()).toHaveLength(1);
    expect([b.id, c.id]).not.toContain(a.id);

    // its deadline moved to the end of the year: not overdue until it passes, then a new alert
    await patch(a.id, { deadline: '2025-12-31' });
    expect(await evaluate('2025-12-31')).toBe(0);
    expect(await evaluate('2026-01-01')).toBe(1);
    expect(await fired()).toEqual([
      [a.id, '2025-06-30', '080801'],
      [a.id, '2025-12-31', '080801'],
    ]);
    expect(await deliveries()).toHaveLength(2);

    // fulfilled: silent, whatever the day
    await patch(a.id, { status: 'cumplido', deadline: '2026-03-31' });
    expect(await evaluate('2026-06-01')).toBe(0);
    expect((await alerts()).total).toBe(2);
  });

  it('evaluates a commitment once it is written, and all of them after an import, on the Clock’s day', async () => {
    const before = (await alerts()).total;
    // a commitment of the department concerns the province: filed under the first of its municipalities in 0808, 080801
    itIs('2026-02-01');
    const d = await create({ places: ['08'], deadline: '2026-01-15' });
    expect((await fired()).filter(([id]) => id === d.id)).toEqual([[d.id, '2026-01-15', '080801']]);

    // overdue once the Clock passes its deadline; an import (of anything) evaluates it
    const e = await create({ places: ['080803'], deadline: '2026-03-31' });
    expect((await fired()).filter(([id]) => id === e.id)).toEqual([]);
    itIs('2026-04-01');
    await t
      .post('/api/v1/imports')
      .attach('file', Buffer.from('ubigeo,anio,corte,rubro18_recaudado_total\n080803,2024,diciembre,1000\n'), 'canon.csv')
      .expect(201);
    expect((await fired()).filter(([id]) => id === e.id)).toEqual([[e.id, '2026-03-31', '080803']]);
    expect((await alerts()).total).toBe(before + 2);
  });

  it('lets one instance at a time evaluate every commitment: another skips it while the lock is held', async () => {
    itIs('2026-04-01');
    const g = await create({ places: ['080804'], deadline: '2026-04-30' });
    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [COMMITMENTS_LOCK]);
      expect(await evaluate('2026-05-01')).toBeNull();
      expect((await fired()).filter(([id]) => id === g.id)).toEqual([]);
      await other.query('SELECT pg_advisory_unlock($1)', [COMMITMENTS_LOCK]);
      expect(await evaluate('2026-05-01')).toBe(1);
      expect((await fired()).filter(([id]) => id === g.id)).toEqual([[g.id, '2026-04-30', '080804']]);
    } finally {
      await other.end();
    }
  });

  it('runs at start-up on an instance with OVERDUE_ALERTS_MS, on the system’s day', async () => {
    // due on 2000-01-01 and written the day before: not overdue then; any day the test runs on is later
    itIs('1999-12-31');
    const h = await create({ agreedOn: '1999-06-01', places: ['080805'], deadline: '2000-01-01' });
    expect((await fired()).filter(([id]) => id === h.id)).toEqual([]);
    const second = await createTestApp({ databaseUrl: t.databaseUrl, overdueAlertsMs: 3_600_000 });
    await second.close(); // waits for the evaluation it started
    expect((await fired()).filter(([id]) => id === h.id)).toEqual([[h.id, '2000-01-01', '080805']]);
  });
});
