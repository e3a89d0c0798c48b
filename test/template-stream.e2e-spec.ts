import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import request from 'supertest';
import { FUNCTIONS, RUBROS } from '../src/budget/classifiers.js';
import { EXAMPLE_MARK, TEMPLATE_COLUMNS } from '../src/imports/formats/template.format.js';
import { TemplateService } from '../src/imports/template.service.js';
import { TemplateWorkers } from '../src/imports/template-workers.js';
import { type GastoLine, gastoCsv, manyGastoLines } from './support/mef-gasto-file.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { getWorkbook } from './support/workbook.js';

/** exceljs's own zip reader, to look inside the workbook without its (unsafe) in-memory parser. */
const unzipper = createRequire(createRequire(import.meta.url).resolve('exceljs'))('unzipper') as {
  Open: { buffer(b: Buffer): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> };
};
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
async function parts(http: TestApp['http'], url: string): Promise<(path: string) => Promise<string>> {
  const res = await request(http).get(url).buffer(true).parse(binary).expect(200);
  const zip = await unzipper.Open.buffer(res.body as Buffer);
  return async (path) => (await zip.files.find((f) => f.path === path)!.buffer()).toString('utf8');
}

/** An amount as the planner's sheet should hold it: a number when the double reads back as the same two decimals, else the exact text. */
const amountCell = (text: string): number | string => (Number(text).toFixed(2) === text ? Number(text) : text);

/** A generated line as the data sheet should read. */
function expectedRow(l: GastoLine, areas: Map<string, string>): unknown[] {
  return [
    l.year,
    '080801',
    l.kind === 2 ? 'Proyecto' : 'Actividad',
    l.code,
    l.name,
    `${l.functionCode} - ${l.functionName}`,
    `${l.divisionCode} - ${l.divisionName}`,
    `${l.groupCode} - ${l.groupName}`,
    `${l.rubroCode} - ${l.rubroName}`,
    ...l.amounts.map(amountCell),
    (l.kind === 2 ? areas.get(l.code) : undefined) ?? '',
  ];
}

/** The template's order: year, kind (activity_kind 2 before 3), then the codes, compared byte by byte. */
const byTemplateOrder = (a: GastoLine, b: GastoLine) => {
  const key = (l: GastoLine) => [String(l.year), String(l.kind), l.code, l.functionCode, l.divisionCode, l.groupCode, l.rubroCode];
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
};

describe("the planner's template, prefilled with many lines", () => {
  let t: TestApp;
  let lines2023: GastoLine[];
  let lines2022: GastoLine[];
  // the areas a person sets below, as the sheet writes them
  const areas = new Map([
    ['2100001', 'rural'],
    ['2100002', 'urbano'],
  ]);

  beforeAll(async () => {
    // lines of 1,000 or more get their own partition: the 5,000 lines of 2023 do, the others join the shared one
    t = await createTestApp({ ownPartitionLines: 1_000 });
    // a first version of 2023, then the current one (a later cut-off date): only the second is written
    const superseded = [...manyGastoLines(20, 2023, 1), { ...manyGastoLines(1, 2023)[0], code: '2999999', kind: 2 as const }];
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-31').attach('file', gastoCsv(superseded), 'gasto-enero.csv').expect(201);
    lines2023 = manyGastoLines(5_000, 2023);
    lines2023[19].amounts[1] = '1234567890123456.78'; // more digits than a double holds: written as text
    const current = await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', gastoCsv(lines2023), 'gasto-marzo.csv').expect(201);
    // January's 20 generated lines come again with other amounts; its 2999999 does not come again
    expect(current.body).toMatchObject({ rowsRead: 5_000, inserted: 4_980, revised: 20 });
    lines2022 = manyGastoLines(6, 2022, 3);
    await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', gastoCsv(lines2022), 'gasto-2022.csv').expect(201);
    await t.put('/api/v1/projects/2100001/area').send({ area: 'rural', reason: 'visita de campo' }).expect(200);
    await t.put('/api/v1/projects/2100002/area').send({ area: 'urban', reason: 'visita de campo' }).expect(200);
  });
  afterAll(() => t.close());

  it("writes a municipality-year's 5,000 current lines, each with the imported file's values, in the template's order", async () => {
    const { sheets } = await getWorkbook(t.http, '/api/v1/imports/template.xlsx?municipality=080801&year=2023');
    const data = sheets.get('Datos')!;
    expect(data[0]).toEqual(TEMPLATE_COLUMNS.map((c) => c.header));
    const rows = data.slice(1).map((r) => Array.from({ length: 16 }, (_, i) => r[i] ?? null));
    expect(rows).toHaveLength(5_000);
    expect(rows).toEqual([...lines2023].sort(byTemplateOrder).map((l) => expectedRow(l, areas)));
    // line 19 (product 9, a project: 2100009, under rubro 00): its 18-digit PIM stays exact text
    expect(rows.find((r) => r[3] === '2100009' && r[8] === '00 - RECURSOS ORDINARIOS')![10]).toBe('1234567890123456.78');
    expect(rows.filter((r) => r[15] !== '').map((r) => `${r[3]} ${r[15]}`)).toEqual(['2100001 rural', '2100001 rural', '2100002 urbano', '2100002 urbano']);
    expect(rows.some((r) => r[3] === '2999999')).toBe(false);
  });

  it('writes every year of the municipality when no year is given, year by year', async () => {
    const { sheets } = await getWorkbook(t.http, '/api/v1/imports/template.xlsx?municipality=080801');
    const rows = sheets
      .get('Datos')!
      .slice(1)
      .map((r) => Array.from({ length: 16 }, (_, i) => r[i] ?? null));
    expect(rows).toEqual([...lines2022, ...lines2023].sort(byTemplateOrder).map((l) => expectedRow(l, areas)));
  });

  it('keeps the drop-down lists, the text format of ubigeo and code, the frozen header and the other sheets', async () => {
    const part = await parts(t.http, '/api/v1/imports/template.xlsx?municipality=080801&year=2023');
    const sheet = await part('xl/worksheets/sheet1.xml');
    const validations = [...sheet.matchAll(/<dataValidation [^>]*sqref="([^"]+)"[^>]*>\s*<formula1>([^<]+)<\/formula1>/g)].map((m) => [m[1], m[2]]);
    expect(validations.sort()).toEqual([
      ['C2:C50000', '&quot;Proyecto,Actividad&quot;'],
      ['F2:F50000', 'Listas!$A$2:$A$26'], // the 25 functions
      ['I2:I50000', `Listas!$B$2:$B$${Object.keys(RUBROS).length + 1}`],
      ['P2:P50000', '&quot;urbano,rural&quot;'],
    ]);
    expect(sheet).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    // every ubigeo (B) and code (D) cell of the 5,000 rows carries a style whose number format is text ('@' is built-in format 49)
    const styles = await part('xl/styles.xml');
    const xfs = [...styles.slice(styles.indexOf('<cellXfs')).matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => m[1]);
    const textCells = [...sheet.matchAll(/<c r="([BD])(\d+)"(?: s="(\d+)")?/g)].filter((m) => Number(m[2]) > 1);
    expect(textCells).toHaveLength(10_000);
    expect(new Set(textCells.map((m) => xfs[Number(m[3])]))).toEqual(new Set(['49']));
    const workbook = await part('xl/workbook.xml');
    expect([...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['Datos', 'Instrucciones', 'Listas']);
  });

  it('still writes the empty template with its examples, instructions and code lists', async () => {
    const { sheets } = await getWorkbook(t.http, '/api/v1/imports/template.xlsx');
    expect([...sheets.keys()]).toEqual(['Datos', 'Instrucciones', 'Listas']);
    const data = sheets.get('Datos')!;
    expect(data[0]).toEqual(TEMPLATE_COLUMNS.map((c) => c.header));
    expect(data.slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      [EXAMPLE_MARK, '080801', 'Proyecto', '2250000'],
      [EXAMPLE_MARK, '080803', 'Proyecto', '2300000'],
    ]);
    expect(sheets.get('Instrucciones')).toHaveLength(13);
    const functions = Object.entries(FUNCTIONS).map(([code, name]) => `${code} - ${name}`);
    const rubros = Object.entries(RUBROS).map(([code, r]) => `${code} - ${r.name}`);
    const lists = sheets.get('Listas')!;
    expect(lists[0]).toEqual(['Función', 'Rubro']);
    expect(
      lists
        .slice(1)
        .map((r) => r[0])
        .filter(Boolean),
    ).toEqual(functions);
    expect(
      lists
        .slice(1)
        .map((r) => r[1])
        .filter(Boolean),
    ).toEqual(rubros);
    const part = await parts(t.http, '/api/v1/imports/template.xlsx');
    expect((await part('xl/worksheets/sheet1.xml')).match(/<dataValidation /g)).toHaveLength(4);
  });

  it('lets clients go away in the middle of a download, and keeps answering', async () => {
    await new Promise<void>((resolve) => t.http.listen(0, resolve));
    const { port } = t.http.address() as AddressInfo;
    // more abandoned downloads than the pool has connections
    for (let i = 0; i < 12; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = get(`http://127.0.0.1:${port}/api/v1/imports/template.xlsx?municipality=080801&year=2023`, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
      });
    }
    const { sheets } = await getWorkbook(t.http, '/api/v1/imports/template.xlsx?municipality=080801&year=2023');
    expect(sheets.get('Datos')).toHaveLength(5_001);
    const stuck = await t.sql(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
    expect(stuck).toEqual([]);
    // and the thread that wrote them has no workbook left under way (it would keep the process alive)
    expect((t.app.get(TemplateWorkers) as unknown as { jobs: number }).jobs).toBe(0);
  });

  it('writes workbooks in one worker thread: when it dies its workbook is cut short, and the next gets a new one', async () => {
    const templates = t.app.get(TemplateService);
    const thread = () => (t.app.get(TemplateWorkers) as unknown as { thread: Worker | null }).thread;
    /** A workbook written straight to memory (no HTTP, so that no kept answer serves it): its data sheet's rows. */
    const written = async () => {
      const chunks: Buffer[] = [];
      const out = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      await templates.write(out, '080801', 2023);
      expect(out.writableEnded).toBe(true);
      const zip = await unzipper.Open.buffer(Buffer.concat(chunks));
      const sheet = (await zip.files.find((f) => f.path === 'xl/worksheets/sheet1.xml')!.buffer()).toString('utf8');
      return sheet.match(/<row /g)!.length;
    };
    // a reader that takes the first piece and then waits
    let firstPiece!: () => void;
    const started = new Promise<void>((resolve) => (firstPiece = resolve));
    const slow = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, _callback) {
        firstPiece(); // and never calls back: the worker waits for it
      },
    });
    const writing = templates.write(slow, '080801', 2023);
    await started;
    const dying = thread();
    expect(dying).not.toBeNull();
    await dying!.terminate();
    await expect(writing).rejects.toThrow(/template worker stopped/);
    expect(slow.writableEnded).toBe(false); // never ended: a cut workbook must not look complete
    expect(thread()).toBeNull();
    // the next one is whole: the header and the 5,000 lines of 2023
    expect(await written()).toBe(5_001);
    // readers that go away at each point of the writing: the thread is free again at once each time
    for (const after of [1, 2, 5, 20, 60]) {
      let pieces = 0;
      const leaving = new Writable({
        write(_chunk, _encoding, callback) {
          if (++pieces === after) this.destroy();
          else callback();
        },
      });
      await templates.write(leaving, '080801', 2023); // a client that went away is nobody to answer: no error
      expect(leaving.destroyed).toBe(true);
      expect((t.app.get(TemplateWorkers) as unknown as { jobs: number }).jobs).toBe(0);
    }
    expect(await written()).toBe(5_001);
    // five at once are written side by side by one new thread
    const second = thread();
    expect(second).not.toBeNull();
    expect(second).not.toBe(dying);
    expect(await Promise.all([1, 2, 3, 4, 5].map(written))).toEqual([5_001, 5_001, 5_001, 5_001, 5_001]);
    expect(thread()).toBe(second);
  });
});
