import request from 'supertest';
import { HOSTILE_CASES, type HostileCase, IMPORT_TABLES, MEF_HEADER, PLANNER_MUNICIPALITIES } from './support/hostile-corpus.js';
import { sheetXml, workbookParts, zip } from './support/zip.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('hostile files sent with a planner key as real imports (test/support/hostile-corpus.ts)', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp();
    key = (await t.post('/api/v1/keys').send({ name: 'planner', role: 'planner', municipalities: PLANNER_MUNICIPALITIES }).expect(201)).body.key;
  });
  afterAll(() => t.close());

  const counts = async () =>
    Object.fromEntries(await Promise.all(IMPORT_TABLES.map(async (table) => [table, (await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n])));
  const send = (c: HostileCase) => {
    const req = request(t.http).post('/api/v1/imports').set('X-API-Key', key);
    if (c.raw) return req.set('Content-Type', c.raw.contentType).send(c.raw.body);
    for (const [field, value] of Object.entries(c.fields ?? {})) req.field(field, value);
    return req.field('snapshotDate', '2026-10-31').attach('file', c.file!(), c.fileName ?? 'book.xlsx');
  };

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await counts();
    const res = await send(c);
    expect(res.status).toBe(c.status);
    for (const e of res.body.errors ?? []) expect(String(e.value ?? '').length).toBeLessThanOrEqual(101); // values cut short
    if (c.code) {
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.code).toBe(c.code);
      if (c.errors) expect(res.body.errors).toEqual(c.errors.map((e) => expect.objectContaining(e)));
      expect(await counts()).toEqual(before);
    } else {
      // the survivors are canon transfers: the import holds exactly the rows it says it inserted
      expect(res.body).toMatchObject({ rowsRead: c.rowsRead, inserted: c.inserted, dryRun: false });
      const [{ n }] = await t.sql('SELECT count(*)::int AS n FROM canon_transfer WHERE import_id = $1', [res.body.id]);
      expect(n).toBe(c.inserted);
    }
  });

  it('answers after all of them', async () => {
    const health = await request(t.http).get('/api/v1/health').expect(200);
    expect(health.body.status).toBe('ok');
  });

  it('writes the formulas of uploaded cells as text into errors.csv and audit.csv, whatever separator Excel splits on', async () => {
    const formulas = HOSTILE_CASES.find((c) => c.fields?.onError === 'skip')!;
    const imported = await send(formulas); // 201, or 200 with the same import when the case above sent it first
    // the uploader reads its own errors (anyone else gets 401 or 403)
    // lang=en: messages are in Spanish unless asked otherwise
    const errors = await request(t.http).get(`/api/v1/imports/${imported.body.id}/errors.csv?lang=en`).set('X-API-Key', key).expect(200);
    expect(errors.text).toContain(`,3,rubro18_recaudado_total,INVALID_AMOUNT,not a number,"x;'=1+1",error\r\n`);
    expect(errors.text).toContain(`,4,rubro18_recaudado_total,INVALID_AMOUNT,not a number,"OBRA;'=cmd|' /C calc'!A0",error\r\n`);

    const mef = `${MEF_HEADER}\nM,300740,08,08,01,2,2300001,OBRA;=cmd|' /C calc'!A0,15,T,033,T,0066,V,5,RD,18,CANON,2024,10,10,0,0,5,0\n`;
    await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', key)
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(mef), '2024-Gasto.csv')
      .expect(201);
    const projects = await request(t.http).get('/api/v1/reports/audit.csv?province=0808&year=2024&table=projects').expect(200);
    expect(projects.text).toContain(`,2300001,"OBRA;'=cmd|' /C calc'!A0",`);
  });
});

/** Unusual but real workbooks, imported for real. */
describe('workbooks as some writers make them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const canon = (year: number) => [
    ['ubigeo', 'anio', 'rubro18_recaudado_total'],
    ['080801', year, 1000],
    ['080803', year, 250.5],
  ];
  const upload = (bytes: Buffer, name = 'book.xlsx') => t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', bytes, name);

  it('reads a minimal hand-made workbook (the baseline the hostile ones are made from)', async () => {
    const res = await upload(zip(workbookParts(sheetXml(canon(2024))))).expect(201);
    expect(res.body).toMatchObject({ format: 'canon-transfers', rowsRead: 2, inserted: 2, dryRun: false });
  });

  it('reads cells and rows that carry no address, in document order', async () => {
    const xml = sheetXml(canon(2023)).replace(/ r="[A-Z]*\d+"/g, '');
    const res = await upload(zip(workbookParts(xml))).expect(201);
    expect(res.body).toMatchObject({ rowsRead: 2, inserted: 2 });
  });

  it('takes the cached value of a formula, and reports a formula without one and an error value at their cells', async () => {
    const sheet = sheetXml(canon(2022));
    const ok = await upload(zip(workbookParts(sheet.replace('<c r="C2"><v>1000</v></c>', '<c r="C2"><f>500*2</f><v>1000</v></c>')))).expect(201);
    expect(ok.body.inserted).toBe(2);
    const noCache = await upload(zip(workbookParts(sheet.replace('<c r="C3"><v>250.5</v></c>', '<c r="C3"><f>1/0</f></c>')))).expect(422);
    expect(noCache.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'rubro18_recaudado_total', code: 'MISSING_VALUE' })]);
    const errorValue = await upload(zip(workbookParts(sheet.replace('<c r="C3"><v>250.5</v></c>', '<c r="C3" t="e"><v>#DIV/0!</v></c>')))).expect(422);
    expect(errorValue.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'rubro18_recaudado_total', value: '#DIV/0!' })]);
  });

  it('reads XML whose elements carry a namespace prefix (<x:row>), as some writers make it', async () => {
    const xml = sheetXml(canon(2021))
      .replace(/<(\/?)(worksheet|sheetData|row|c|v|is|t)([ >])/g, '<$1x:$2$3')
      .replace('xmlns=', 'xmlns:x=');
    expect(xml).toContain('<x:row r="2">');
    const res = await upload(zip(workbookParts(xml))).expect(201);
    expect(res.body).toMatchObject({ rowsRead: 2, inserted: 2 });
  });

  it('does not guess values under merged cells in the data: the empty cells are reported at their row and column', async () => {
    // B2:B3 merged: the year shows once in a spreadsheet program; the file has it in B2 only
    const rows = [canon(2020)[0], ['080801', 2020, 1000], ['080803', '', 250.5]];
    const res = await upload(zip(workbookParts(sheetXml(rows, { extra: '<mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells>' })))).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ sheet: 'Datos', row: 3, column: 'anio', code: 'INVALID_YEAR' })]);
  });
});

describe('two uploads at once for the same municipality and year', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs them one after the other: each import is whole, and the data is one file or the other, never a mix', async () => {
    const file = (amount: number) =>
      `ubigeo,anio,rubro18_recaudado_total,canon_minero\n080801,2024,${amount},${amount - 1}\n080803,2024,${amount + 1},${amount}\n`;
    const [a, b] = await Promise.all([
      t
        .post('/api/v1/imports')
        .field('snapshotDate', '2025-01-31')
        .attach('file', Buffer.from(file(1000)), 'a.csv'),
      t
        .post('/api/v1/imports')
        .field('snapshotDate', '2025-02-28')
        .attach('file', Buffer.from(file(2000)), 'b.csv'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const perImport = await t.sql('SELECT import_id, count(*)::int AS n FROM canon_transfer GROUP BY import_id ORDER BY import_id');
    expect(perImport.map((r) => r.n)).toEqual([4, 4]);
    // what queries read is the later cut-off, all of it
    const latest = await t.sql(`SELECT ubigeo, concept, amount FROM canon_transfer_latest ORDER BY ubigeo, concept`);
    expect(latest).toEqual([
      { ubigeo: '080801', concept: 'canon_minero', amount: '1999.00' },
      { ubigeo: '080801', concept: 'rubro18_total', amount: '2000.00' },
      { ubigeo: '080803', concept: 'canon_minero', amount: '2000.00' },
      { ubigeo: '080803', concept: 'rubro18_total', amount: '2001.00' },
    ]);
  });
});

describe('dates in the 1904 date system', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reads a serial date from a 1904 workbook 1,462 days later than the same serial in a 1900 one, whatever the server time zone', async () => {
    expect(process.env.TZ === undefined || process.env.TZ === 'UTC').toBe(true); // the suite runs in UTC; the code computes in UTC too
    const registry = (cui: string) => [
      ['Código único de inversión', 'Nombre de la inversión', 'Monto viable', 'Costo actualizado', 'Fecha de registro', 'Ubigeo'],
      [cui, 'MEJORAMIENTO DEL CANAL DE RIEGO', 1000, 1000, 44000, '080801'],
    ];
    const as1904 = workbookParts(sheetXml(registry('2400001'))).map((e) =>
      e.name === 'xl/workbook.xml' ? { ...e, data: String(e.data).replace('<sheets>', '<workbookPr date1904="1"/><sheets>') } : e,
    );
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', zip(workbookParts(sheetXml(registry('2400000')))), 'registro-1900.xlsx')
      .expect(201);
    await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', zip(as1904), 'registro-1904.xlsx').expect(201);
    const rows = await t.sql(`SELECT cui, registered_on FROM project ORDER BY cui`);
    // serial 44000 is 2020-06-18 from 1899-12-30 (44197 is 2021-01-01); from 1904-01-01 it is 1,462 days later
    expect(rows).toEqual([
      { cui: '2400000', registered_on: '2020-06-18' },
      { cui: '2400001', registered_on: '2024-06-19' },
    ]);
  });
});
