// The compare (/comparar) and upload (/subir) pages in a real browser (headless Chromium) against the real
// service, seeded with the bundled data. Screenshots go to test-output/ (git-ignored) for a person to look at.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { axe, isolated, soles, spaces, startBrowser } from './support/browser.js';
import { DEMO } from './support/files.js';
import { TEST_ADMIN_KEY, type TestApp, createTestApp } from './support/test-app.js';

interface InPage {
  document: { getElementById(id: string): unknown; documentElement: { scrollWidth: number } };
  echarts: { getInstanceByDom(element: unknown): unknown };
  sessionStorage: { getItem(key: string): string | null };
}

let t: TestApp;
let base: string;
let browser: Browser;
let context: BrowserContext;
/** Every URL the pages asked for that was not the service on 127.0.0.1. */
const outside: string[] = [];

/** "5406.85" → "S/ 5,407": to the nearest sol (half up), then as `soles` writes it. */
const nearestSol = (amount: string) => {
  const [units, cents = '00'] = amount.split('.');
  return soles(`${BigInt(units) + (Number(cents[0]) >= 5 ? 1n : 0n)}.00`);
};
const pageWidth = () => (globalThis as unknown as InPage).document.documentElement.scrollWidth;

/** The header and the first four rows of the real 2024-2025 export (file rows 2-5). */
const lines = readFileSync(DEMO.csv2024, 'utf8').split('\n').slice(0, 5);
/** File row 4 gets a PIA that is not a number. */
const broken = () => {
  const rows = [...lines];
  rows[3] = rows[3].replace(/"[\d,]+"/, '"12,3x4"');
  return Buffer.from(rows.join('\n'));
};
/** File row 3 (2024, 010102 Asunción: PIM 895,516, devengado 712,204) with its PIM raised by 5,000 soles. */
const revisedRow = lines[2].replace('"895,516"', '"900,516"').replace(/79\.5(\r?)$/, '79.1$1'); // 712,204 / 900,516 = 79.09 %; the export's lines end in CRLF
const revisedFile = () => Buffer.from([lines[0], lines[1], revisedRow, lines[3], lines[4]].join('\n'));

beforeAll(async () => {
  t = await createTestApp({ seedDemoData: true });
  ({ base, browser, context } = await startBrowser(t, outside));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(path: string, ready: string, width = 1280, at = { context, base }): Promise<Page> {
  const page = await at.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(at.base + path);
  await page.locator(ready).first().waitFor();
  expect(errors).toEqual([]);
  return page;
}

async function keepKey(page: Page): Promise<void> {
  await page.getByLabel('Clave de API', { exact: true }).fill(TEST_ADMIN_KEY);
  await page.getByRole('button', { name: 'Usar esta clave' }).click();
  await page.locator('#clave-estado').waitFor();
}

const importCount = async () => (await request(t.http).get('/api/v1/imports?limit=1').set('X-API-Key', TEST_ADMIN_KEY).expect(200)).body.total as number;
const asuncion2024 = async () => (await request(t.http).get('/api/v1/execution?municipality=010102&year=2024&groupBy=municipality').expect(200)).body.rows[0];

describe('the upload page at /subir', () => {
  it('shows a rejected file’s row, column, value and Spanish message, then the English one after the switch, writing nothing', async () => {
    const before = await importCount();
    const page = await open('/subir', '#clave');
    await keepKey(page);
    // the key is kept for the session only
    expect(await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('canon-tracker.apiKey'))).toBe(TEST_ADMIN_KEY);
    await page.setInputFiles('#archivo', { name: 'gasto_2025-06-01.csv', mimeType: 'text/csv', buffer: broken() });
    await page.getByRole('button', { name: 'Probar sin guardar' }).click();
    await page.locator('#errores tbody tr').first().waitFor();
    // src/i18n row problems: INVALID_AMOUNT is "no es un número" / "not a number"
    const cells = async () => (await page.locator('#errores tbody tr').first().locator('th, td').allTextContents()).map(spaces);
    expect(await cells()).toEqual(['4', 'PIA', '12,3x4', 'no es un número']);
    expect(await page.locator('#problema').textContent()).toContain('El archivo tiene 1 problema(s) en 1 fila(s)');
    expect(await page.locator('#importar').isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-output/subir-errores.png', fullPage: true });

    await Promise.all([page.waitForURL(/lang=en/), page.getByRole('link', { name: 'Read this page in English' }).click()]);
    await page.locator('#clave-estado').waitFor(); // the key survived the reload
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.setInputFiles('#archivo', { name: 'gasto_2025-06-01.csv', mimeType: 'text/csv', buffer: broken() });
    await page.getByRole('button', { name: 'Try without saving' }).click();
    await page.locator('#errores tbody tr').first().waitFor();
    expect(await cells()).toEqual(['4', 'PIA', '12,3x4', 'not a number']);
    expect(await page.locator('#problema').textContent()).toContain('The file has 1 problem(s) in 1 row(s)');
    await page.screenshot({ path: 'test-output/subir-errores-en.png', fullPage: true });
    await page.close();
    expect(await importCount()).toBe(before);
  });

  it('tries a good file first, showing what would change and changing nothing, then imports it', async () => {
    const before = { imports: await importCount(), row: await asuncion2024() };
    expect(before.row.pim).toBe('895516.00'); // the 2024-2025 export, file row 3
    const page = await open('/subir?municipio=010102&anio=2024', '#clave');
    expect(await page.locator('#plantilla').getAttribute('href')).toBe('/api/v1/imports/template.xlsx?municipality=010102&year=2024');
    await keepKey(page);
    await page.setInputFiles('#archivo', { name: 'gasto_snap2025-06-01.csv', mimeType: 'text/csv', buffer: revisedFile() });
    expect(revisedRow).toMatch(/"900,516".*,79\.1\r?$/);
    await page.getByRole('button', { name: 'Probar sin guardar' }).click();
    await page.locator('#cambios').waitFor();
    expect(spaces(await page.locator('#resultado-lead').textContent())).toBe('Prueba: no se guardó nada. Esto es lo que cambiaría:');
    // four rows read; the one with a new PIM is revised, the other three equal the 2025-05-18 snapshot
    const figures = async () =>
      Object.fromEntries(
        await Promise.all(['filas', 'nuevas', 'revisadas', 'sin-cambios'].map(async (id) => [id, spaces(await page.locator(`#n-${id}`).textContent())])),
      );
    expect(await figures()).toEqual({ filas: '4', nuevas: '0', revisadas: '1', 'sin-cambios': '3' });
    await page.screenshot({ path: 'test-output/subir-prueba.png', fullPage: true });
    expect(await importCount()).toBe(before.imports);
    expect(await asuncion2024()).toEqual(before.row);

    await page.getByRole('button', { name: 'Importar' }).click();
    await page.locator('#resultado-lead', { hasText: 'Importación terminada.' }).waitFor();
    expect(await figures()).toEqual({ filas: '4', nuevas: '0', revisadas: '1', 'sin-cambios': '3' });
    expect(await importCount()).toBe(before.imports + 1);
    expect((await asuncion2024()).pim).toBe('900516.00');
    await page.locator('#historial td', { hasText: 'gasto_snap2025-06-01.csv' }).waitFor();
    await page.screenshot({ path: 'test-output/subir-importado.png', fullPage: true });

    // the same file tried again: the trial says it was imported before (it showed the import's counts as a trial's)
    await page.setInputFiles('#archivo', { name: 'gasto_snap2025-06-01.csv', mimeType: 'text/csv', buffer: revisedFile() });
    await page.getByRole('button', { name: 'Probar sin guardar' }).click();
    await page.locator('#resultado-lead', { hasText: 'Este archivo ya se había importado: no cambió nada.' }).waitFor();
    expect(await importCount()).toBe(before.imports + 1);
    await page.close();
  });

  it('takes a dropped file, imports its valid rows when asked to skip the bad ones, and links the errors.csv of the import', async () => {
    const page = await open('/subir?lang=en', '#clave');
    await page.getByLabel('API key', { exact: true }).fill(TEST_ADMIN_KEY);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByLabel('import the valid rows and list the others').check();
    // dropped on the drop zone rather than chosen
    const dataTransfer = await page.evaluateHandle((text) => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dropped = new g.DataTransfer();
      dropped.items.add(new g.File([text], 'gasto-skip_2025-06-02.csv', { type: 'text/csv' }));
      return dropped;
    }, broken().toString('utf8'));
    await page.dispatchEvent('#soltar', 'drop', { dataTransfer });
    expect(spaces(await page.locator('#elegido').textContent())).toBe('File chosen: gasto-skip_2025-06-02.csv');
    await page.getByRole('button', { name: 'Try without saving' }).click();
    await page.locator('#cambios').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('#errores-csv').waitFor();
    // three good rows read and kept, file row 4 left out
    expect(spaces(await page.locator('#n-rechazadas').textContent())).toBe('1');
    const id = new URL(page.url()).searchParams.get('importacion');
    expect(await page.locator('#errores-csv').getAttribute('href')).toBe(`/api/v1/imports/${id}/errors.csv?lang=en`);
    // the file needs the key, so the page fetches it with the key and saves it
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#errores-csv').click()]);
    const text = await readFile((await download.path()) as string, 'utf8');
    expect(text.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'sheet,row,column,code,message,value,severity',
      ',4,PIA,INVALID_AMOUNT,not a number,"12,3x4",error',
      '',
    ]);
    await page.close();
  });

  it('has no serious or critical accessibility violation, and fits 360 px', async () => {
    const page = await open('/subir', '#clave', 360);
    expect(await axe(page)).toEqual([]);
    expect(await page.evaluate(pageWidth)).toBeLessThanOrEqual(360);
    await keepKey(page);
    await page.locator('#historial table').waitFor();
    expect(await axe(page)).toEqual([]);
    expect(await page.evaluate(pageWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-output/subir-360.png', fullPage: true });
    await page.close();
  });

  it('refuses a dropped file whose name states no cut-off date, asking for it in Spanish, then takes it with the date given', async () => {
    const before = await importCount();
    const page = await open('/subir', '#clave');
    await keepKey(page);
    // the export's header and first four rows, as they are: the export has no cut-off column, and this name no date
    const dataTransfer = await page.evaluateHandle((text) => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dropped = new g.DataTransfer();
      dropped.items.add(new g.File([text], 'gasto-municipal.csv', { type: 'text/csv' }));
      return dropped;
    }, lines.join('\n'));
    await page.dispatchEvent('#soltar', 'drop', { dataTransfer });
    await page.getByRole('button', { name: 'Probar sin guardar' }).click();
    await page.locator('#problema').waitFor();
    // src/i18n/problems.ts SNAPSHOT_DATE_REQUIRED, in Spanish
    expect(spaces(await page.locator('#problema').textContent())).toMatch(
      /^El archivo no dice a qué fecha de corte corresponden sus cifras .*No se importó nada\.$/,
    );
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe(
      'fecha-corte',
    );
    expect(await page.locator('#importar').isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-output/subir-sin-fecha.png', fullPage: true });
    expect(await importCount()).toBe(before);

    await page.getByLabel('Fecha de corte (opcional)').fill('2025-06-03');
    await page.getByRole('button', { name: 'Probar sin guardar' }).click();
    await page.locator('#resultado-lead', { hasText: 'Prueba: no se guardó nada.' }).waitFor();
    await page.getByRole('button', { name: 'Importar' }).click();
    await page.locator('#resultado-lead', { hasText: 'Importación terminada.' }).waitFor();
    expect(spaces(await page.locator('#resultado').textContent())).toContain('gasto-municipal.csv · 2025-06-03');
    expect(await importCount()).toBe(before + 1);
    const [latest] = (await request(t.http).get('/api/v1/imports?limit=1').set('X-API-Key', TEST_ADMIN_KEY).expect(200)).body.items;
    expect(latest).toMatchObject({ fileName: 'gasto-municipal.csv', snapshotDate: '2025-06-03', status: 'completed' });
    await page.close();
  });
});

describe('a background import on /subir', () => {
  let small: TestApp;
  const at = { context: undefined as unknown as BrowserContext, base: '' };

  beforeAll(async () => {
    small = await createTestApp({ backgroundImportBytes: 100 }); // every import over 100 bytes runs in the background
    await new Promise<void>((resolve) => small.http.listen(0, '127.0.0.1', resolve));
    at.base = `http://127.0.0.1:${(small.http.address() as AddressInfo).port}`;
    at.context = await isolated(browser, at.base, outside);
  });
  // its context is left to browser.close(): closing one in Chromium's single-process mode ends the browser
  afterAll(() => small?.close());

  it('is followed until it ends, its id kept in the URL', async () => {
    const page = await open('/subir', '#clave', 1280, at);
    await keepKey(page);
    await page.setInputFiles('#archivo', { name: 'gasto_snap2025-06-01.csv', mimeType: 'text/csv', buffer: revisedFile() });
    await page.getByRole('button', { name: 'Probar sin guardar' }).click(); // a dry run never goes to the background
    await page.locator('#cambios').waitFor();
    const polled: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/v1\/imports\/\d+$/.test(r.url())) polled.push(r.url());
    });
    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST'),
      page.waitForURL(/importacion=\d+/),
      page.getByRole('button', { name: 'Importar' }).click(),
    ]);
    expect(posted.status()).toBe(202);
    await page.locator('#resultado-lead', { hasText: 'Importación terminada.' }).waitFor();
    expect(polled.length).toBeGreaterThan(0); // it was followed through GET /imports/{id}
    // an empty database: the four municipality-years are new
    expect(spaces(await page.locator('#n-nuevas').textContent())).toBe('4');
    const id = new URL(page.url()).searchParams.get('importacion');
    const record = (await request(small.http).get(`/api/v1/imports/${id}`).expect(200)).body;
    expect([record.status, record.fileName, record.inserted]).toEqual(['completed', 'gasto_snap2025-06-01.csv', 4]);
    await page.close();
  });

  it('says when another instance took the import over and reads it again from the start, until it ends', async () => {
    // an import as the API shows it once a second instance took it over from one that stopped answering: attempt 2, its
    // lease fresh (this instance does not take it), 40 % of the file read again
    const [{ id }] = await small.sql(
      `INSERT INTO import (file_name, sha256, size_bytes, format, file_type, snapshot_date, snapshot_source, status, rows_read, inserted, revised, unchanged, years,
                           created_by, started_at, heartbeat_at, spool_file, request, attempt, lapsed_attempts, takeover, bytes_read)
       VALUES ('gasto_snap2025-07-01.csv', repeat('c', 64), 1000, 'mef-gasto', 'csv', '2025-07-01', 'file', 'running', 0, 0, 0, 0, '{}', 'admin',
               now(), now() + interval '1 hour', 'taken-over', '{}', 2, 1, 'lease_expired', 400)
       RETURNING id`,
    );
    const page = await open('/subir', '#clave', 1280, at);
    await keepKey(page);
    await page.goto(`${at.base}/subir?importacion=${id}`);
    const label = page.locator('#avance-label');
    await label.waitFor();
    expect(spaces(await label.textContent())).toBe(
      'Avance de la importación: 40.0 % (intento 2: la instancia que la leía dejó de responder; otra la lee de nuevo desde el inicio)',
    );
    // when it ends, the page shows how, and stops following it
    await small.sql(`UPDATE import SET status = 'failed', failure = '{"code": "INTERRUPTED", "message": "Detenida en la prueba."}' WHERE id = $1`, [id]);
    await page.locator('#resultado-lead', { hasText: 'Detenida en la prueba.' }).waitFor();
    await page.close();
  });
});

describe('the compare page at /comparar', () => {
  it('shows each place’s PIM for 2022 as the API gives it, beside a grouped bar chart', async () => {
    const espinar = (await request(t.http).get('/api/v1/execution?province=0808&year=2022&groupBy=province').expect(200)).body.rows[0];
    const cusco = (await request(t.http).get('/api/v1/execution?province=0801&year=2022&groupBy=province').expect(200)).body.rows[0];
    expect(espinar.pim).toBe('450564829.00'); // Consulta Amigable 2022, the eight municipalities of Espinar
    const page = await open('/comparar?lugares=0808,0801&anio=2022', '#comparacion tbody tr');
    const rows = page.locator('#comparacion tbody tr');
    expect(await rows.count()).toBe(2);
    for (const [i, api] of [espinar, cusco].entries()) {
      const cells = (await rows.nth(i).locator('th, td').allTextContents()).map(spaces);
      expect([cells[0], cells[2]]).toEqual([`${api.name} (${i === 0 ? '0808' : '0801'})`, soles(api.pim)]);
      expect(cells[5]).toBe(nearestSol(api.devengadoPerCapita));
    }
    // by hand: Espinar's 335,981,965 soles of devengado over its 62,140 inhabitants = 5,406.85 a head
    expect([espinar.population, espinar.devengadoPerCapita]).toEqual([62140, '5406.85']);
    expect(nearestSol(espinar.devengadoPerCapita)).toBe('S/ 5,407');
    expect(
      await page.evaluate(() => {
        const { document, echarts } = globalThis as unknown as InPage;
        const box = document.getElementById('comparacion');
        return box !== null && echarts.getInstanceByDom((box as { querySelector(s: string): unknown }).querySelector('.chart')) !== undefined;
      }),
    ).toBe(true);
    await page.screenshot({ path: 'test-output/comparar-2022.png', fullPage: true });

    // a place added by its code and one removed: the URL keeps the state
    await page.getByLabel('Código ubigeo (2, 4 o 6 dígitos)').fill('080801');
    await Promise.all([page.waitForURL(/lugares=0808%2C0801%2C080801|lugares=0808,0801,080801/), page.getByRole('button', { name: 'Añadir' }).click()]);
    await page.locator('#comparacion tbody tr').nth(2).waitFor();
    await Promise.all([
      page.waitForURL(/lugares=0801%2C080801|lugares=0801,080801/),
      page.getByRole('button', { name: `Quitar ${espinar.name} (0808)` }).click(),
    ]);
    await page.locator('#comparacion tbody tr').first().waitFor();
    expect(await page.locator('#comparacion tbody tr').count()).toBe(2);
    await page.close();
  });

  it('has no serious or critical accessibility violation, at 1280 and at 360 px, in Spanish and English', async () => {
    const page = await open('/comparar?lugares=0808,0801,080801&anio=2022', '#comparacion tbody tr');
    expect(await axe(page)).toEqual([]);
    await page.close();
    const narrow = await open('/comparar?lugares=0808,0801,080801&anio=2022&lang=en', '#comparacion tbody tr', 360);
    expect(await narrow.locator('html').getAttribute('lang')).toBe('en');
    expect(spaces(await narrow.locator('h1').textContent())).toBe('Compare places');
    expect(await axe(narrow)).toEqual([]);
    expect(await narrow.evaluate(pageWidth)).toBeLessThanOrEqual(360);
    await narrow.screenshot({ path: 'test-output/comparar-360-en.png', fullPage: true });
    await narrow.close();
  });
});

describe('serving', () => {
  it('links the pages from the footer of the map, and asked nothing of any host but the service', async () => {
    const page = await open('/', 'footer.site nav');
    expect(
      await page.locator('footer.site nav a').evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href'))),
    ).toEqual(['/', '/comparar', '/subir', '/datos']);
    await page.close();
    expect(outside).toEqual([]);
  });
});
