import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ExcelJS } from '../src/common/exceljs.js';
import { DEMO } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { sheetXml, workbookParts, zip } from './support/zip.js';

/**
 * Messages in the planners' language: Spanish (es-PE) by default, English when Accept-Language prefers it
 * or a download asks with lang=en; the code stays the same. Expected texts are the registry's
 * (src/i18n/problems.ts, row-problems.ts) with the parameters filled in by hand.
 */
describe('Spanish and English messages', () => {
  let t: TestApp;
  const lines = readFileSync(DEMO.csv2024, 'utf8').split('\n');

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('the same bad request in each language', () => {
    it.each([
      ['es-PE', 'es', 'No existe la importación 999999.'],
      [undefined, 'es', 'No existe la importación 999999.'], // no header: Spanish
      ['fr-FR', 'es', 'No existe la importación 999999.'], // neither offered: Spanish
      ['en', 'en', 'There is no import 999999.'],
      ['es;q=0.3, en-US;q=0.8', 'en', 'There is no import 999999.'], // q-values decide, not the order
    ])('Accept-Language %p → %s', async (header, lang, message) => {
      const req = request(t.http).get('/api/v1/imports/999999');
      const res = await (header ? req.set('Accept-Language', header) : req).expect(404).expect('content-type', /application\/problem\+json/);
      expect(res.headers['content-language']).toBe(lang);
      expect(res.body).toEqual({ status: 404, code: 'IMPORT_NOT_FOUND', message, requestId: res.headers['x-request-id'] });
    });

    it("words the framework's own errors too: an unknown route and invalid parameters", async () => {
      const es = await request(t.http).get('/api/v1/nothing-here').expect(404);
      const en = await request(t.http).get('/api/v1/nothing-here').set('Accept-Language', 'en').expect(404);
      expect([es.body.code, en.body.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
      expect(es.body.message).toBe('No existe GET /api/v1/nothing-here.');
      expect(en.body.message).toBe('There is no GET /api/v1/nothing-here.');

      const invalid = await request(t.http).get('/api/v1/imports?limit=many').expect(400);
      expect(invalid.body).toMatchObject({ code: 'INVALID_REQUEST', message: 'Los parámetros de la solicitud no son válidos.' });
      expect(invalid.headers['content-language']).toBe('es');
    });

    it('says a write without a key needs one, in each language', async () => {
      const file = Buffer.from('a,b\n');
      const es = await request(t.http).post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', file, 'x.csv').expect(401);
      const en = await request(t.http)
        .post('/api/v1/imports')
        .set('Accept-Language', 'en-GB')
        .field('snapshotDate', '2026-10-31')
        .attach('file', file, 'x.csv')
        .expect(401);
      expect(es.body).toEqual({
        status: 401,
        code: 'API_KEY_REQUIRED',
        message: 'Esto requiere una clave de API: envíela en X-API-Key.',
        requestId: es.headers['x-request-id'],
      });
      expect(en.body).toEqual({
        status: 401,
        code: 'API_KEY_REQUIRED',
        message: 'This needs an API key: send it in X-API-Key.',
        requestId: en.headers['x-request-id'],
      });
    });
  });

  describe('row errors of an upload', () => {
    /** The header and four real rows; file row 4 gets a PIA that is not a number. */
    const broken = () => {
      const rows = lines.slice(0, 5);
      rows[3] = rows[3].replace(/"[\d,]+"/, '"12,3x4"');
      return Buffer.from(rows.join('\n'));
    };

    it('are worded in the asked language in a rejection, with the same code', async () => {
      const es = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', broken(), 'gasto.csv').expect(422);
      const en = await t
        .post('/api/v1/imports')
        .set('Accept-Language', 'en')
        .field('snapshotDate', '2026-10-31')
        .attach('file', broken(), 'gasto.csv')
        .expect(422);
      expect(es.body.message).toBe(
        'El archivo tiene 1 problema(s) en 1 fila(s); no se importó nada. Corríjalos y vuelva a subir el archivo, o envíe onError=skip para importar las filas válidas.',
      );
      expect(en.body.message).toBe(
        'The file has 1 problem(s) in 1 row(s); nothing was imported. Fix them and upload the file again, or send onError=skip to import the valid rows.',
      );
      expect(es.body.errors).toEqual([{ row: 4, column: 'PIA', code: 'INVALID_AMOUNT', message: 'no es un número', value: '12,3x4' }]);
      expect(en.body.errors).toEqual([{ row: 4, column: 'PIA', code: 'INVALID_AMOUNT', message: 'not a number', value: '12,3x4' }]);
    });

    it('are worded in the asked language in the import record and in errors.csv (lang=en)', async () => {
      const created = await t
        .post('/api/v1/imports')
        .field('onError', 'skip')
        .field('snapshotDate', '2026-10-31')
        .attach('file', broken(), 'gasto-skip.csv')
        .expect(201);
      const id = created.body.id as number;
      expect(created.body.errors).toEqual([{ row: 4, column: 'PIA', code: 'INVALID_AMOUNT', message: 'no es un número', value: '12,3x4' }]);
      // stored as its key and parameters, with the English words beside them
      expect(await t.sql('SELECT code, message, message_key, params FROM import_error WHERE import_id = $1', [id])).toEqual([
        { code: 'INVALID_AMOUNT', message: 'not a number', message_key: 'INVALID_AMOUNT', params: {} },
      ]);

      const record = await request(t.http).get(`/api/v1/imports/${id}`).set('X-API-Key', t.adminKey).set('Accept-Language', 'en').expect(200);
      expect(record.headers['content-language']).toBe('en');
      expect(record.body.errors).toEqual([{ row: 4, column: 'PIA', code: 'INVALID_AMOUNT', message: 'not a number', value: '12,3x4' }]);

      const csvEs = await request(t.http).get(`/api/v1/imports/${id}/errors.csv`).set('X-API-Key', t.adminKey).expect(200);
      const csvEn = await request(t.http).get(`/api/v1/imports/${id}/errors.csv?lang=en`).set('X-API-Key', t.adminKey).expect(200);
      expect(csvEs.text.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
        'sheet,row,column,code,message,value,severity',
        ',4,PIA,INVALID_AMOUNT,no es un número,"12,3x4",error',
        '',
      ]);
      expect(csvEn.text.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
        'sheet,row,column,code,message,value,severity',
        ',4,PIA,INVALID_AMOUNT,not a number,"12,3x4",error',
        '',
      ]);
      expect([csvEs.headers['content-language'], csvEn.headers['content-language']]).toEqual(['es', 'en']);
      await request(t.http).get(`/api/v1/imports/${id}/errors.csv?lang=fr`).set('X-API-Key', t.adminKey).expect(400);
    });
  });

  it('names a misspelt header and the column it most likely is', async () => {
    const misspelt = Buffer.from([lines[0].replace('Devengado', 'Devengad'), ...lines.slice(1, 3)].join('\n'));
    const es = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', misspelt, 'devengad.csv').expect(422);
    const en = await t
      .post('/api/v1/imports')
      .set('Accept-Language', 'en')
      .field('snapshotDate', '2026-10-31')
      .attach('file', misspelt, 'devengad.csv')
      .expect(422);
    const fields = {
      code: 'UNRECOGNIZED_LAYOUT',
      layout: 'consulta-amigable',
      missing: ['Devengado'],
      unknown: ['Devengad'],
      suggestions: [{ column: 'Devengad', didYouMean: 'Devengado' }],
    };
    expect(es.body).toMatchObject(fields);
    expect(en.body).toMatchObject(fields);
    const title = 'MEF Consulta Amigable: gasto por municipalidad (one row per municipality and year)';
    expect(es.body.message).toBe(
      `La fila 1 se parece a los encabezados de "${title}", pero le faltan las columnas Devengado. "Devengad": ¿quiso decir "Devengado"?`,
    );
    expect(en.body.message).toBe(`Row 1 looks like the header of "${title}", but it lacks the columns Devengado. "Devengad": did you mean "Devengado"?`);
    expect(es.body.errors).toEqual([
      { row: 1, column: 'Devengad', code: 'UNKNOWN_COLUMN', message: '"Devengad": ¿quiso decir "Devengado"?', value: 'Devengad' },
      { row: 1, column: 'Devengado', code: 'MISSING_COLUMN', message: `falta la columna Devengado de "${title}"` },
    ]);
  });

  describe('the real name of the sheet in a row error', () => {
    // the planner's template layout, with a Tipo that is neither Proyecto nor Actividad in row 2
    const header = [
      'Año',
      'Ubigeo',
      'Tipo',
      'Código (CUI o actividad)',
      'Nombre del proyecto o actividad',
      'Función',
      'División funcional',
      'Grupo funcional',
      'Rubro',
      'PIA',
      'PIM',
      'Certificación',
      'Compromiso anual',
      'Devengado',
      'Girado',
      'Área',
    ];
    const row = [2024, '080801', 'Otro', '2250000', 'MEJORAMIENTO DEL ESTADIO', '15', '033', '0066', '18', 1000, 1000, 0, 0, 0, 0, 'urbano'];

    async function written(): Promise<Buffer> {
      const dir = await mkdtemp(join(tmpdir(), 'gasto-'));
      try {
        const path = join(dir, 'gasto.xlsx');
        const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
        const sheet = writer.addWorksheet('Gasto 2024');
        sheet.addRow(header).commit();
        sheet.addRow(row).commit();
        sheet.commit();
        await writer.commit();
        return await readFile(path);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    /** As some programs save it again: the relationship to the sheet with an absolute target, where exceljs alone says "Sheet1". */
    const resaved = () =>
      zip(
        workbookParts(sheetXml([header, row])).map((p) =>
          p.name === 'xl/workbook.xml'
            ? { ...p, data: String(p.data).replace('name="Datos"', 'name="Gasto 2024"') }
            : p.name === 'xl/_rels/workbook.xml.rels'
              ? { ...p, data: String(p.data).replace('Target="worksheets/', 'Target="/xl/worksheets/') }
              : p,
        ),
      );

    it.each([
      ["written by exceljs's writer", written],
      ['saved again with an absolute target', async () => resaved()],
    ])('%s', async (_label, file) => {
      const res = await t
        .post('/api/v1/imports')
        .field('snapshotDate', '2026-10-31')
        .attach('file', await file(), 'gasto-2024.xlsx')
        .expect(422);
      const kind = res.body.errors.find((e: { code: string }) => e.code === 'INVALID_KIND');
      expect(kind).toEqual({ sheet: 'Gasto 2024', row: 2, column: 'Tipo', code: 'INVALID_KIND', message: 'Tipo debe ser Proyecto o Actividad', value: 'Otro' });
      expect(res.body.errors.every((e: { sheet: string }) => e.sheet === 'Gasto 2024')).toBe(true);
    });
  });
});
