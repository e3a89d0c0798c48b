import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import request from 'supertest';
import { FUNCTIONS, RUBROS } from '../src/budget/classifiers.js';
import { ExcelJS } from '../src/common/exceljs.js';
import { TEMPLATE_COLUMNS } from '../src/imports/formats/template.format.js';
import { DEMO } from './support/files.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { getWorkbook } from './support/workbook.js';

const REGISTRY = join('data', 'demo', 'invierte_banco_inversiones_moquegua_5221rows_snap2024-09-12.csv');
/** San Antonio (Mariscal Nieto, Moquegua): in the registry and in Consulta Amigable, with no budget lines. */
const SAN_ANTONIO = '180107';

/** A plain RFC 4180 reading (quotes, doubled quotes, commas and line breaks inside quotes), independent of the service's parser. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((r) => r.some((c) => c !== ''));
}

/**
 * The registry's projects in a district, by CUI, as the template should list them: one project per CUI (it may reach
 * several districts), named by its first row the import keeps (a CUI of digits in a real district; onError=skip leaves the others out).
 */
function registryProjects(ubigeo: string): [string, string][] {
  const districts = new Set(csvRows(readFileSync(join('data', 'reference', 'municipalities.csv'), 'utf8')).map((r) => r[0]));
  const [header, ...all] = csvRows(readFileSync(REGISTRY, 'utf8').replace(/^\uFEFF/, ''));
  const [cui, name, district] = ['Código único de inversión', 'Nombre de la inversión', 'Ubigeo'].map((h) => header.indexOf(h));
  const rows = all.filter((r) => /^\d+$/.test(r[cui]) && districts.has(r[district]));
  const first = new Map<string, string>();
  for (const r of rows) if (!first.has(r[cui])) first.set(r[cui], r[name].trim());
  const here = new Set(rows.filter((r) => r[district] === ubigeo).map((r) => r[cui]));
  return [...here].sort().map((c) => [c, first.get(c)!]);
}

/** San Antonio's 2024 row of the Consulta Amigable export: PIA, PIM, certificación, compromiso anual, devengado, girado in whole soles. */
function consultaRow(ubigeo: string, year: number): number[] {
  const rows = csvRows(readFileSync(DEMO.csv2024, 'utf8').replace(/^\uFEFF/, ''));
  const row = rows.find((r) => r[0] === String(year) && r[3].startsWith(`${ubigeo}-`))!;
  // columns: Año, Departamento, Provincia, Municipalidad, PIA, PIM, Certificación, Compromiso Anual, Atención de Compromiso Mensual, Devengado, Girado
  return [4, 5, 6, 7, 9, 10].map((i) => Number(row[i].replace(/,/g, '')));
}

/** A data-sheet row as 16 cells, an empty cell (missing or empty text) as null. */
const sixteen = (r: unknown[]) => Array.from({ length: 16 }, (_, i) => (r[i] === undefined || r[i] === '' ? null : r[i]));

describe('the template of a municipality without budget lines', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').field('onError', 'skip').attach('file', REGISTRY).expect(201);
    await t.post('/api/v1/imports').attach('file', DEMO.csv2024).expect(201);
    // San Antonio's canon spending by función in 2024 (the layout of the bundled Espinar file; "canon" in its name states rubro 18)
    const byFunction = [
      'ubigeo,entity_type,entity_name,year,funcion,monto_devengado,monto_pim',
      '180107,MUNICIPALIDAD,MUNICIPALIDAD DISTRITAL DE SAN ANTONIO,2024,TRANSPORTE,500.5,1000',
      '180107,MUNICIPALIDAD,MUNICIPALIDAD DISTRITAL DE SAN ANTONIO,2024,SALUD,0,200',
    ].join('\n');
    await t.post('/api/v1/imports').field('snapshotDate', '2024-10-01').attach('file', Buffer.from(byFunction), 'gasto_canon_por_funcion.csv').expect(201);
  });
  afterAll(() => t.close());

  it('lists its registry projects to fill, with the drop-down lists, and its Consulta Amigable totals beside', async () => {
    const { sheets } = await getWorkbook(t.http, `/api/v1/imports/template.xlsx?municipality=${SAN_ANTONIO}&year=2024`);
    expect([...sheets.keys()]).toEqual(['Datos', 'Instrucciones', 'Listas', 'Referencia']);
    const data = sheets.get('Datos')!;
    expect(data[0]).toEqual(TEMPLATE_COLUMNS.map((c) => c.header));
    const projects = registryProjects(SAN_ANTONIO);
    expect(projects).toHaveLength(16); // CUIs with a row in San Antonio; 2610419 and 2651472 reach other districts too
    expect(data.slice(1).map(sixteen)).toEqual(projects.map(([cui, name]) => [2024, SAN_ANTONIO, 'Proyecto', cui, name, ...Array(11).fill(null)]));

    // the reference: the export's 2024 row of San Antonio, as numbers, with the export's cut-off date
    const reference = sheets.get('Referencia')!;
    const totals = reference.findIndex((r) => r[0] === 'Año' && r[2] === 'PIA');
    expect(reference[totals]).toEqual(['Año', 'Fecha de corte', 'PIA', 'PIM', 'Certificación', 'Compromiso anual', 'Devengado', 'Girado']);
    // 104,533,069 / 244,762,261 / 236,436,574 / 206,975,397 / 202,082,747 / 202,074,506 in the file
    expect(reference[totals + 1]).toEqual([2024, '2025-05-18', ...consultaRow(SAN_ANTONIO, 2024)]);
    expect(typeof reference[totals + 2]?.[0]).not.toBe('number'); // no 2025 row: the year asked is 2024
    // and its spending by función, by code (TRANSPORTE is 15, SALUD 20)
    const byFunction = reference.findIndex((r) => r[0] === 'Año' && r[2] === 'Función');
    expect(reference.slice(byFunction)).toEqual([
      ['Año', 'Fecha de corte', 'Función', 'Rubro', 'PIM', 'Devengado'],
      [2024, '2024-10-01', `15 - ${FUNCTIONS['15']}`, `18 - ${RUBROS['18'].name}`, 1000, 500.5],
      [2024, '2024-10-01', `20 - ${FUNCTIONS['20']}`, `18 - ${RUBROS['18'].name}`, 200, 0],
    ]);

    // the drop-down lists of Tipo, Función, Rubro and Área still reach the prefilled rows
    const res = await request(t.http)
      .get(`/api/v1/imports/template.xlsx?municipality=${SAN_ANTONIO}&year=2024`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const unzipper = createRequire(createRequire(import.meta.url).resolve('exceljs'))('unzipper') as {
      Open: { buffer(b: Buffer): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> };
    };
    const zip = await unzipper.Open.buffer(res.body as Buffer);
    const sheet = (await zip.files.find((f) => f.path === 'xl/worksheets/sheet1.xml')!.buffer()).toString('utf8');
    expect([...sheet.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['C2:C50000', 'F2:F50000', 'I2:I50000', 'P2:P50000']);
  });

  it('leaves the year to the planner when none is asked, and shows every year of the totals', async () => {
    const { sheets } = await getWorkbook(t.http, `/api/v1/imports/template.xlsx?municipality=${SAN_ANTONIO}`);
    const data = sheets.get('Datos')!.slice(1).map(sixteen);
    expect(data.map((r) => [r[0], r[3]])).toEqual(registryProjects(SAN_ANTONIO).map(([cui]) => [null, cui]));
    const years = sheets
      .get('Referencia')!
      .filter((r) => typeof r[0] === 'number')
      .map((r) => `${r[0]} ${typeof r[2] === 'number' ? 'totals' : r[2]}`);
    expect(years).toEqual(['2024 totals', '2025 totals', `2024 15 - ${FUNCTIONS['15']}`, `2024 20 - ${FUNCTIONS['20']}`]);
  });

  it('imports the rows the planner filled and skips the projects left as they came', async () => {
    const { sheets } = await getWorkbook(t.http, `/api/v1/imports/template.xlsx?municipality=${SAN_ANTONIO}&year=2024`);
    const rows = sheets.get('Datos')!;
    // the planner fills two projects (as a spreadsheet program saves the workbook again) and leaves the other 14
    const filled = [
      ['15 - TRANSPORTE', '033 - TRANSPORTE TERRESTRE', '0066 - VÍAS URBANAS', '18', 100000, 250000.5, 0, 0, 120000.25, 100000],
      ['05 - ORDEN PUBLICO Y SEGURIDAD', '016 - ORDEN INTERNO', '0030 - OPERACIONES POLICIALES', '18', 0, 80000, 0, 0, 0, 0],
    ];
    const path = join(t.dataDir, 'san-antonio-llena.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = writer.addWorksheet('Datos');
    sheet.addRow(rows[0]).commit();
    for (const [i, row] of rows.slice(1).entries()) {
      const cells = sixteen(row);
      if (i < filled.length) cells.splice(5, 10, ...filled[i]);
      sheet.addRow(cells).commit();
    }
    sheet.commit();
    await writer.commit();

    const res = await t.post('/api/v1/imports').field('snapshotDate', '2024-10-31').attach('file', path).expect(201);
    expect(res.body).toMatchObject({ format: 'template', rowsRead: 16, rowsSkipped: 14, inserted: 2 });
    const [first, second] = registryProjects(SAN_ANTONIO);
    const lines = await t.sql(
      `SELECT product_code, function_code, rubro_code, pim::text, devengado::text FROM budget_line WHERE import_id = $1 ORDER BY product_code`,
      [res.body.id],
    );
    expect(lines).toEqual([
      { product_code: first[0], function_code: '15', rubro_code: '18', pim: '250000.50', devengado: '120000.25' },
      { product_code: second[0], function_code: '05', rubro_code: '18', pim: '80000.00', devengado: '0.00' },
    ]);
    // now it has budget lines: the template holds them, not the registry's projects
    const again = await getWorkbook(t.http, `/api/v1/imports/template.xlsx?municipality=${SAN_ANTONIO}&year=2024`);
    expect(
      again.sheets
        .get('Datos')!
        .slice(1)
        .map((r) => [r[3], r[10]]),
    ).toEqual([
      [first[0], 250000.5],
      [second[0], 80000],
    ]);
  });
});
