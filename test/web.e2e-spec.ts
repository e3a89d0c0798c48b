// The web app in a real browser (headless Chromium) against the real service, seeded with the bundled
// data as a fresh start loads it. Screenshots go to test-output/ (git-ignored) for a person to look at.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { axe, soles, spaces, startBrowser } from './support/browser.js';
import { areaCanonPerHead, canonReceivedOf, cuscoCanon, espinarCanon, municipalities } from './support/peers-reference.js';
import { type TestApp, createTestApp } from './support/test-app.js';

let t: TestApp;
let base: string;
let browser: Browser;
let context: BrowserContext;
/** Every URL the pages asked for that was not the service on 127.0.0.1. */
const outside: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ seedDemoData: true });
  // nothing may leave the machine: a request elsewhere is recorded in `outside` and refused
  ({ base, browser, context } = await startBrowser(t, outside));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

// Functions run in the page see its globals through this type: the tests compile without the DOM library.
interface InPageElement {
  getBoundingClientRect(): { left: number; top: number };
}
interface InPageChart {
  getModel(): { getSeriesByIndex(i: number): { coordinateSystem: { regions: { name: string }[] } } };
  convertToPixel(finder: { seriesIndex: number }, name: string): number[];
  getOption(): { series: { data: { name: string; value: number }[] }[] };
}
interface InPage {
  document: {
    getElementById(id: string): InPageElement | null;
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
    documentElement: { scrollWidth: number };
  };
  echarts: { getInstanceByDom(element: InPageElement): InPageChart | undefined };
}

const mapDrawn = () => {
  const { document, echarts } = globalThis as unknown as InPage;
  const box = document.getElementById('mapa');
  return box !== null && echarts.getInstanceByDom(box) !== undefined;
};
const pageWidth = () => (globalThis as unknown as InPage).document.documentElement.scrollWidth;

/** Opens a page and waits until its map or its last section is drawn. */
async function open(path: string, width = 1280): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + path);
  if (path.startsWith('/lugar/')) await page.locator('#proyectos, #brecha-slot .error').first().waitFor();
  else await page.waitForFunction(mapDrawn);
  expect(errors).toEqual([]);
  return page;
}

/** The codes of the regions the map series drew, and where each lies on the page. */
async function regions(page: Page): Promise<{ name: string; x: number; y: number }[]> {
  return page.evaluate(() => {
    const { document, echarts } = globalThis as unknown as InPage;
    const box = document.getElementById('mapa') as InPageElement;
    const chart = echarts.getInstanceByDom(box) as InPageChart;
    const rect = box.getBoundingClientRect();
    return chart
      .getModel()
      .getSeriesByIndex(0)
      .coordinateSystem.regions.map((r) => {
        const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, r.name);
        return { name: r.name, x: rect.left + x, y: rect.top + y };
      });
  });
}

describe('the map at /', () => {
  it('draws a shape for every department, and the table lists the same departments', async () => {
    const page = await open('/?anio=2022');
    const departments = (await request(t.http).get('/api/v1/execution?groupBy=department&year=2022&limit=100').expect(200)).body.rows.map(
      (r: { key: string }) => r.key,
    );
    expect(departments).toHaveLength(25); // 24 departments and Callao
    const drawn = await regions(page);
    expect(drawn.map((r) => r.name).sort()).toEqual([...departments].sort());
    for (const r of drawn) expect([r.name, Number.isFinite(r.x) && Number.isFinite(r.y)]).toEqual([r.name, true]);
    expect(await page.locator('.ranking tbody tr').count()).toBe(25);
    await page.screenshot({ path: 'test-output/map-peru.png', fullPage: true });
    await page.close();
  });

  it('goes down to a department when one is clicked, and to a province’s districts, drawing the new ones as dots', async () => {
    const page = await open('/?anio=2022');
    const cusco = (await regions(page)).find((r) => r.name === '08');
    // hovering shows Cusco's value
    await page.mouse.move(cusco!.x, cusco!.y);
    await page.waitForFunction(() =>
      Array.from((globalThis as unknown as InPage).document.querySelectorAll('#mapa div')).some((d) => d.textContent?.includes('Cusco')),
    );
    await Promise.all([page.waitForURL(/dep=08/), page.mouse.click(cusco!.x, cusco!.y)]);
    await page.waitForFunction(mapDrawn);
    const provinces = (await request(t.http).get('/api/v1/municipalities?department=08&kind=provincial&limit=100').expect(200)).body.items.map(
      (m: { provinceCode: string }) => m.provinceCode,
    );
    expect(provinces).toHaveLength(13); // Cusco's 13 provinces
    expect((await regions(page)).map((r) => r.name).sort()).toEqual([...provinces].sort());
    await page.close();

    // La Convención: eight of its districts were created after 2007 (e.g. 080914 Megantoni) and have no polygon
    const districts = await open('/?prov=0809&anio=2022');
    const expected = (await request(t.http).get('/api/v1/municipalities?province=0809&limit=100').expect(200)).body.items.map(
      (m: { ubigeo: string }) => m.ubigeo,
    );
    const names = (await regions(districts)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(expected));
    expect(names).toContain('080914');
    await districts.screenshot({ path: 'test-output/map-la-convencion.png', fullPage: true });
    await districts.close();
  });

  it('draws one shape per district in every province of Cusco: its 2007 polygon, or a dot at its INEI 2025 coordinates', async () => {
    // by hand from the files: Cusco's 13 provinces and 116 municipalities (municipalities.csv); those without a polygon in
    // the INEI 2007 district file are the districts created since, drawn as dots where municipalities.csv places them
    const boundaries = JSON.parse(readFileSync('data/geo/peru_distrital_simple.geojson', 'utf8')) as { features: { properties: { IDDIST: string } }[] };
    const polygons = new Set(boundaries.features.map((f) => String(f.properties.IDDIST)));
    const cusco = municipalities.filter((m) => m.department_code === '08');
    const provinces = [...new Set(cusco.map((m) => m.province_code))];
    expect([provinces.length, cusco.length]).toEqual([13, 116]);
    const dotted = cusco.filter((m) => !polygons.has(m.ubigeo));
    expect(dotted.length).toBeGreaterThan(0);
    expect(dotted.every((m) => m.latitude !== '' && m.longitude !== '')).toBe(true);
    let drawn = 0;
    for (const province of provinces) {
      const page = await open(`/?prov=${province}&anio=2022`);
      const shapes = await regions(page);
      const expectedCodes = cusco.filter((m) => m.province_code === province).map((m) => m.ubigeo);
      expect([province, shapes.map((r) => r.name).sort()]).toEqual([province, [...expectedCodes].sort()]);
      for (const r of shapes) expect([r.name, Number.isFinite(r.x) && Number.isFinite(r.y)]).toEqual([r.name, true]);
      // the legend explains the dots exactly where the province has some
      const dots = dotted.filter((m) => m.province_code === province).length;
      expect([province, await page.locator('.legend p', { hasText: /punto/i }).count()]).toEqual([province, dots > 0 ? 1 : 0]);
      drawn += shapes.length;
      await page.close();
    }
    expect(drawn).toBe(116);
  });

  describe('the canon measures', () => {
    /** Espinar's 2024 figures from the bundled files: its rubro-18 transfers (the MEF Espinar file) and its función lines' devengado. */
    const csv = (file: string): Record<string, string>[] => parse(readFileSync(file), { columns: true });
    const transferred = [...espinarCanon.values()].reduce((s, v) => s + v, 0n);
    const devengado = csv('data/demo/gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv')
      .filter((r) => r.year === '2024')
      .reduce((s, r) => s + BigInt(r.monto_devengado), 0n);
    /** The values the map coloured, by code. */
    const coloured = (page: Page) =>
      page.evaluate(() => {
        const { document, echarts } = globalThis as unknown as InPage;
        const chart = echarts.getInstanceByDom(document.getElementById('mapa') as InPageElement) as InPageChart;
        // the series lists every region; those without a value are the grey ones
        return chart
          .getOption()
          .series[0].data.filter((d) => d.value !== undefined && d.value !== null)
          .map((d) => [d.name, d.value]);
      });
    /** A ranking row's cells by the place's name. */
    const rowOf = async (page: Page, name: string) =>
      (
        await page
          .locator('.ranking tbody tr', { has: page.getByRole('link', { name, exact: true }) })
          .locator('th, td')
          .allTextContents()
      ).map(spaces);

    it("colours only Espinar by unspent canon in Cusco's provinces, the others grey, with the figures in the table, the legend and the hover", async () => {
      // by hand from the files: 194,672,173 transferred − 202,203,213 devengado = −7,531,040 (earlier years' balance spent)
      expect([transferred, devengado]).toEqual([194672173n, 202203213n]);
      const api = (await request(t.http).get('/api/v1/canon/places?year=2024&groupBy=province&department=08').expect(200)).body;
      expect(api.rows).toHaveLength(13);
      const known = api.rows.filter((r: { unspent: string | null }) => r.unspent !== null);
      expect(known).toEqual([
        expect.objectContaining({ key: '0808', municipalities: 8, withTransfers: 8, withSpending: 8, unspent: `${transferred - devengado}.00` }),
      ]);
      // the other provinces have their canon (the entities file) but no rubro-18 spending imported: unspent unknown, not 0
      expect(
        api.rows.filter(
          (r: { withSpending: number; withTransfers: number; municipalities: number }) => r.withSpending === 0 && r.withTransfers === r.municipalities,
        ),
      ).toHaveLength(12);

      const page = await open('/?anio=2024&medida=canon-no-gastado&dep=08');
      expect(await page.locator('#medida').inputValue()).toBe('canon-no-gastado');
      expect(await coloured(page)).toEqual([['0808', Number(transferred - devengado)]]);
      expect(await page.locator('.legend').textContent()).toContain('Canon no gastado');
      expect(await page.locator('.legend').textContent()).toContain('nunca 0');
      const espinar = await rowOf(page, 'Espinar');
      expect(espinar[0]).toBe('1');
      expect(espinar[2].replace(/[^\d,-]/g, '')).toBe('-7,531,040');
      expect([espinar[3], espinar[4]]).toEqual([soles(`${transferred}.00`), soles(`${devengado}.00`)]);
      expect([espinar[5], espinar[6]]).toEqual(['8 / 8', '8 / 8']);
      // La Convención (0809): nothing known of its canon, so no rank and no figure
      const convencion = await rowOf(page, 'La Convención');
      expect([convencion[0], convencion[2]]).toEqual(['—', 'sin datos']);
      // hovering a grey province says "sin datos" for the measure
      const shape = (await regions(page)).find((r) => r.name === '0809')!;
      await page.mouse.move(shape.x, shape.y);
      await page.waitForFunction(() =>
        Array.from((globalThis as unknown as InPage).document.querySelectorAll('#mapa div')).some((d) => d.textContent?.includes('La Convención')),
      );
      const tip = await page.locator('#mapa div', { hasText: 'La Convención' }).last().textContent();
      expect(tip).toContain('Canon no gastado (transferido − devengado del rubro 18): sin datos');
      await page.screenshot({ path: 'test-output/map-canon-unspent-cusco.png', fullPage: true });
      await page.close();
    });

    it('colours every province of Cusco by canon received per inhabitant, the same figure the peers state, and says where each came from', async () => {
      // the bundled data as a fresh start loads it: Espinar's own transfers and the Cusco entities file, the same MEF
      // measure; a province's canon is its municipalities' own transfers, else their rows in the entities file
      const provinces = [...new Set(municipalities.filter((m) => m.department_code === '08').map((m) => m.province_code))].sort();
      const perHead = areaCanonPerHead((u) => espinarCanon.get(u) ?? cuscoCanon.get(u));
      const whole = (code: string) => Number((perHead(code)! + 50n) / 100n);
      const api = (await request(t.http).get('/api/v1/canon/places?year=2024&groupBy=province&department=08').expect(200)).body;
      for (const code of ['0808', '0801', '0806']) {
        const expected = canonReceivedOf(code, 2024);
        const peers = (await request(t.http).get(`/api/v1/analytics/peers?province=${code}&year=2024`).expect(200)).body;
        expect([code, api.rows.find((r: { key: string }) => r.key === code)]).toEqual([code, expect.objectContaining(expected)]);
        expect([code, peers.canon]).toEqual([code, expected]);
      }
      expect([canonReceivedOf('0808', 2024).canonSource, canonReceivedOf('0801', 2024).canonSource]).toEqual(['transfers', 'entities']);

      const page = await open('/?anio=2024&medida=canon-por-habitante&dep=08');
      const drawn = (await coloured(page)).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
      expect(drawn).toEqual(provinces.map((p) => [p, whole(p)]));
      const espinar = await rowOf(page, 'Espinar');
      expect([espinar[2], espinar[3], espinar[5], espinar[7]]).toEqual([
        soles(`${whole('0808')}.00`),
        soles(`${transferred}.00`),
        '8 / 8',
        'transferencias de cada municipalidad',
      ]);
      const cusco = await rowOf(page, 'Cusco');
      expect([cusco[3], cusco[5], cusco[7]]).toEqual([soles(canonReceivedOf('0801', 2024).transferred!), '8 / 8', 'archivo de entidades del departamento']);
      expect(await page.locator('.legend').textContent()).toContain('archivo de entidades del departamento');
      // the drill-down link keeps the measure
      expect(await page.locator('.ranking tbody tr').first().locator('a.drill').getAttribute('href')).toContain('medida=canon-por-habitante');
      await page.close();

      // Peru: Cusco alone has canon for all its municipalities (8 of their own, 108 from the entities file); the others none, never 0
      const peru = await open('/?anio=2024&medida=canon-por-habitante');
      expect(await coloured(peru)).toEqual([['08', whole('08')]]);
      const department = await rowOf(peru, 'Cusco');
      expect([department[0], department[5], department[7]]).toEqual(['1', '116 / 116', '8 de sus transferencias, 108 del archivo de entidades']);
      const puno = await rowOf(peru, 'Puno');
      expect([puno[0], puno[2], puno[7]]).toEqual(['—', 'sin datos', 'sin datos']);
      await peru.close();
    });
  });

  it('has no serious or critical accessibility violation, at 1280 and at 360 px', async () => {
    const page = await open('/?anio=2022&medida=saldo');
    expect(await axe(page)).toEqual([]);
    await page.close();
    const narrow = await open('/?dep=08&anio=2022', 360);
    expect(await axe(narrow)).toEqual([]);
    expect(await narrow.evaluate(pageWidth)).toBeLessThanOrEqual(360);
    await narrow.screenshot({ path: 'test-output/map-cusco-360.png', fullPage: true });
    await narrow.close();
  });
});

describe('the page of a place at /lugar/{ubigeo}', () => {
  it("shows Espinar's PIM for 2022 as the API gives it", async () => {
    const api = (await request(t.http).get('/api/v1/execution?province=0808&year=2022&groupBy=province').expect(200)).body.rows[0];
    // Consulta Amigable 2022, the eight municipalities of Espinar: PIM 450,564,829 soles
    expect(api.pim).toBe('450564829.00');
    const page = await open('/lugar/0808?anio=2022');
    expect(spaces(await page.locator('#cifra-pim').textContent())).toBe(soles(api.pim));
    expect(spaces(await page.locator('#cifra-devengado').textContent())).toBe(soles(api.devengado));
    expect(spaces(await page.locator('h1').textContent())).toContain('Espinar');
    // the by-year table has the same PIM in its 2022 row
    const row = page.locator('#ejecucion tbody tr', { has: page.locator('th', { hasText: '2022' }) });
    expect(spaces(await row.locator('td').nth(1).textContent())).toBe(soles(api.pim));
    // 2025 was under way at the latest cut-off (2025-05-18, the bundled file's name): said so, not read as a year's execution
    expect(await page.locator('#ejecucion tbody th', { hasText: '2025' }).textContent()).toBe('2025 (en curso)');
    // the audit report is one click away, for the same place and year, in the page's language
    const href = await page.locator('#informe').getAttribute('href');
    expect(href).toBe('/api/v1/reports/audit.xlsx?province=0808&lang=es&year=2022');
    const english = await open('/lugar/0808?anio=2022&lang=en');
    expect(await english.locator('#informe').getAttribute('href')).toBe('/api/v1/reports/audit.xlsx?province=0808&lang=en&year=2022');
    await english.close();
    await page.screenshot({ path: 'test-output/lugar-espinar-2022.png', fullPage: true });
    await page.close();
  });

  it('says the canon chart cannot be computed without rubro-18 lines, instead of showing 0 %', async () => {
    // the province of Cusco has neither budget lines nor función lines in the bundled data, so no rubro-18 spending
    const canon = (await request(t.http).get('/api/v1/analytics/canon?province=0801').expect(200)).body.periods[0];
    expect([canon.coverage.rubro18Lines.municipalityYears, canon.coverage.functionLines.rubro18MunicipalityYears]).toEqual([0, 0]);
    expect(canon.totals.utilizationPct).toBeNull();
    const page = await open('/lugar/0801?anio=2022');
    const section = page.locator('#canon');
    expect(await section.locator('#canon-sin-rubro18').textContent()).toContain('No hay líneas de gasto del rubro 18');
    expect(await section.textContent()).not.toMatch(/\b0(\.0)? ?%/);
    await page.close();
    // Espinar has no budget lines either, but its rubro-18 spending by función: shown, and said to be at función level
    const espinar = await open('/lugar/0808?anio=2022');
    expect(await espinar.locator('#canon-funcion').textContent()).toContain('rubro 18, nivel de función, sin PIA');
    expect(await espinar.locator('#canon-sin-rubro18').count()).toBe(0);
    // the analyses that need budget lines say so instead of drawing zeros
    expect(await espinar.locator('#dimensiones .chart').count()).toBe(0);
    expect(await espinar.locator('#dimensiones').textContent()).toContain('No hay líneas de presupuesto');
    await espinar.close();
  });

  it('switches to English and back', async () => {
    const page = await open('/lugar/0808?anio=2022');
    expect(await page.locator('html').getAttribute('lang')).toBe('es-PE');
    expect(spaces(await page.locator('#cifras-title').textContent())).toBe('Cifras del año 2022');
    await Promise.all([page.waitForURL(/lang=en/), page.getByRole('link', { name: 'Read this page in English' }).click()]);
    await page.locator('#proyectos').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(spaces(await page.locator('#cifras-title').textContent())).toBe('Figures for 2022');
    expect(await page.locator('#canon-funcion').textContent()).toContain('rubro 18, función level, no PIA');
    await page.screenshot({ path: 'test-output/lugar-espinar-2022-en.png', fullPage: true });
    await Promise.all([page.waitForURL((u) => !u.search.includes('lang=en')), page.getByRole('link', { name: 'Leer esta página en español' }).click()]);
    expect(await page.locator('html').getAttribute('lang')).toBe('es-PE');
    await page.close();
  });

  it('has no serious or critical accessibility violation, and fits 360 px', async () => {
    const page = await open('/lugar/0808?anio=2022', 360);
    expect(await axe(page)).toEqual([]);
    expect(await page.evaluate(pageWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-output/lugar-espinar-360.png', fullPage: true });
    await page.close();
    const district = await open('/lugar/080801?anio=2022');
    expect(await axe(district)).toEqual([]);
    await district.screenshot({ path: 'test-output/lugar-080801.png', fullPage: true });
    await district.close();
  });
});

describe('serving', () => {
  it('asked nothing of any host but the service', () => {
    expect(outside).toEqual([]);
  });

  it('serves ECharts and the boundaries itself, and answers an unknown place code with 404', async () => {
    const charts = await request(t.http)
      .get('/web/echarts.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    // only the part of ECharts the pages draw with (web/vendor/echarts.js: 635 kB at 6.1.0), not the whole library (1,122 kB)
    expect(charts.text.length).toBeLessThan(readFileSync('node_modules/echarts/dist/echarts.min.js').length * 0.7);
    const geo = await request(t.http).get('/geo/peru_departamental_simple.geojson').expect(200);
    expect(JSON.parse(geo.text).features).toHaveLength(25);
    await request(t.http).get('/lugar/12345').expect(404);
  });

  it('sends ECharts and the boundaries compressed as the browser allows, the same bytes once inflated, and 304 when unchanged', async () => {
    // the bytes as they travel (supertest would inflate them), from the server the browser uses
    const raw = (url: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        get(base + url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    for (const [url, file] of [
      ['/web/echarts.js', 'dist/web/echarts.js'],
      ['/geo/peru_distrital_simple.geojson', 'data/geo/peru_distrital_simple.geojson'],
    ]) {
      const original = readFileSync(file);
      const br = await raw(url, { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(br.status).toBe(200);
      expect([br.headers['content-encoding'], br.headers.vary]).toEqual(['br', 'Accept-Encoding']);
      expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
      expect(br.body.length).toBeLessThan(original.length / 3); // both are text that brotli packs 3.7-6×
      const gz = await raw(url, { 'Accept-Encoding': 'gzip, deflate' }); // Chromium over plain http
      expect([gz.status, gz.headers['content-encoding']]).toEqual([200, 'gzip']);
      expect(gunzipSync(gz.body).equals(original)).toBe(true);
      const plain = await raw(url, { 'Accept-Encoding': 'identity, br;q=0' });
      expect([plain.status, plain.headers['content-encoding'], plain.body.equals(original)]).toEqual([200, undefined, true]);
      expect((await raw(url, { 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) })).status).toBe(304);
      expect((await raw(url, { 'Accept-Encoding': 'gzip', 'If-None-Match': String(br.headers.etag) })).status).toBe(200); // another encoding, another entity
    }
    await request(t.http).get('/geo/nowhere.geojson').expect(404);
    await request(t.http).get('/web/..%2Fpackage.json').expect(404);
  });
});
