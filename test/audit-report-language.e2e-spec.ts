import { createRequire } from 'node:module';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { getWorkbook } from './support/workbook.js';

/** exceljs's own zip reader, to look at the workbook's parts. */
const unzipper = createRequire(createRequire(import.meta.url).resolve('exceljs'))('unzipper') as {
  Open: { buffer(b: Buffer): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> };
};

const MEF = [
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO',
  'M,300740,08,08,01,2,2300000,AGUA POTABLE EN ÑUÑUMAYO,18,SANEAMIENTO,040,SANEAMIENTO,0088,SANEAMIENTO RURAL,5,RECURSOS DETERMINADOS,18,"CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES",2024,1000,2500.5,2000,1800,1200.25,1100',
].join('\n');
const URL = '/api/v1/reports/audit.xlsx?municipality=080801&year=2024';

describe('the audit report in Spanish, and in English with lang=en', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', Buffer.from(MEF), 'gasto.csv').expect(201);
  });
  afterAll(() => t.close());

  it('names its sheets and columns in Spanish by default, with its methodology in Spanish', async () => {
    const { sheets } = await getWorkbook(t.http, URL);
    expect([...sheets.keys()]).toEqual([
      'Resumen',
      'Dimensiones CEPAL',
      'Canon no gastado',
      'Canon por año y saldo',
      'Brecha PIA → PIM',
      'Mayores proyectos del PIA',
      'Aumento de costo',
      'Proyectos urbanos y rurales',
      'Municipios urbanos y rurales',
      'Rurales nunca ejecutados',
      'Público y privado',
      'Alineamiento con el plan',
      'Proyectos',
      'Obras con alertas',
      'Metodología',
    ]);
    expect(sheets.get('Resumen')![0]).toEqual(['Período', 'Hallazgo']);
    // every column of every sheet has Spanish words: no CSV name (lower case and underscores) is left
    const csvNames = [...sheets].flatMap(([name, rows]) => rows[0].filter((h) => /^[a-z0-9_]+$/.test(String(h))).map((h) => `${name}: ${h}`));
    expect(csvNames).toEqual([]);
    const projects = sheets.get('Proyectos')!;
    expect(projects[0]).toEqual([
      'Período',
      'CUI',
      'Nombre',
      'Ubicación',
      'Área',
      'Origen del área',
      'PIA',
      'PIM',
      'Devengado',
      'Tasa de ejecución (%)',
      'Primer costo',
      'Último costo',
      'Aumento de costo (%)',
      'Alertas',
    ]);
    // the file's one project: amounts as numbers, not text
    const row = projects.find((r) => r[1] === '2300000')!;
    expect([row[6], row[7], row[8]]).toEqual([1000, 2500.5, 1200.25]);
    const methodology = new Map(sheets.get('Metodología')!.map((r) => [r[0], r[1]]));
    expect(sheets.get('Metodología')![0]).toEqual(['Concepto', 'Valor']);
    expect(methodology.get('tasa de ejecución')).toBe('devengado ÷ PIM × 100, un decimal, redondeado alejándose de cero');
    expect(methodology.get('corte')).toBe('el último');
    expect(methodology.get('execution rate')).toBeUndefined();
  });

  it('names them in English with lang=en, headed by the CSV header rows', async () => {
    const { sheets } = await getWorkbook(t.http, `${URL}&lang=en`);
    expect([...sheets.keys()][0]).toBe('Summary');
    expect(sheets.get('Projects')![0]).toEqual(
      'period,cui,name,location,area,area_source,pia,pim,devengado,execution_rate_pct,first_cost,latest_cost,cost_growth_pct,flags'.split(','),
    );
    const methodology = new Map(sheets.get('Methodology')!.map((r) => [r[0], r[1]]));
    expect(methodology.get('execution rate')).toBe('devengado ÷ PIM × 100, one decimal, half away from zero');
    expect(methodology.get('snapshot')).toBe('latest');
  });

  it('words the category values in Spanish (codes in English), cell for cell', async () => {
    const es = (await getWorkbook(t.http, URL)).sheets;
    const en = (await getWorkbook(t.http, `${URL}&lang=en`)).sheets;
    // the codes and their Spanish words, written here apart from src/i18n/report-labels.ts
    const AREA: Record<string, string> = { urban: 'urbana', rural: 'rural', unknown: 'desconocida' };
    const project = (sheets: typeof es, title: string) => sheets.get(title)!.find((r) => r[1] === '2300000')!;
    const areaEn = project(en, 'Projects')[4] as string;
    expect(Object.keys(AREA)).toContain(areaEn);
    expect(project(es, 'Proyectos')[4]).toBe(AREA[areaEn]);
    // the planning gap's measures (rows 2-6 of the sheet, one period), and the public side of public vs private
    expect(
      es
        .get('Brecha PIA → PIM')!
        .slice(1, 6)
        .map((r) => r[1]),
    ).toEqual([
      'proyectos con PIM (monto: PIM)',
      'de ellos, en el PIA (monto: PIM)',
      'agregados durante el año (monto: PIM)',
      'en el PIA (monto: PIA)',
      'en el PIA, retirados del PIM (monto: PIA)',
    ]);
    expect(en.get('Planning gap PIA → PIM')![1][1]).toBe('projects with PIM (amount: PIM)');
    expect(es.get('Público y privado')![1].slice(1, 4)).toEqual(['total', 'public', 'devengado público']);
    // the urban and rural projects' areas, as words
    expect(
      es
        .get('Proyectos urbanos y rurales')!
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(
      en
        .get('Urban-rural projects')!
        .slice(1)
        .map((r) => AREA[r[1] as string] ?? r[1]),
    );
    // the works' flags in the methodology: each code in words, then its meaning, in Spanish
    const method = new Map(es.get('Metodología')!.map((r) => [r[0], r[1]]));
    expect(method.get('obras con alertas')).toMatch(/paralizada = .*; vencida = .*; sin seguimiento reciente = /);
    expect(method.get('obras con alertas')).not.toMatch(/no_recent_follow_up|more than/);
  });

  it('shows amounts in soles: each money cell of the Projects sheet is a number styled S/ #,##0.00', async () => {
    const res = await request(t.http)
      .get(URL)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const zip = await unzipper.Open.buffer(res.body as Buffer);
    const part = async (path: string) => (await zip.files.find((f) => f.path === path)!.buffer()).toString('utf8');
    const styles = await part('xl/styles.xml');
    const formats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]+)"/g)].map((m) => [m[1], m[2].replaceAll('&quot;', '"')]));
    const xfs = [...styles.slice(styles.indexOf('<cellXfs')).matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => m[1]);
    // Proyectos is the 13th sheet; its row 2 is the project, PIA, PIM and devengado in G, H and I
    const sheet = await part('xl/worksheets/sheet13.xml');
    for (const [column, value] of [
      ['G', '1000'],
      ['H', '2500.5'],
      ['I', '1200.25'],
    ]) {
      const [, style, type, v] = new RegExp(`<c r="${column}2" s="(\\d+)"( t="\\w+")?><v>([^<]*)</v>`).exec(sheet)!;
      expect([column, type, v, formats.get(xfs[Number(style)])]).toEqual([column, undefined, value, '"S/" #,##0.00']);
    }
  });
});
