import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { WebhookWorker } from '../src/alerts/webhooks/webhook-worker.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Alerts after imports and their webhooks, through HTTP against a real PostgreSQL, with a real
 * receiver on 127.0.0.1. Time is passed to the webhook worker (runDue) instead of waited for.
 */
const HEADER = [
  'ANO_EJE',
  'MES_EJE',
  'NIVEL_GOBIERNO',
  'SEC_EJEC',
  'EJECUTORA_NOMBRE',
  'DEPARTAMENTO_EJECUTORA',
  'PROVINCIA_EJECUTORA',
  'DISTRITO_EJECUTORA',
  'TIPO_ACT_PROY',
  'PRODUCTO_PROYECTO',
  'PRODUCTO_PROYECTO_NOMBRE',
  'FUNCION',
  'FUNCION_NOMBRE',
  'DIVISION_FUNCIONAL',
  'DIVISION_FUNCIONAL_NOMBRE',
  'GRUPO_FUNCIONAL',
  'GRUPO_FUNCIONAL_NOMBRE',
  'FUENTE_FINANCIAMIENTO',
  'FUENTE_FINANCIAMIENTO_NOMBRE',
  'RUBRO',
  'RUBRO_NOMBRE',
  'MONTO_PIA',
  'MONTO_PIM',
  'MONTO_CERTIFICADO',
  'MONTO_COMPROMETIDO_ANUAL',
  'MONTO_DEVENGADO',
  'MONTO_GIRADO',
].join(',');

interface Line {
  ubigeo: string;
  /** 2: project, 3: activity */
  kind: 2 | 3;
  product: string;
  rubro: '00' | '18';
  /** whole soles */
  pia: bigint;
  pim: bigint;
  devengado: bigint;
}

/**
 * Five of Espinar's municipalities (Cusco) in July 2024; by hand, per municipality (PIA, PIM, devengado, rate = devengado ÷ PIM):
 *   080801  1,700,000  2,200,000  500,000  22.7 %  (rubro 18: devengado 100,000; project 2100002 has PIA and no devengado)
 *   080802  1,000,000  1,000,000  600,000  60.0 %
 *   080803  1,000,000  1,100,000  550,000  50.0 %
 *   080804    800,000    800,000  560,000  70.0 %  (rubro 18: devengado 560,000)
 *   080805          0    500,000  200,000  40.0 %
 */
const LINES: Line[] = [
  { ubigeo: '080801', kind: 2, product: '2100001', rubro: '18', pia: 1_000_000n, pim: 1_500_000n, devengado: 100_000n },
  { ubigeo: '080801', kind: 2, product: '2100002', rubro: '18', pia: 200_000n, pim: 200_000n, devengado: 0n },
  { ubigeo: '080801', kind: 3, product: '3000001', rubro: '00', pia: 500_000n, pim: 500_000n, devengado: 400_000n },
  { ubigeo: '080802', kind: 3, product: '3000001', rubro: '00', pia: 1_000_000n, pim: 1_000_000n, devengado: 600_000n },
  { ubigeo: '080803', kind: 3, product: '3000001', rubro: '00', pia: 1_000_000n, pim: 1_100_000n, devengado: 550_000n },
  { ubigeo: '080804', kind: 3, product: '3000001', rubro: '18', pia: 800_000n, pim: 800_000n, devengado: 560_000n },
  { ubigeo: '080805', kind: 3, product: '3000001', rubro: '00', pia: 0n, pim: 500_000n, devengado: 200_000n },
];
/** Rubro-18 transfers of 2024 (whole soles). */
const CANON: Record<string, bigint> = { '080801': 1_000_000n, '080802': 500_000n, '080804': 1_000_000n };

function gastoCsv(lines: Line[]): Buffer {
  const rows = lines.map((l, i) =>
    [
      2024,
      7,
      'M',
      300100 + i,
      `MUNICIPALIDAD ${l.ubigeo}`,
      l.ubigeo.slice(0, 2),
      l.ubigeo.slice(2, 4),
      l.ubigeo.slice(4),
      l.kind,
      l.product,
      `"OBRA ${l.product}"`,
      '15',
      'TRANSPORTE',
      '033',
      'TRANSPORTE TERRESTRE',
      '0066',
      'VIAS VECINALES',
      l.rubro === '18' ? '5' : '1',
      'FUENTE',
      l.rubro,
      `RUBRO ${l.rubro}`,
      `${l.pia}.00`,
      `${l.pim}.00`,
      '0',
      '0',
      `${l.devengado}.00`,
      '0',
    ].join(','),
  );
  return Buffer.from([HEADER, ...rows].join('\n'));
}
const canonCsv = () =>
  Buffer.from(['ubigeo,anio,corte,rubro18_recaudado_total', ...Object.entries(CANON).map(([u, amount]) => `${u},2024,diciembre,${amount}`)].join('\n'));

/** Sums of one municipality's lines, computed from the fixture. */
function totals(ubigeo: string, rubro?: string) {
  const of = LINES.filter((l) => l.ubigeo === ubigeo && (rubro === undefined || l.rubro === rubro));
  const sum = (f: 'pia' | 'pim' | 'devengado') => of.reduce((s, l) => s + l[f], 0n);
  return { pia: sum('pia'), pim: sum('pim'), devengado: sum('devengado') };
}
/** a ÷ b × 100 with one decimal, half up, from whole numbers: the way the service writes a rate. */
const pct = (a: bigint, b: bigint) => Number((a * 2000n + b) / (2n * b)) / 10;
const soles = (n: bigint) => `${n}.00`;

const ALL_RULES = [
  { kind: 'canon_utilisation', belowPct: 50, byMonth: 6 },
  { kind: 'execution_below_peers', points: 10 },
  { kind: 'pia_project_without_devengado', byMonth: 6 },
  { kind: 'pim_over_pia', overPct: 20 },
  { kind: 'new_figures' },
];

interface Alert {
  rule: { kind: string };
  place: { ubigeo: string };
  period: string;
  figures: Record<string, string | number>;
  message: string;
}

describe('alerts after imports', () => {
  let t: TestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
    auditor = (await t.post('/api/v1/keys').send({ name: 'Auditor', role: 'auditor' }).expect(201)).body.key;
  });
  afterAll(() => t.close());

  const alerts = async (key: string, query = '') =>
    (await request(t.http).get(`/api/v1/alerts?limit=2000${query}`).set('X-API-Key', key).expect(200)).body as { total: number; items: Alert[] };

  it('fire once after an import, and not again after a re-import of the same file or of the same figures', async () => {
    const created = await request(t.http)
      .post('/api/v1/subscriptions')
      .set('X-API-Key', auditor)
      .send({ name: 'Espinar', places: ['0808'], rules: ALL_RULES })
      .expect(201);
    expect(created.body.secret).toMatch(/^[0-9a-f]{64}$/);
    await t.post('/api/v1/imports').attach('file', canonCsv(), 'canon.csv').expect(201);
    await t.post('/api/v1/imports').field('snapshotDate', '2024-07-31').attach('file', gastoCsv(LINES), 'gasto.csv').expect(201);

    const first = await alerts(auditor);
    const by = (kind: string) =>
      first.items
        .filter((a) => a.rule.kind === kind)
        .map((a) => [a.place.ubigeo, a.figures])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || JSON.stringify(a[1]).localeCompare(JSON.stringify(b[1])));

    // canon: only 080801 and 080804 have rubro-18 lines; 080801 spent 100,000 of 1,000,000 = 10.0 % (< 50), 080804 560,000 of 1,000,000 = 56.0 %
    const r18 = totals('080801', '18');
    expect(by('canon_utilisation')).toEqual([
      ['080801', { year: 2024, transferred: soles(CANON['080801']), devengado: soles(r18.devengado), utilisationPct: pct(r18.devengado, CANON['080801']) }],
    ]);
    expect(pct(r18.devengado, CANON['080801'])).toBe(10);
    expect(pct(totals('080804', '18').devengado, CANON['080804'])).toBe(56);

    // PIM over PIA: 080801 (2,200,000 − 1,700,000) ÷ 1,700,000 = 29.4 % > 20; 080803 is 10.0 %; 080805 has no PIA
    const t1 = totals('080801');
    expect(by('pim_over_pia')).toEqual([['080801', { year: 2024, pia: soles(t1.pia), pim: soles(t1.pim), overPct: pct(t1.pim - t1.pia, t1.pia) }]]);
    expect(pct(t1.pim - t1.pia, t1.pia)).toBe(29.4);

    // a project with PIA and nothing spent by July (month 7 ≥ 6)
    expect(by('pia_project_without_devengado')).toEqual([
      ['080801', { year: 2024, cui: '2100002', name: 'OBRA 2100002', pia: '200000.00', pim: '200000.00', devengado: '0.00' }],
    ]);

    // peers: rates 22.7, 60.0, 50.0, 70.0, 40.0. 080801 against 40, 50, 60, 70: median 55.0, 32.3 points under (> 10);
    // 080805 against 22.7, 50, 60, 70: median 55.0, 15.0 under; 080803 against 22.7, 40, 60, 70: median 50.0, 0 under
    const rates = ['080801', '080802', '080803', '080804', '080805'].map((u) => pct(totals(u).devengado, totals(u).pim));
    expect(rates).toEqual([22.7, 60, 50, 70, 40]);
    expect(by('execution_below_peers')).toEqual([
      ['080801', { year: 2024, executionPct: 22.7, peerMedianPct: 55, gapPoints: 32.3, peers: 4 }],
      ['080805', { year: 2024, executionPct: 40, peerMedianPct: 55, gapPoints: 15, peers: 4 }],
    ]);

    // new figures: three canon transfers, then five budgets
    const budgetFigures = ['080801', '080802', '080803', '080804', '080805'].map((u) => {
      const s = totals(u);
      return [u, { year: 2024, dataset: 'budget', pia: soles(s.pia), pim: soles(s.pim), devengado: soles(s.devengado) }];
    });
    const canonFigures = Object.entries(CANON).map(([u, amount]) => [u, { year: 2024, dataset: 'canon', transferred: soles(amount) }]);
    expect(by('new_figures')).toEqual(
      [...budgetFigures, ...canonFigures].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || JSON.stringify(a[1]).localeCompare(JSON.stringify(b[1]))),
    );
    expect(first.total).toBe(1 + 1 + 1 + 2 + 8);

    // Spanish first, English when asked
    const canonAlert = first.items.find((a) => a.rule.kind === 'canon_utilisation')!;
    expect(canonAlert.message).toBe(
      'En 2024, Espinar devengó el 10 % del canon transferido (S/ 100,000 de S/ 1,000,000), por debajo del 50 % esperado al mes 6.',
    );
    const english = (await request(t.http).get('/api/v1/alerts?rule=canon_utilisation&lang=en').set('X-API-Key', auditor).expect(200)).body.items[0];
    expect(english.message).toBe(
      'In 2024, Espinar spent (devengado) 10 % of the canon transferred (S/ 100,000 of S/ 1,000,000), under the 50 % expected by month 6.',
    );

    // the same file again: the import that holds it is answered, nothing fires
    await t.post('/api/v1/imports').field('snapshotDate', '2024-07-31').attach('file', gastoCsv(LINES), 'gasto.csv').expect(200);
    // the same figures in another file (one more line break): a new import, evaluated, and nothing fires
    const again = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2024-07-31')
      .attach('file', Buffer.concat([gastoCsv(LINES), Buffer.from('\n')]), 'gasto-copia.csv')
      .expect(201);
    expect(await t.sql('SELECT fired FROM alert_evaluation WHERE import_id = $1', [again.body.id])).toEqual([{ fired: 0 }]);
    expect((await alerts(auditor)).total).toBe(first.total);

    // filters: place (any level), rule, since
    expect((await alerts(auditor, '&place=080805')).items.map((a) => a.rule.kind).sort()).toEqual(['execution_below_peers', 'new_figures']);
    expect((await alerts(auditor, '&place=08&rule=pim_over_pia')).total).toBe(1);
    expect((await alerts(auditor, '&place=0801')).total).toBe(0); // Cusco province: none of them
    expect((await alerts(auditor, `&since=${new Date(Date.now() + 60_000).toISOString()}`)).total).toBe(0);
    const bad = await request(t.http).get('/api/v1/alerts?since=yesterday').set('X-API-Key', auditor).expect(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
  });

  it('refuses rules without their parameters or with others, unknown places, and changes nothing', async () => {
    const post = (body: object) => request(t.http).post('/api/v1/subscriptions').set('X-API-Key', auditor).send(body).expect(400);
    const kept = await request(t.http)
      .post('/api/v1/subscriptions')
      .set('X-API-Key', auditor)
      .send({ name: 'x y z', places: ['08'], rules: [{ kind: 'new_figures' }] })
      .expect(201);
    const before = await t.sql('SELECT count(*)::int AS n, array_agg(rules::text) AS rules FROM alert_subscription');
    // an (empty) array where a rule goes passed the nested validation and failed in the service: a 500, when created or replaced
    expect((await post({ name: 'x y z', places: ['08'], rules: [[]] })).body.code).toBe('INVALID_REQUEST');
    expect((await post({ name: 'x y z', places: ['08'], rules: [{ kind: 'new_figures' }, []] })).body.code).toBe('INVALID_REQUEST');
    const replaced = await request(t.http)
      .put(`/api/v1/subscriptions/${kept.body.id}`)
      .set('X-API-Key', auditor)
      .send({ name: 'x y z', places: ['08'], rules: [[]] })
      .expect(400);
    expect(replaced.body.code).toBe('INVALID_REQUEST');
    expect((await post({ name: 'x y z', places: ['08'], rules: [{ kind: 'canon_utilisation', byMonth: 6 }] })).body).toMatchObject({
      code: 'INVALID_ALERT_RULE',
      message: 'La regla canon_utilisation necesita belowPct, un número de 0 a 100 con un decimal como máximo.',
    });
    expect((await post({ name: 'x y z', places: ['08'], rules: [{ kind: 'pim_over_pia', overPct: 10, byMonth: 3 }] })).body.code).toBe('INVALID_ALERT_RULE');
    expect((await post({ name: 'x y z', places: ['08'], rules: [{ kind: 'pia_project_without_devengado', byMonth: 6.5 }] })).body.code).toBe(
      'INVALID_ALERT_RULE',
    );
    expect((await post({ name: 'x y z', places: ['08'], rules: [{ kind: 'new_figures' }, { kind: 'new_figures' }] })).body.code).toBe('INVALID_ALERT_RULE');
    expect((await post({ name: 'x y z', places: ['99', '0808'], rules: [{ kind: 'new_figures' }] })).body.code).toBe('INVALID_PLACES');
    expect((await post({ name: 'x y z', places: ['08'], rules: [{ kind: 'commitment_someday' }] })).body.code).toBe('INVALID_REQUEST');
    expect(await t.sql('SELECT count(*)::int AS n, array_agg(rules::text) AS rules FROM alert_subscription')).toEqual(before);
  });
});

describe('subscriptions belong to their key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('another key can neither see nor edit nor delete one, nor read its alerts or deliveries', async () => {
    const keyOf = async (name: string, role: string, municipalities?: string[]) =>
      (await t.post('/api/v1/keys').send({ name, role, municipalities }).expect(201)).body.key as string;
    const owner = await keyOf('Owner', 'planner', ['080801']);
    const other = await keyOf('Other', 'auditor');
    const body = { name: 'Mine', places: ['080801'], rules: [{ kind: 'new_figures' }] };
    const { id } = (await request(t.http).post('/api/v1/subscriptions').set('X-API-Key', owner).send(body).expect(201)).body;
    await t.post('/api/v1/imports').field('snapshotDate', '2024-07-31').attach('file', gastoCsv(LINES), 'gasto.csv').expect(201);

    const as = (key: string) => ({
      get: (url: string) => request(t.http).get(url).set('X-API-Key', key),
      put: (url: string) => request(t.http).put(url).set('X-API-Key', key),
      delete: (url: string) => request(t.http).delete(url).set('X-API-Key', key),
    });
    expect((await as(other).get(`/api/v1/subscriptions/${id}`).expect(404)).body.code).toBe('SUBSCRIPTION_NOT_FOUND');
    expect(
      (
        await as(other)
          .put(`/api/v1/subscriptions/${id}`)
          .send({ ...body, name: 'Taken' })
          .expect(404)
      ).body.code,
    ).toBe('SUBSCRIPTION_NOT_FOUND');
    await as(other).delete(`/api/v1/subscriptions/${id}`).expect(404);
    await as(other).get(`/api/v1/subscriptions/${id}/deliveries`).expect(404);
    expect((await as(other).get('/api/v1/subscriptions').expect(200)).body).toEqual([]);
    expect((await as(other).get('/api/v1/alerts').expect(200)).body.total).toBe(0);
    // nor the admin, and not without a key
    await as(t.adminKey).get(`/api/v1/subscriptions/${id}`).expect(404);
    expect((await request(t.http).get('/api/v1/alerts').expect(401)).body.code).toBe('API_KEY_REQUIRED');

    const mine = (await as(owner).get(`/api/v1/subscriptions/${id}`).expect(200)).body;
    expect([mine.name, mine.places, mine.rules, mine.webhookUrl]).toEqual(['Mine', ['080801'], [{ kind: 'new_figures' }], null]);
    expect(mine.secret).toBeUndefined(); // shown once, at creation
    expect((await as(owner).get('/api/v1/alerts').expect(200)).body.items.map((a: Alert) => [a.place.ubigeo, a.figures.pim])).toEqual([
      ['080801', soles(totals('080801').pim)],
    ]);
    await as(owner)
      .put(`/api/v1/subscriptions/${id}`)
      .send({ ...body, name: 'Renamed' })
      .expect(200);
    await as(owner).delete(`/api/v1/subscriptions/${id}`).expect(204);
    expect((await as(owner).get('/api/v1/subscriptions').expect(200)).body).toEqual([]);
    expect(await t.sql('SELECT count(*)::int AS n FROM alert')).toEqual([{ n: 0 }]);
  });

  it('refuses a webhook URL that resolves to a private, loopback or link-local address, and stores nothing', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/x',
      'https://192.168.0.10/x',
    ]) {
      const res = await t
        .post('/api/v1/subscriptions')
        .send({ name: 'Hook', places: ['08'], rules: [{ kind: 'new_figures' }], webhookUrl: url })
        .expect(400);
      expect([url, res.body.code]).toEqual([url, 'WEBHOOK_URL_REFUSED']);
      expect(res.body.message).toMatch(/una dirección privada, de loopback o link-local/);
    }
    const invalid = await t
      .post('/api/v1/subscriptions')
      .send({ name: 'Hook', places: ['08'], rules: [{ kind: 'new_figures' }], webhookUrl: 'ftp://example.org/x' })
      .expect(400);
    expect(invalid.body.code).toBe('WEBHOOK_URL_INVALID');
    expect(await t.sql('SELECT count(*)::int AS n FROM alert_subscription')).toEqual([{ n: 0 }]);
  });
});

describe('webhooks', () => {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  let answers: number[] = [];
  let receiver: Server;
  let url: string;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = answers.shift() ?? 200;
        res.end('ok');
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((done) => receiver.close(() => done())));

  it('retries a receiver that fails twice, across a restart, with the same delivery id and a valid signature; never again after its 2xx', async () => {
    const settings = { webhookAllowPrivate: true, webhookRetryBaseMs: 60_000 };
    let t = await createTestApp(settings);
    const databaseUrl = t.databaseUrl;
    try {
      const sub = (
        await t
          .post('/api/v1/subscriptions')
          .send({ name: 'Regional system', places: ['080801'], rules: [{ kind: 'pim_over_pia', overPct: 20 }], webhookUrl: url })
          .expect(201)
      ).body;
      await t.post('/api/v1/imports').field('snapshotDate', '2024-07-31').attach('file', gastoCsv(LINES), 'gasto.csv').expect(201);
      answers = [500, 503];
      const t0 = new Date(Date.now() + 1000);
      const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

      expect(await t.app.get(WebhookWorker).runDue(t0)).toBe(1); // attempt 1: 500, due again a minute later
      expect(await t.app.get(WebhookWorker).runDue(at(59))).toBe(0);
      expect(await t.app.get(WebhookWorker).runDue(at(60))).toBe(1); // attempt 2: 503, due again two minutes later
      expect(received).toHaveLength(2);

      // a restart: a new process on the same database
      await t.close();
      t = await createTestApp({ ...settings, databaseUrl });
      expect(await t.app.get(WebhookWorker).runDue(at(60 + 119))).toBe(0);
      expect(await t.app.get(WebhookWorker).runDue(at(60 + 120))).toBe(1); // attempt 3: 200
      expect(await t.app.get(WebhookWorker).runDue(at(10 * 86_400))).toBe(0);
      expect(received).toHaveLength(3);

      const ids = received.map((r) => r.headers['x-canon-delivery']);
      expect(new Set(ids).size).toBe(1);
      for (const r of received) {
        const expected = `sha256=${createHmac('sha256', sub.secret).update(r.body).digest('hex')}`;
        expect(r.headers['x-canon-signature-256']).toBe(expected);
        expect(JSON.parse(r.body).deliveryId).toBe(ids[0]);
      }
      expect(received.map((r) => r.headers['x-canon-attempt'])).toEqual(['1', '2', '3']);
      expect(received.map((r) => r.body)).toEqual([received[0].body, received[0].body, received[0].body]);
      const payload = JSON.parse(received[0].body);
      const t1 = totals('080801');
      expect([payload.event, payload.subscription, payload.alert.place, payload.alert.figures]).toEqual([
        'alert.fired',
        { id: sub.id, name: 'Regional system' },
        { ubigeo: '080801', name: 'Espinar' },
        { year: 2024, pia: soles(t1.pia), pim: soles(t1.pim), overPct: 29.4 },
      ]);

      // the log: one delivery, three attempts
      const log = (await request(t.http).get(`/api/v1/subscriptions/${sub.id}/deliveries`).set('X-API-Key', t.adminKey).expect(200)).body;
      expect(log.items.map((d: { id: string; status: string; attempts: number }) => [d.id, d.status, d.attempts])).toEqual([[ids[0], 'delivered', 3]]);
      expect(log.items[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 200]);

      // a replay is a new delivery: sent once under its own id
      const replay = (await t.post(`/api/v1/subscriptions/${sub.id}/deliveries/${ids[0]}/replay`).expect(201)).body;
      expect([replay.replayOf, replay.status, replay.id === ids[0]]).toEqual([ids[0], 'pending', false]);
      expect(await t.app.get(WebhookWorker).runDue(at(11 * 86_400))).toBe(1);
      expect(await t.app.get(WebhookWorker).runDue(at(12 * 86_400))).toBe(0);
      expect(received.map((r) => r.headers['x-canon-delivery'])).toEqual([ids[0], ids[0], ids[0], replay.id]);
      expect(JSON.parse(received[3].body).deliveryId).toBe(replay.id);
      const missing = await t.post(`/api/v1/subscriptions/${sub.id}/deliveries/00000000-0000-4000-8000-000000000000/replay`).expect(404);
      expect(missing.body.code).toBe('DELIVERY_NOT_FOUND');
    } finally {
      await t.close();
    }
  });
});
