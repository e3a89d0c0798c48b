import { createRequire } from 'node:module';
import { join } from 'node:path';
import request from 'supertest';
import { ExcelJS } from '../src/common/exceljs.js';
import { TEMPLATE_COLUMNS } from '../src/imports/formats/template.format.js';
import { createTestApp, type TestApp, TEST_ADMIN_KEY } from './support/test-app.js';

/** exceljs's own zip reader, to look inside the workbook without its (unsafe) in-memory parser. */
const unzipper = createRequire(createRequire(import.meta.url).resolve('exceljs'))('unzipper') as {
  Open: { buffer(b: Buffer): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> };
};
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
async function part(xlsx: Buffer, path: string): Promise<string> {
  const zip = await unzipper.Open.buffer(xlsx);
  return (await zip.files.find((f) => f.path === path)!.buffer()).toString('utf8');
}

const MEF_HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const MEF = [
  MEF_HEADER,
  'M,300740,08,08,01,2,2300000,"INSTALACIÓN DEL SERVICIO DE AGUA EN LA COMUNIDAD CAMPESINA DE ÑUÑUMAYO, ESPINAR",18,SANEAMIENTO,040,SANEAMIENTO,0088,"SANEAMIENTO RURAL — AGUA",5,RECURSOS DETERMINADOS,18,"CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES",2024,1000,2500.5,2000,1800,1200.25,1100',
  'M,300740,08,08,01,3,5001217,"GESTIÓN ADMINISTRATIVA «PLAZA DE ARMAS»",03,"PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA",006,GESTIÓN,0008,ASESORAMIENTO Y APOYO,1,RECURSOS ORDINARIOS,00,RECURSOS ORDINARIOS,2024,500,600,0,0,300,300',
].join('\n');

describe("the planner's template", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is a workbook whose first sheet has the columns, drop-down lists and examples, then instructions and lists', async () => {
    const res = await request(t.http).get('/api/v1/imports/template.xlsx').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const xlsx = res.body as Buffer;
    const workbook = await part(xlsx, 'xl/workbook.xml');
    expect([...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['Datos', 'Instrucciones', 'Listas']);
    const sheet = await part(xlsx, 'xl/worksheets/sheet1.xml');
    expect((sheet.match(/<dataValidation /g) ?? []).length).toBe(4); // Tipo, Función, Rubro, Área
    expect(sheet).toContain('Listas!$A$2:$A$26'); // the 25 functions

    // read back with the import's own reader path: uploading it imports nothing (only examples)
    const upload = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', xlsx, 'plantilla.xlsx').expect(422);
    expect(upload.body.code).toBe('NO_MATCHING_ROWS');
  });

  it("round-trips a municipality's budget lines: exported, uploaded back, nothing changes, text byte-identical", async () => {
    const first = await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', Buffer.from(MEF), 'gasto.csv').expect(201);
    const res = await request(t.http).get('/api/v1/imports/template.xlsx?municipality=080801&year=2024').buffer(true).parse(binary).expect(200);
    const back = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-04-30')
      .attach('file', res.body as Buffer, 'presupuesto-080801-2024.xlsx')
      .expect(201);
    expect(back.body).toMatchObject({ format: 'template', rowsRead: 2, inserted: 0, revised: 0, unchanged: 2 });
    const columns =
      'year, ubigeo, activity_kind, product_code, product_name, function_code, function_name, division_code, division_name, group_code, group_name, fuente_code, fuente_name, rubro_code, rubro_name, pia, pim, certificacion, compromiso_anual, devengado, girado';
    const lines = (id: number) => t.sql(`SELECT ${columns} FROM budget_line WHERE import_id = $1 ORDER BY product_code`, [id]);
    const [a, b] = [await lines(first.body.id), await lines(back.body.id)];
    expect(b).toEqual(a);
    expect(b[0].product_name).toBe('INSTALACIÓN DEL SERVICIO DE AGUA EN LA COMUNIDAD CAMPESINA DE ÑUÑUMAYO, ESPINAR');
    expect(b[0].devengado).toBe('1200.25');
  });

  it('imports a filled template with areas set by the planner, and refuses a bad area with its row and column', async () => {
    const path = join(t.dataDir, 'filled.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = writer.addWorksheet('Datos');
    sheet.addRow(TEMPLATE_COLUMNS.map((c) => c.header)).commit();
    sheet
      .addRow([
        2025,
        '080803',
        'Proyecto',
        '2400000',
        'CANAL DE RIEGO EN EL ANEXO DE HUARCA',
        '10',
        '010 - AGRARIO',
        '0005 - RIEGO',
        '18',
        100,
        500,
        0,
        0,
        0,
        0,
        'rural',
      ])
      .commit();
    sheet.commit();
    await writer.commit();
    const res = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', path).expect(201);
    expect(res.body).toMatchObject({ format: 'template', inserted: 1 });
    const project = await request(t.http).get('/api/v1/projects/2400000').expect(200);
    expect(project.body).toMatchObject({ area: 'rural', areaSource: 'explicit', pim: '500.00', budgetedBy: ['080803'] });
    const [line] = await t.sql(`SELECT function_name, rubro_name, fuente_code FROM budget_line WHERE product_code = '2400000'`);
    // names the planner left out come from the classifier lists
    expect(line).toEqual({ function_name: 'AGROPECUARIA', rubro_name: 'CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES', fuente_code: '5' });

    const bad = join(t.dataDir, 'bad.xlsx');
    const w2 = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: bad });
    const s2 = w2.addWorksheet('Datos');
    s2.addRow(TEMPLATE_COLUMNS.map((c) => c.header)).commit();
    s2.addRow([2025, '080803', 'Proyecto', '2400001', 'X', '10', '010', '0005', '18', 1, 1, 0, 0, 0, 0, 'montaña']).commit();
    s2.commit();
    await w2.commit();
    const refused = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', bad).expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ sheet: 'Datos', row: 2, column: 'Área', code: 'INVALID_AREA', value: 'montaña' })]);
  });

  it('stores 40,000 rows of accented Spanish text from a workbook byte-identical', async () => {
    const path = join(t.dataDir, 'accents.xlsx');
    const words = ['Ñuñoa', 'Coporaque', 'Pichigua', 'San Juan de Chacña', 'Cañete', 'Huánuco', 'Apurímac «Abancay»', 'Ayacucho — Huanta', 'Pampachirí'];
    const names = Array.from({ length: 40_000 }, (_, i) => `OBRA ${i} EN ${words[i % words.length]} ${'áéíóúñü'.repeat(1 + (i % 7))}`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = writer.addWorksheet('Datos');
    sheet.addRow(TEMPLATE_COLUMNS.map((c) => c.header)).commit();
    for (const [i, name] of names.entries())
      sheet
        .addRow([
          2024,
          '080805',
          'Proyecto',
          String(3_000_000 + i),
          name,
          '15',
          '033 - TRANSPORTE TERRESTRE',
          '0066 - VÍAS URBANAS',
          '18',
          1,
          2,
          0,
          0,
          1,
          1,
          '',
        ])
        .commit();
    sheet.commit();
    await writer.commit();
    const res = await t.post('/api/v1/imports').field('background', 'false').field('snapshotDate', '2026-10-31').attach('file', path).expect(201);
    expect(res.body).toMatchObject({ rowsRead: 40_000, inserted: 40_000 });
    const stored = await t.sql<{ product_name: string; group_name: string }>(
      'SELECT product_name, group_name FROM budget_line WHERE import_id = $1 ORDER BY product_code',
      [res.body.id],
    );
    expect(stored.map((r) => r.product_name)).toEqual(names);
    expect(new Set(stored.map((r) => r.group_name))).toEqual(new Set(['VÍAS URBANAS']));
  });

  it('is worked out once per data version: the same bytes again from memory, 304 for its ETag, a new workbook after an import', async () => {
    const get = (etag?: string) => {
      const r = request(t.http).get('/api/v1/imports/template.xlsx?municipality=080802&year=2024').buffer(true).parse(binary);
      return etag ? r.set('If-None-Match', etag) : r;
    };
    const line = (code: string, name: string) =>
      `M,300741,08,08,02,2,${code},"${name}",18,SANEAMIENTO,040,SANEAMIENTO,0088,"SANEAMIENTO RURAL",5,RECURSOS DETERMINADOS,18,"CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES",2024,1000,2000,0,0,500,500`;
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-03-31')
      .attach('file', Buffer.from([MEF_HEADER, line('2411111', 'AGUA POTABLE EN CONDOROMA')].join('\n')), 'gasto-080802.csv')
      .expect(201);
    // ten at once: one builds it, the nine that came meanwhile (or after) get its bytes
    const first = await Promise.all(Array.from({ length: 10 }, () => get()));
    expect(first.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(first.filter((r) => r.headers['x-cache'] === 'MISS')).toHaveLength(1);
    const bytes = first[0].body as Buffer;
    for (const r of first) expect((r.body as Buffer).equals(bytes)).toBe(true);
    expect(first[0].headers['content-disposition']).toBe('attachment; filename=presupuesto-080802-2024.xlsx');
    expect(await part(bytes, 'xl/worksheets/sheet1.xml')).toContain('AGUA POTABLE EN CONDOROMA');
    const etag = first[0].headers.etag;
    expect(etag).toMatch(/^W\/"v\d+-/);
    const again = await get();
    expect(again.headers).toMatchObject({ 'x-cache': 'HIT', etag, 'content-type': expect.stringContaining('spreadsheetml') });
    expect((again.body as Buffer).equals(bytes)).toBe(true);
    await get(etag).expect(304);
    // other spellings of the same download are the same answer, not a build each (bench:attack (1b) sent each with an
    // Accept-Language of its own): Accept-Languages that come down to Spanish, the parameters in another order, escapes
    for (const [url, language] of [
      ['/api/v1/imports/template.xlsx?municipality=080802&year=2024', 'es-PE;q=0.000001'],
      ['/api/v1/imports/template.xlsx?municipality=080802&year=2024', 'qu, ay;q=0.4'],
      ['/api/v1/imports/template.xlsx?year=2024&municipality=080802', 'es'],
      ['/api/v1/imports/template.xlsx?municipality=%30%38%30%38%30%32&year=2024', 'es-419'],
    ]) {
      const same = await request(t.http).get(url).set('Accept-Language', language).buffer(true).parse(binary).expect(200);
      expect([url, language, same.headers['x-cache'], same.headers.etag]).toEqual([url, language, 'HIT', etag]);
      expect((same.body as Buffer).equals(bytes)).toBe(true);
    }
    // with a key: kept apart from the anonymous answers, once the key is checked
    const keyed = () =>
      request(t.http)
        .get('/api/v1/imports/template.xlsx?municipality=080802&year=2024')
        .set('X-API-Key', TEST_ADMIN_KEY)
        .buffer(true)
        .parse(binary)
        .expect(200);
    const [k1, k2] = [await keyed(), await keyed()];
    expect([k1.headers['x-cache'], k2.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    // the same bytes as the first keyed one (a workbook built again differs: its zip entries carry the time they were written)
    expect((k2.body as Buffer).equals(k1.body as Buffer)).toBe(true);
    expect(await part(k1.body as Buffer, 'xl/worksheets/sheet1.xml')).toBe(await part(bytes, 'xl/worksheets/sheet1.xml'));
    await request(t.http)
      .get('/api/v1/imports/template.xlsx?municipality=080802&year=2024')
      .set('X-API-Key', TEST_ADMIN_KEY)
      .set('If-None-Match', etag)
      .expect(304);
    await request(t.http).get('/api/v1/imports/template.xlsx?municipality=080802&year=2024').set('X-API-Key', 'not-a-key-0123456789abcdef').expect(401);

    // a revision of the municipality-year: the next download is the new workbook, whatever its caller held
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-04-30')
      .attach('file', Buffer.from([MEF_HEADER, line('2422222', 'RIEGO EN PALLPATA')].join('\n')), 'gasto-080802-abril.csv')
      .expect(201);
    const after = await get(etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.headers['x-cache']).toBe('MISS');
    const sheet = await part(after.body as Buffer, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('RIEGO EN PALLPATA');
    expect(sheet).not.toContain('AGUA POTABLE EN CONDOROMA');
    // a key holding the new workbook gets 304 before anything is built (nothing of this version is kept for keys yet)
    const fresh = await request(t.http)
      .get('/api/v1/imports/template.xlsx?municipality=080802&year=2024')
      .set('X-API-Key', TEST_ADMIN_KEY)
      .set('If-None-Match', after.headers.etag)
      .expect(304);
    expect(fresh.headers['x-cache']).toBeUndefined();
  });
});
