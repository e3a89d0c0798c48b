import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DEMO, readConsultaCsv } from './support/files.js';
import { MEF_GASTO_HEADER } from './support/mef-gasto-file.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * What an upload says beyond its errors: warnings that do not stop it (each with its row, column and code,
 * worded in Spanish or English), the date the file states of itself (or a 422 when it states none), and
 * no second snapshot when the same figures come again in other bytes. Expected messages are the registry's
 * (src/i18n/row-problems.ts) with their parameters filled in by hand from the files written here.
 */
describe('import warnings, the file’s own date and repeated content', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** One import as the admin reads it (rowWarnings hold the file's values), in `lang`. */
  const read = async (id: number, lang: string) =>
    (await request(t.http).get(`/api/v1/imports/${id}`).set('X-API-Key', t.adminKey).set('Accept-Language', lang).expect(200)).body;
  const count = async () => (await request(t.http).get('/api/v1/imports').expect(200)).body.total as number;

  describe('warnings of a MEF gasto file (read by its COPY lane) that do not stop it', () => {
    // Espinar's provincial municipality (080801, executing unit 300740), 2024; one extra column at the end.
    // columns: … FUNCION, …, FUENTE_FINANCIAMIENTO, …, RUBRO, …, ANO_EJE, PIA, PIM, CERTIFICADO, COMPROMETIDO, DEVENGADO, GIRADO, OBSERVACION
    const line = (product: string, fn: string, fuente: string, rubro: string, amounts: string) =>
      `M,300740,08,08,01,3,${product},GESTION,${fn},F,006,D,0008,G,${fuente},FUENTE,${rubro},RUBRO,2024,${amounts},nota`;
    const file = [
      `${MEF_GASTO_HEADER},OBSERVACION`, // row 1: OBSERVACION is no column of the layout
      line('5000001', '15', '5', '18', '900,1000,1100,1100,1200,1200'), // row 2: certificado 1,100 and devengado 1,200 over PIM 1,000
      line('5000002', '99', '5', '18', '10,10,5,5,5,5'), // row 3: función 99 (the classifier has 01-25)
      line('5000003', '03', '5', '77', '10,10,5,5,5,5'), // row 4: rubro 77 (the classifier has 00, 07, 08, 09, 13, 18, 19)
      line('5000004', '03', '7', '00', '10,10,5,5,5,5'), // row 5: fuente 7 (the classifier has 1-5)
      line('5000005', '03', '1', '00', '10,10,5,5,5,5'), // row 6: nothing wrong
    ].join('\n');
    let id: number;

    beforeAll(async () => {
      const res = await t.post('/api/v1/imports').attach('file', Buffer.from(file), 'gasto_2025-03-31.csv').expect(201);
      id = res.body.id;
      expect(res.body).toMatchObject({ format: 'mef-gasto', rowsRead: 5, inserted: 5, snapshotDate: '2025-03-31' }); // all five imported all the same
    });

    it('lists each with its row, column and code, in Spanish by default and in English when asked', async () => {
      const es = await read(id, 'es-PE');
      const en = await read(id, 'en');
      const shape = (w: { row: number; column: string; code: string; value: string | null }) => [w.row, w.column, w.code, w.value];
      const expected = [
        [1, 'OBSERVACION', 'IGNORED_COLUMN', null],
        [2, 'MONTO_DEVENGADO', 'DEVENGADO_OVER_PIM', '1200.00'],
        [2, 'MONTO_CERTIFICADO', 'CERTIFICADO_OVER_PIM', '1100.00'],
        [3, 'FUNCION', 'UNKNOWN_CLASSIFIER', '99'],
        [4, 'RUBRO', 'UNKNOWN_CLASSIFIER', '77'],
        [5, 'FUENTE_FINANCIAMIENTO', 'UNKNOWN_CLASSIFIER', '7'],
      ];
      expect(es.rowWarnings.map(shape)).toEqual(expected);
      expect(en.rowWarnings.map(shape)).toEqual(expected);
      expect(es.warningCounts).toEqual({ IGNORED_COLUMN: 1, DEVENGADO_OVER_PIM: 1, CERTIFICADO_OVER_PIM: 1, UNKNOWN_CLASSIFIER: 3 });
      const layout = 'MEF open data: gasto (expense) CSV, annual, monthly or comparativo layout';
      expect(es.rowWarnings.map((w: { message: string }) => w.message)).toEqual([
        `la columna "OBSERVACION" no es de "${layout}": se ignoró`,
        'el devengado (1200.00) supera el PIM (1000.00); la fila se importó tal como está',
        'la certificación (1100.00) supera el PIM (1000.00); la fila se importó tal como está',
        'la función 99 no está en el clasificador funcional (01 a 25)',
        'el rubro 77 no está en el clasificador de rubros (00, 07, 08, 09, 13, 18, 19)',
        'la fuente de financiamiento 7 no está en el clasificador (1, 2, 3, 4, 5)',
      ]);
      expect(en.rowWarnings.map((w: { message: string }) => w.message)).toEqual([
        `the column "OBSERVACION" is not one of "${layout}": it was ignored`,
        'the devengado (1200.00) is over the PIM (1000.00); the row was imported as it is',
        'the certificación (1100.00) is over the PIM (1000.00); the row was imported as it is',
        'función 99 is not in the functional classifier (01 to 25)',
        'rubro 77 is not in the rubro classifier (00, 07, 08, 09, 13, 18, 19)',
        'fuente de financiamiento 7 is not in the classifier (1, 2, 3, 4, 5)',
      ]);
    });

    it('lists them in errors.csv too, with severity warning', async () => {
      const { body } = await request(t.http).get(`/api/v1/imports/${id}`).expect(200);
      expect(body.rowWarnings).toBeNull(); // the file's values: not for anonymous readers
      expect(body.errorsCsv).toBe(`/api/v1/imports/${id}/errors.csv`);
      const csv = await request(t.http).get(`${body.errorsCsv}?lang=en`).set('X-API-Key', t.adminKey).expect(200);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('sheet,row,column,code,message,value,severity');
      expect(lines).toHaveLength(7); // the header and six warnings
      expect(lines[2]).toBe(
        ',2,MONTO_DEVENGADO,DEVENGADO_OVER_PIM,"the devengado (1200.00) is over the PIM (1000.00); the row was imported as it is",1200.00,warning',
      );
      expect(lines[4]).toBe(',3,FUNCION,UNKNOWN_CLASSIFIER,función 99 is not in the functional classifier (01 to 25),99,warning');
    });
  });

  it('says which row won when an Invierte.pe file repeats a CUI, and keeps that row', async () => {
    const header = 'Código único de inversión,Nombre de la inversión,Monto viable,Costo actualizado,Entidad,Ubigeo';
    const file = [
      header,
      '2600001,CREACION DEL PUENTE A,100000,120000,MUNICIPALIDAD PROVINCIAL DE ESPINAR,80801', // row 2: the first of CUI 2600001
      '2600002,MEJORAMIENTO DEL CANAL B,50000,50000,MUNICIPALIDAD PROVINCIAL DE ESPINAR,80801', // row 3
      '2600001,CREACION DEL PUENTE A (OTRO TRAMO),90000,95000,MUNICIPALIDAD PROVINCIAL DE ESPINAR,80802', // row 4: the same CUI, another district
    ].join('\n');
    const res = await t.post('/api/v1/imports').attach('file', Buffer.from(file), 'invierte_snap2025-04-30.csv').expect(201);
    const es = await read(res.body.id, 'es');
    const en = await read(res.body.id, 'en');
    expect(es.rowWarnings).toEqual([
      {
        row: 4,
        column: 'Código único de inversión',
        code: 'REPEATED_CUI',
        message:
          'el CUI 2600001 ya aparece en la fila 2: se conservan el nombre, el costo y los datos de la fila 2 (la primera del archivo gana) y se añade el distrito de esta fila',
        value: '2600001',
      },
    ]);
    expect(en.rowWarnings[0].message).toBe(
      'CUI 2600001 already appears in row 2: the name, cost and details of row 2 are kept (the first row of the file wins) and this row adds its district',
    );
    // what the warning says: row 2's name and cost, the districts of both rows
    const [project] = await t.sql(`SELECT name, locations FROM project WHERE cui = '2600001'`);
    expect(project).toEqual({ name: 'CREACION DEL PUENTE A', locations: ['080801', '080802'] });
    const [cost] = await t.sql(`SELECT viable_amount::text AS viable, updated_cost::text AS updated FROM project_cost WHERE cui = '2600001'`);
    expect(cost).toEqual({ viable: '100000.00', updated: '120000.00' });
  });

  describe("the file's own date", () => {
    const lines = readFileSync(DEMO.csv2024, 'utf8').split('\n');
    const consulta = lines.slice(0, 3).join('\n'); // the header and two rows
    const undated = lines.slice(0, 4).join('\n'); // other bytes: the same file would be answered with its earlier import

    it('is read from a cut-off column: the canon file’s corte', async () => {
      // the Espinar canon file has no date in its name; its latest rows are of 2026 with corte "setiembre": through 30 September 2026
      const res = await t.post('/api/v1/imports').attach('file', 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv').expect(201);
      expect(res.body).toMatchObject({ format: 'canon-transfers', snapshotDate: '2026-09-30', snapshotSource: 'file' });
    });

    it('is read from the file name', async () => {
      const res = await t.post('/api/v1/imports').attach('file', Buffer.from(consulta), 'consulta_amigable_corte_2025-04-30.csv').expect(201);
      expect(res.body).toMatchObject({ format: 'consulta-amigable', snapshotDate: '2025-04-30', snapshotSource: 'file' });
    });

    it('is asked for (422 SNAPSHOT_DATE_REQUIRED) when the file states none, and nothing is imported', async () => {
      const before = await count();
      const es = await t
        .post('/api/v1/imports')
        .attach('file', Buffer.from(undated), 'consulta_amigable.csv')
        .expect(422)
        .expect('content-type', /application\/problem\+json/);
      const en = await t.post('/api/v1/imports').set('Accept-Language', 'en').attach('file', Buffer.from(undated), 'consulta_amigable.csv').expect(422);
      expect([es.body.code, en.body.code]).toEqual(['SNAPSHOT_DATE_REQUIRED', 'SNAPSHOT_DATE_REQUIRED']);
      expect(es.body.message).toBe(
        'El archivo no dice a qué fecha de corte corresponden sus cifras (ni en una columna de corte, ni en un título sobre los encabezados, ni en su nombre como AAAA-MM-DD): indíquela con snapshotDate=AAAA-MM-DD. No se importó nada.',
      );
      expect(en.body.message).toBe(
        'The file does not say the cut-off date of its figures (in a cut-off column, a title above the header or its name as YYYY-MM-DD): give it as snapshotDate=YYYY-MM-DD. Nothing was imported.',
      );
      expect(await count()).toBe(before);
      // the same file with the date given is imported
      await t.post('/api/v1/imports').field('snapshotDate', '2025-04-29').attach('file', Buffer.from(undated), 'consulta_amigable.csv').expect(201);
    });
  });

  it('adds no second snapshot when the same figures come again as xlsx instead of csv, and says "sin cambios"', async () => {
    const may = readConsultaCsv(DEMO.csv2024); // 2024-2025, cut 2025-05-18
    const csv = await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201);
    const xlsx = await t.post('/api/v1/imports').attach('file', DEMO.xlsx2024).set('Accept-Language', 'es').expect(201);
    expect(xlsx.body.sha256).not.toBe(csv.body.sha256); // other bytes
    expect(xlsx.body).toMatchObject({
      snapshotDate: '2025-05-18',
      inserted: 0,
      revised: 0,
      unchanged: may.length,
      sameContentAs: csv.body.id,
      duplicate: false,
    });
    expect(xlsx.body.summary).toBe(
      `Sin cambios: las cifras son las mismas de la importación ${csv.body.id}, con el mismo corte (2025-05-18); no se guardó una segunda versión.`,
    );
    const en = await read(xlsx.body.id, 'en');
    expect(en.summary).toBe(
      `Unchanged ("sin cambios"): the figures are those of import ${csv.body.id}, at the same cut-off (2025-05-18); no second version was stored.`,
    );

    // one snapshot of 2024 for Espinar's provincial municipality, the csv's, as the file has it
    const espinar = may.find((r) => r.ubigeo === '080801' && r.year === 2024)!;
    const history = await request(t.http).get('/api/v1/execution/history?municipality=080801&year=2024').expect(200);
    expect(history.body.snapshots.map((s: { snapshotDate: string; importId: number; devengado: string }) => [s.snapshotDate, s.importId, s.devengado])).toEqual(
      [['2025-05-18', csv.body.id, `${espinar.devengado}.00`]],
    );
    const [{ stored }] = await t.sql('SELECT count(*)::int AS stored FROM execution_snapshot WHERE import_id = $1', [xlsx.body.id]);
    expect(stored).toBe(0);
  });
});
