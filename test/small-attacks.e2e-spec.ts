import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashKey } from '../src/auth/api-keys.service.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { migrations } from '../src/database/migrations/index.js';
import { createDatabase, createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

/**
 * Small requests that answered 500 or stored junk (issue 13, item 5): out-of-range numbers and impossible
 * dates in query strings, path names that found Object.prototype, bodies nested thousands deep or not
 * JSON, control characters in an upload's name, and the admin key's first characters in the key list.
 * Each is a 400 (or the route's own 4xx) problem with a stable code, and writes nothing.
 */

const FIXTURE = 'test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv';
const TEMPLATE_HEADER =
  'Año,Ubigeo,Tipo,Código (CUI o actividad),Nombre del proyecto o actividad,Función,División funcional,Grupo funcional,Rubro,PIA,PIM,Certificación,Compromiso anual,Devengado,Girado,Área';
/** One more than PostgreSQL's integer holds (2^31 − 1 = 2,147,483,647). */
const PAST_INT4 = '2147483648';
/** Any control character: C0, DEL, C1. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

interface Parameter {
  name: string;
  in: string;
  schema?: { format?: string; maximum?: number };
}

describe('small attacks: each a 4xx problem that stores nothing', () => {
  let t: TestApp;
  /** Rows of every table these requests could write to. */
  const written = async () =>
    (
      await t.sql(
        `SELECT (SELECT count(*) FROM import)::int AS imports, (SELECT count(*) FROM budget_line)::int AS lines, (SELECT count(*) FROM classification_version)::int AS versions,
              (SELECT count(*) FROM api_key)::int AS keys, (SELECT count(*) FROM plan_priority)::int AS priorities, (SELECT count(*) FROM audit_event)::int AS events`,
      )
    )[0];
  const get = (url: string) => request(t.http).get(url).set('X-API-Key', TEST_ADMIN_KEY);
  /** Every (route, query parameter) of the committed API document that `pick` chooses; routes with a path parameter are left to their own tests. */
  const queryParameters = (pick: (p: Parameter) => boolean): [string, string][] =>
    Object.entries(t.document.paths).flatMap(([path, item]) =>
      path.includes('{')
        ? []
        : ((item.get?.parameters ?? []) as Parameter[]).filter((p) => p.in === 'query' && pick(p)).map((p): [string, string] => [path, p.name]),
    );

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a year past 2100 (such as 2^31) in every year parameter, naming it, before any SQL', async () => {
    const years = queryParameters((p) => ['year', 'fromYear', 'toYear'].includes(p.name));
    // the sweep reads the document, so that a year parameter added later is covered; these must be among them
    expect(years).toEqual(
      expect.arrayContaining([
        ['/api/v1/execution', 'fromYear'],
        ['/api/v1/execution/ranking', 'year'],
        ['/api/v1/analytics/canon', 'toYear'],
        ['/api/v1/reports/audit.csv', 'year'],
        ['/api/v1/imports/template.xlsx', 'year'],
      ]),
    );
    expect(years.length).toBeGreaterThanOrEqual(30);
    const before = await written();
    for (const [path, name] of years) {
      const res = await get(`${path}?${name}=${PAST_INT4}`);
      expect([path, name, res.status, res.body.code]).toEqual([path, name, 400, 'INVALID_REQUEST']);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.details).toContain(`${name} no puede ser mayor que 2100`); // YearParam: 1999 (the first SIAF year) to 2100; Spanish by default
    }
    // the analysis named in the path takes the same parameters
    const csv = await get(`/api/v1/analytics/dimensions.csv?year=${PAST_INT4}`).expect(400);
    expect(csv.body).toMatchObject({ code: 'INVALID_REQUEST', details: ['year no puede ser mayor que 2100'] });
    // in English when asked
    const english = await get(`/api/v1/analytics/dimensions.csv?year=${PAST_INT4}`).set('Accept-Language', 'en').expect(400);
    expect(english.body.details).toEqual(['year must not be greater than 2100']);
    expect(await written()).toEqual(before);
  });

  it('reads a whole-number parameter only as decimal digits: 0x7E8, 2e3, +2024, 2024.0, a space, an empty value or two values are refused', async () => {
    const numbers = queryParameters(
      (p) => (p.schema as { type?: string } | undefined)?.type === 'integer' || (p.schema as { type?: string } | undefined)?.type === 'number',
    );
    expect(numbers).toEqual(
      expect.arrayContaining([
        ['/api/v1/execution', 'year'],
        ['/api/v1/audit', 'limit'],
        ['/api/v1/audit', 'actor'],
      ]),
    );
    for (const [path, name] of numbers) {
      // each parameter's own good value is 2024 or 1 (an id, a page size) or 0 (an offset): none of these spellings of them is taken
      for (const odd of ['0x7E8', '0b1', '2e3', '1e0', '%2B2024', '%2B1', '2024.0', '1.0', '%092024', '%20%201', '', '1%20']) {
        const res = await get(`${path}?${name}=${odd}`);
        expect([path, name, odd, res.status, res.body.code]).toEqual([path, name, odd, 400, 'INVALID_REQUEST']);
        // refused for this parameter, not for another the route needs
        expect([path, name, odd, (res.body.details as string[]).some((d) => d.startsWith(`${name} debe ser un número entero`))]).toEqual([
          path,
          name,
          odd,
          true,
        ]);
      }
      const twice = await get(`${path}?${name}=1&${name}=1`);
      expect([path, name, twice.status, (twice.body.details as string[]).some((d) => d.startsWith(`${name} debe ser un número entero`))]).toEqual([
        path,
        name,
        400,
        true,
      ]);
    }
    // the plain spelling is read (the ranking needs a year)
    await get('/api/v1/execution/ranking?year=2024&limit=10&offset=0').expect(200);
  });

  it("answers what Node's parser refuses (headers over 16 KB, a malformed request line) as problem+json, not a bare status line", async () => {
    const { port } = (t.http.listening ? t.http : t.http.listen(0)).address() as AddressInfo;
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(text));
        let answer = '';
        socket.on('data', (d) => (answer += d.toString('utf8')));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    const long = await raw(`GET /api/v1/municipalities?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const [head, body] = long.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('16 KB') });
    const malformed = await raw('GARBAGE\r\n\r\n');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(malformed.split('\r\n\r\n')[1])).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('refuses an id past PostgreSQL integer (a rules version, an audit actor, a key to revoke): PostgreSQL never sees it', async () => {
    const ids = queryParameters((p) => p.schema?.maximum === 2_147_483_647);
    expect(ids).toEqual(
      expect.arrayContaining([
        ['/api/v1/classification/rules', 'version'],
        ['/api/v1/analytics/dimensions', 'version'],
        ['/api/v1/analytics/plan-alignment', 'version'],
        ['/api/v1/audit', 'actor'],
      ]),
    );
    const before = await written();
    for (const [path, name] of ids) {
      const res = await get(`${path}?${name}=${PAST_INT4}`);
      expect([path, name, res.status, res.body.code]).toEqual([path, name, 400, 'INVALID_REQUEST']);
      expect(res.body.details).toContain(`${name} no puede ser mayor que 2147483647`);
    }
    // a path id: as for imports, an id no row can have is no row (404), not a failed query
    const revoked = await t.delete(`/api/v1/keys/${PAST_INT4}`).expect(404);
    expect(revoked.body.code).toBe('KEY_NOT_FOUND');
    // one that is not a number is a 400 naming it, on every route with an id in its path (a bare BAD_REQUEST before)
    const routes: ['get' | 'delete' | 'patch', string][] = [
      ['get', '/api/v1/imports/abc'],
      // not ids either, though a number would read them as 10 or 12 (key 10 was revoked by /keys/0x0A)
      ['delete', '/api/v1/keys/0x0A'],
      ['get', '/api/v1/imports/1e1'],
      ['get', '/api/v1/imports/12.0'],
      ['get', '/api/v1/imports/%20'],
      ['get', '/api/v1/imports/x1/errors.csv'],
      ['delete', '/api/v1/keys/abc'],
      ['patch', '/api/v1/commitments/abc'],
      ['delete', '/api/v1/commitments/-1'],
      ['get', '/api/v1/subscriptions/abc'],
      ['delete', '/api/v1/subscriptions/1.5'],
    ];
    for (const [method, url] of routes) {
      const res = await request(t.http)[method](url).set('X-API-Key', TEST_ADMIN_KEY).send({});
      expect([url, res.status, res.body.code, res.body.details]).toEqual([url, 400, 'INVALID_REQUEST', ['id debe ser un número entero (un id), como 12']]);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a date that is not on the calendar (2025-02-30) or outside 1900-2100 in every date parameter, naming it', async () => {
    const dates = queryParameters((p) => p.schema?.format === 'date');
    expect(dates).toEqual(
      expect.arrayContaining([
        ['/api/v1/analytics/dimensions', 'snapshot'],
        ['/api/v1/reports/audit.xlsx', 'snapshot'],
        ['/api/v1/audit', 'from'],
        ['/api/v1/audit', 'to'],
      ]),
    );
    expect(dates.length).toBeGreaterThanOrEqual(10);
    const before = await written();
    for (const [path, name] of dates) {
      // February 2025 has 28 days; April 30; there is no month 13; PostgreSQL has no year 0
      for (const day of ['2025-02-30', '2025-02-29', '2025-04-31', '2025-13-01', '0000-01-01', '2101-01-01']) {
        const res = await get(`${path}?${name}=${day}`);
        expect([path, name, day, res.status, res.body.code]).toEqual([path, name, day, 400, 'INVALID_REQUEST']);
        expect(res.body.details).toEqual([`${name} debe ser una fecha real del calendario, AAAA-MM-DD, del 1900-01-01 al 2100-12-31, como 2025-02-13`]);
      }
    }
    await get('/api/v1/analytics/canon.csv?snapshot=2025-02-30').expect(400);
    // and in a moment (date-time) parameter: Date.parse takes 2025-02-30 for March 2nd, PostgreSQL refused it (a 500)
    for (const since of ['2025-02-30', '2025-02-30T10:00:00Z', '2025-04-31T00:00Z']) {
      const res = await get(`/api/v1/alerts?since=${encodeURIComponent(since)}`);
      expect([since, res.status, res.body.code]).toEqual([since, 400, 'INVALID_REQUEST']);
    }
    await get('/api/v1/alerts?since=2024-02-29T23:59:59Z').expect(200);
    // a real day is taken: 2024 was a leap year
    await get('/api/v1/analytics/canon?snapshot=2024-02-29').expect(200);
    await get('/api/v1/audit?from=2024-02-29&to=2024-03-01').expect(200);
    expect(await written()).toEqual(before);
  });

  it('refuses a NUL (%00) in any query parameter, naming it, before any SQL (a search for %00 answered 500)', async () => {
    const parameters = queryParameters(() => true);
    expect(parameters).toEqual(expect.arrayContaining([['/api/v1/municipalities', 'q']]));
    const before = await written();
    for (const [path, name] of parameters) {
      const res = await get(`${path}?${name}=a%00b`);
      expect([path, name, res.status, res.body.code]).toEqual([path, name, 400, 'INVALID_REQUEST']);
      expect(res.body.message).toContain(`parámetro ${name} `);
    }
    // a repeated parameter and one the route does not know are refused the same way; the web pages too
    expect((await get('/api/v1/projects?q=riego&q=%00')).status).toBe(400);
    expect((await get('/api/v1/municipalities?x%00=1')).body.code).toBe('INVALID_REQUEST');
    expect((await request(t.http).get('/lugar/0808?x=%00')).status).toBe(400);
    // an encoded lone surrogate is not one once decoded (U+FFFD): a search like any other
    await get('/api/v1/municipalities?q=%ED%A0%80').expect(200);
    // in a path parameter of every route that has one (the plan priorities of /municipalities/%00 answered 500)
    const templates = Object.keys(t.document.paths).filter((path) => path.includes('{'));
    expect(templates).toEqual(expect.arrayContaining(['/api/v1/municipalities/{ubigeo}/plan-priorities', '/api/v1/projects/{cui}']));
    for (const template of templates) {
      const url = template.replace(/\{\w+\}/g, 'a%00b');
      const res = await get(url);
      expect([url, res.status, res.body.code]).toEqual([url, 400, 'INVALID_REQUEST']);
      expect(res.body.message).toContain('parámetro path ');
    }
    // a path that cannot be decoded (a bare BAD_REQUEST before) says what is wrong with it
    for (const url of ['/api/v1/projects/%FF', '/api/v1/imports/%', '/api/v1/analytics/%E0%A4.csv', '/api/v1/municipalities/%/plan-priorities']) {
      const res = await get(url);
      expect([url, res.status, res.body.code]).toEqual([url, 400, 'INVALID_REQUEST']);
      expect(res.body.message).toMatch(/escape % mal formado/);
    }
    expect(await written()).toEqual(before);
  });

  it("refuses an upload's snapshotDate that is not on the calendar, and keeps nothing of the file", async () => {
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2025-02-30').attach('file', FIXTURE).expect(400);
    expect(res.body.code).toBe('INVALID_SNAPSHOT_DATE');
    expect((await written()).imports).toBe(0);
  });

  it('finds no analysis, table or code through Object.prototype: constructor, __proto__, toString, hasOwnProperty', async () => {
    const before = await written();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      // an unknown analysis is the route's documented 404, as /analytics/nothing.csv
      const csv = await get(`/api/v1/analytics/${name}.csv`);
      expect([name, csv.status, csv.body.code]).toEqual([name, 404, 'NOT_FOUND']);
      const table = await get(`/api/v1/reports/audit.csv?table=${name}`);
      expect([name, table.status, table.body.code]).toEqual([name, 400, 'INVALID_REQUEST']);
      for (const parameter of ['groupBy', 'sort', 'level']) {
        const res = await get(`/api/v1/execution?${parameter}=${name}`);
        expect([name, parameter, res.status, res.body.code]).toEqual([name, parameter, 400, 'INVALID_REQUEST']);
      }
    }
    expect(await written()).toEqual(before);

    // a planner's template whose Tipo or Área is such a word: a row error, not a 500 from the database
    for (const [kind, area, code] of [
      ['constructor', 'urbano', 'INVALID_KIND'],
      ['__proto__', 'rural', 'INVALID_KIND'],
      ['Proyecto', 'constructor', 'INVALID_AREA'],
      ['Proyecto', '__proto__', 'INVALID_AREA'],
    ]) {
      const file = `${TEMPLATE_HEADER}\n2024,080801,${kind},2000009,OBRA,15,033,0066,18,1,2,0,0,1,1,${area}`;
      const res = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', Buffer.from(file), 'plantilla.csv');
      expect([kind, area, res.status, res.body.code]).toEqual([kind, area, 422, 'IMPORT_REJECTED']);
      expect(res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([[2, code]]);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a JSON body nested deeper than 32 levels with BODY_TOO_DEEP, before any guard of the body or validation', async () => {
    const before = await written();
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const writes = [
      t.put('/api/v1/classification/rules'),
      t.post('/api/v1/keys'),
      t.put('/api/v1/municipalities/080801/plan-priorities'),
      t.put('/api/v1/projects/2000009/area'),
    ];
    for (const req of writes) {
      // 100,000 levels overflowed validation's recursion: a 500
      const res = await req.set('Content-Type', 'application/json').send(`{"note":"x","rules":${nested(100_000)}}`);
      expect([res.status, res.body.code]).toEqual([400, 'BODY_TOO_DEEP']);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    // the limit is exactly 32: the body is level 1, so "rules" may hold 31 levels and not 32
    const at = await t
      .put('/api/v1/classification/rules')
      .set('Content-Type', 'application/json')
      .send(`{"note":"x","rules":${nested(31)}}`);
    expect([at.status, at.body.code]).toEqual([400, 'INVALID_REQUEST']); // through to validation, which refuses it as rules
    const over = await t
      .put('/api/v1/classification/rules')
      .set('Content-Type', 'application/json')
      .send(`{"note":"x","rules":${nested(32)}}`);
    expect([over.status, over.body.code]).toEqual([400, 'BODY_TOO_DEEP']);
    // an array where a rule or a priority goes passed validation and failed in the service (a 500)
    for (const [req, body] of [
      [t.put('/api/v1/classification/rules'), '{"note":"x","rules":[[]]}'],
      [t.put('/api/v1/municipalities/080801/plan-priorities'), '{"plan":"x","priorities":[[]]}'],
    ] as const) {
      const res = await req.set('Content-Type', 'application/json').send(body);
      expect([body, res.status, res.body.code]).toEqual([body, 400, 'INVALID_REQUEST']);
    }
    const objects = await t
      .post('/api/v1/keys')
      .set('Content-Type', 'application/json')
      .send(`{"name":"deep","role":"auditor","x":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`);
    expect([objects.status, objects.body.code]).toEqual([400, 'BODY_TOO_DEEP']);
    expect(await written()).toEqual(before);
  });

  it('answers a body that is not JSON, or holds text PostgreSQL cannot store, with INVALID_JSON', async () => {
    const before = await written();
    const bodies = [
      '{"note":', // cut short
      '{note: "x"}',
      '"a string"', // JSON, but not an object or array
      '{"note":"\\ud800","rules":[]}', // a lone surrogate: the audit trail's jsonb refused it (a 500)
      '{"note":"a\\u0000b","rules":[]}', // NUL: no PostgreSQL text holds it
    ];
    for (const body of bodies) {
      const res = await t.put('/api/v1/classification/rules').set('Content-Type', 'application/json').send(body);
      expect([body, res.status, res.body.code]).toEqual([body, 400, 'INVALID_JSON']);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.message).not.toMatch(/Unexpected|position|token/); // not the parser's own words
    }
    expect(await written()).toEqual(before);
    // a character past U+FFFF (a surrogate pair) is text like any other
    const emoji = await t
      .put('/api/v1/classification/rules')
      .set('Content-Type', 'application/json')
      .send('{"note":"ok \\ud83d\\ude00","rules":[]}')
      .expect(200);
    expect(emoji.body.note).toBe('ok \u{1F600}');
  });

  it("strips control characters from an upload's name before it is stored or answered (%0D%0A included)", async () => {
    // multer turns %0D%0A back into CR LF; a tab and NEL (U+0085, a C1 line break) are sent as they are
    const sent = 'gasto%0D%0AINFO forged\tline\u0085.csv';
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', readFileSync(FIXTURE), sent).expect(201);
    const expected = 'gastoINFO forgedline.csv';
    expect(res.body.fileName).toBe(expected);
    const read = await get(`/api/v1/imports/${res.body.id}`).expect(200);
    expect(read.body.fileName).toBe(expected);
    const [row] = await t.sql<{ file_name: string }>('SELECT file_name FROM import WHERE id = $1', [res.body.id]);
    expect(row.file_name).toBe(expected);
    const [event] = await t.sql<{ after: { fileName: string } }>(`SELECT after FROM audit_event WHERE action = 'import' AND subject = $1`, [
      String(res.body.id),
    ]);
    expect(event.after.fileName).toBe(expected);
    for (const name of [res.body.fileName, read.body.fileName, row.file_name, event.after.fileName]) expect(name).not.toMatch(CONTROL);
    // raw ESC, DEL or NUL in the part's header: the multipart parser refuses the upload, and nothing is kept
    const imports = (await written()).imports;
    for (const raw of ['a\u001bb.csv', 'a\u007fb.csv', 'a\u0000b.csv']) {
      const refused = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', readFileSync(FIXTURE), raw);
      expect([refused.status, refused.body.code]).toEqual([400, 'MALFORMED_UPLOAD']);
    }
    expect((await written()).imports).toBe(imports);
  });

  it('says what to send when an upload has two files, its file in another field, too many fields or one too long, and keeps nothing', async () => {
    const before = await written();
    const file = readFileSync(FIXTURE);
    const upload = () => t.post('/api/v1/imports').field('snapshotDate', '2026-10-31');
    const cases: [string, request.Test, RegExp][] = [
      ['two files', upload().attach('file', file, 'a.csv').attach('file', file, 'b.csv'), /un solo archivo, en el campo multipart "file"/],
      ['its file in another field', upload().attach('upload', file, 'a.csv'), /un solo archivo, en el campo multipart "file"/],
      ['a second file in another field', upload().attach('file', file, 'a.csv').attach('other', file, 'b.csv'), /un solo archivo/],
      [
        'too many fields',
        Array.from({ length: 12 }, (_, i) => i)
          .reduce((r, i) => r.field(`f${i}`, '1'), upload())
          .attach('file', file, 'a.csv'),
        /más campos/,
      ],
      ['a field too long', upload().field('format', 'x'.repeat(2_000)).attach('file', file, 'a.csv'), /pasa de 1\.024 caracteres/],
    ];
    for (const [name, sent, says] of cases) {
      const res = await sent;
      expect([name, res.status, res.body.code]).toEqual([name, 400, 'MALFORMED_UPLOAD']);
      expect(res.body.message).toMatch(says);
    }
    // in English on request
    const english = await upload().set('Accept-Language', 'en').attach('file', file, 'a.csv').attach('file', file, 'b.csv');
    expect(english.body.message).toBe('Send one file, in the multipart field "file" (the upload holds more than one, or one in another field).');
    expect(await written()).toEqual(before);
  });

  it('lists keys by their id, never by the first characters of the key', async () => {
    const made = await t.post('/api/v1/keys').send({ name: 'Auditor', role: 'auditor' }).expect(201);
    expect(made.body.keyId).toBe(`key:${made.body.id}`);
    const list = await get('/api/v1/keys').expect(200);
    expect(list.body.map((k: { keyId: string; role: string }) => [k.keyId, k.role])).toEqual([
      ['key:1', 'admin'],
      [`key:${made.body.id}`, 'auditor'],
    ]);
    for (const key of list.body) expect(key).not.toHaveProperty('prefix');
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(TEST_ADMIN_KEY.slice(0, 8)); // 'test-adm': the admin key chosen by a person
    expect(text).not.toContain(made.body.key.slice(4, 8)); // past "ctk_", the key's own characters
    const [created] = await t.sql(`SELECT after FROM audit_event WHERE action = 'key_created' AND subject = $1`, [String(made.body.id)]);
    expect(created.after).toEqual({ id: made.body.id, name: 'Auditor', role: 'auditor', municipalities: [] });
    expect(await t.sql(`SELECT column_name FROM information_schema.columns WHERE table_name = 'api_key' AND column_name = 'prefix'`)).toEqual([]);
  });

  it('refuses __proto__, constructor and prototype in a body, which validation never saw (any other unknown property was already a 400)', async () => {
    const before = await written();
    const bodies: [request.Test, string, string][] = [
      [t.post('/api/v1/keys'), '{"name":"proto","role":"auditor","__proto__":{"role":"admin"}}', '__proto__'],
      [t.post('/api/v1/keys'), '{"name":"ctor","role":"auditor","constructor":{"prototype":{}}}', 'constructor'],
      [t.put('/api/v1/classification/rules'), '{"note":"x","rules":[{"level":"function","code":"20","dimension":"equal_rights","prototype":1}]}', 'prototype'],
    ];
    for (const [req, body, key] of bodies) {
      const res = await req.set('Content-Type', 'application/json').send(body);
      expect([key, res.status, res.body.code]).toEqual([key, 400, 'INVALID_JSON']);
      expect(res.body.message).toBe(`El cuerpo trae la propiedad ${key}, que ninguna solicitud admite.`);
    }
    expect(await written()).toEqual(before);
  });

  it('answers a JSON body over 1 MB with 413 BODY_TOO_LARGE, not the upload limit', async () => {
    const before = await written();
    // 1 MB is 1,048,576 bytes: a name of 1,100,000 characters is over it, whatever else the body holds
    const res = await t.post('/api/v1/keys').send({ name: 'x'.repeat(1_100_000), role: 'auditor' });
    expect([res.status, res.body.code]).toEqual([413, 'BODY_TOO_LARGE']);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.message).toMatch(/^El cuerpo JSON supera 1 MB/);
    expect(await written()).toEqual(before);
    // and the contract says so wherever a JSON body is taken
    const documented = Object.values(t.document.paths).flatMap((item) =>
      (['post', 'put', 'patch'] as const).flatMap((m) => {
        const operation = item[m] as { requestBody?: { content?: Record<string, unknown> }; responses: Record<string, { description?: string }> } | undefined;
        return operation?.requestBody?.content?.['application/json'] ? [operation.responses['413']?.description ?? 'none'] : [];
      }),
    );
    expect(documented.length).toBeGreaterThanOrEqual(8); // keys, subscriptions (2), rules, priorities, area, dimension, producing districts, commitments…
    for (const description of documented) expect(description).toMatch(/BODY_TOO_LARGE/);
  });

  it('refuses names, reasons and notes made only of spaces, or holding control characters; tabs and line breaks are text', async () => {
    const before = await written();
    const cases: [request.Test, object, string][] = [
      [t.post('/api/v1/keys'), { name: '     ', role: 'auditor' }, 'name debe tener al menos un carácter visible, no solo espacios'],
      // zero-width spaces (format characters) show nothing either
      [t.post('/api/v1/keys'), { name: '\u200b\u200b\u200b', role: 'auditor' }, 'name debe tener al menos un carácter visible, no solo espacios'],
      [
        t.post('/api/v1/keys'),
        { name: 'Auditor\u0007\u001b[2J', role: 'auditor' },
        'name no puede tener caracteres de control (las tabulaciones y los saltos de línea sí)',
      ],
      [t.put('/api/v1/projects/2000009/area'), { area: 'rural', reason: ' \n\t ' }, 'reason debe tener al menos un carácter visible, no solo espacios'],
      [
        t.put('/api/v1/classification/rules'),
        { note: 'v2\u0085', rules: [] },
        'note no puede tener caracteres de control (las tabulaciones y los saltos de línea sí)',
      ],
    ];
    for (const [req, body, detail] of cases) {
      const res = await req.send(body);
      expect([detail, res.status, res.body.code]).toEqual([detail, 400, 'INVALID_REQUEST']);
      expect(res.body.details).toContain(detail);
    }
    expect(await written()).toEqual(before);
    // a name with a tab and accents is kept as sent, character for character
    const kept = await t.post('/api/v1/keys').send({ name: 'Oficina de\tPlaneamiento — Ñuñoa', role: 'auditor' }).expect(201);
    const [row] = await t.sql<{ name: string }>('SELECT name FROM api_key WHERE id = $1', [kept.body.id]);
    expect(row.name).toBe('Oficina de\tPlaneamiento — Ñuñoa');
  });

  it('answers a method a path does not take with 405 and the methods it does take (Allow), a path that does not exist with 404', async () => {
    const before = await written();
    // each path's methods, from the routes' controllers: execution is read-only, a key can only be revoked,
    // the rules are read and replaced, an import is read (its path shares the template's: both GET)
    const cases: [string, string, string][] = [
      ['delete', '/api/v1/execution?year=2024', 'GET, HEAD'],
      ['post', '/api/v1/execution/ranking', 'GET, HEAD'],
      ['get', '/api/v1/keys/1', 'DELETE'],
      ['patch', '/api/v1/classification/rules', 'GET, HEAD, PUT'],
      ['delete', '/api/v1/imports/1', 'GET, HEAD'],
      ['put', '/api/v1/commitments', 'GET, HEAD, POST'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await (request(t.http) as unknown as Record<string, (u: string) => request.Test>)[method](url).set('X-API-Key', TEST_ADMIN_KEY);
      expect([method, url, res.status, res.body.code, res.headers.allow]).toEqual([method, url, 405, 'METHOD_NOT_ALLOWED', allow]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.message).toBe(`${url.split('?')[0]} no admite ${method.toUpperCase()}: admite ${allow} (cabecera Allow).`);
    }
    const english = await request(t.http).delete('/api/v1/execution').set('Accept-Language', 'en');
    expect(english.body.message).toBe('/api/v1/execution does not take DELETE: it takes GET, HEAD (Allow header).');
    // no route at all, whatever the method: 404, with no Allow
    for (const method of ['get', 'delete'] as const) {
      const res = await request(t.http)[method]('/api/v1/nothing-here');
      expect([res.status, res.body.code, res.headers.allow]).toEqual([404, 'NOT_FOUND', undefined]);
    }
    expect(await written()).toEqual(before);
  });
});

describe('keys made before the prefix was dropped (migration 1763794000000)', () => {
  it('keep working, and lose the characters of the key that were stored', async () => {
    const url = await createDatabase();
    const upTo = migrations.findIndex((m) => m.name === 'ApiKeyWithoutPrefix1763794000000');
    expect(upTo).toBeGreaterThan(0);
    const before = await new DataSource({ ...dataSourceOptions(url), migrations: migrations.slice(0, upTo) }).initialize();
    const oldKey = 'an-old-admin-key-chosen-by-a-person';
    await before.runMigrations({ transaction: 'each' });
    await before.query(`INSERT INTO api_key (name, role, key_hash, prefix) VALUES ('old admin', 'admin', $1, $2)`, [hashKey(oldKey), oldKey.slice(0, 8)]);
    await before.destroy();

    // the service migrates at start-up; ADMIN_API_KEY is ignored, as an admin key exists
    const t = await createTestApp({ databaseUrl: url });
    try {
      const list = await request(t.http).get('/api/v1/keys').set('X-API-Key', oldKey).expect(200);
      expect(list.body.map((k: { keyId: string; name: string }) => [k.keyId, k.name])).toEqual([['key:1', 'old admin']]);
      expect(JSON.stringify(list.body)).not.toContain(oldKey.slice(0, 8));
      await request(t.http).get('/api/v1/keys').set('X-API-Key', TEST_ADMIN_KEY).expect(401);
    } finally {
      await t.close();
    }
  });
});
