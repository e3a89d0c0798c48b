// The data and methods page (/datos) in a real browser (headless Chromium) against the real service, seeded with
// the bundled data as a fresh start loads it. Screenshots go to test-output/ (git-ignored) for a person to look at.
import type { Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_FILES } from '../src/demo-data/demo-data.service.js';
import { axe, openSettled, pageWidth, settled, soles, spaces, withBrowser } from './support/browser.js';
import { canonReceivedOf, municipalities, totals } from './support/peers-reference.js';

const suite = withBrowser();

const open = (path: string, width = 1280): Promise<Page> => openSettled(suite.context, suite.base + path, '#reglas', width);

const rows = async (page: Page, section: string) =>
  Promise.all((await page.locator(`#${section} tbody tr`).all()).map(async (r) => (await r.locator('th, td').allTextContents()).map(spaces)));

describe('the data and methods page at /datos', () => {
  it('lists the imports newest first, with layout, cut-off date, rows, time and status', async () => {
    const page = await open('/datos');
    const imports = await rows(page, 'importaciones');
    // the bundled files, imported in DEMO_FILES' order on the first start: the last one is the newest
    expect(imports.map((r) => r[0])).toEqual([...DEMO_FILES].reverse());
    for (const row of imports) {
      const snap = /snap(\d{4}-\d{2}-\d{2})/.exec(row[0]);
      if (snap) expect(row[2]).toBe(snap[1]); // the cut-off date the file's name states
      expect(row[5]).toBe('completada');
    }
    expect(imports.find((r) => r[0] === DEMO_FILES[1])?.[1]).toBe('consulta-amigable');
    await page.screenshot({ path: 'test-output/datos.png', fullPage: true });
    await page.close();
  });

  it('shows Cusco’s coverage in 2024 a page at a time, each source’s cut-off dates, and keeps the filter in the URL', async () => {
    const cusco = municipalities.filter((m) => m.department_code === '08');
    expect(cusco.length).toBe(116);
    const page = await open('/datos?departamento=08&anio=2024');
    expect(await page.locator('#departamento').inputValue()).toBe('08');
    expect(await page.locator('#anio').inputValue()).toBe('2024');
    expect(spaces(await page.locator('#cobertura-filas').textContent())).toBe('Filas 1–100 de 116');
    const first = await rows(page, 'cobertura');
    expect(first.length).toBe(100);
    // 080101 Cusco: its 2024 PIM and devengado as the 2024-2025 export has them; no budget lines
    const cuscoTotals = totals.get('080101')!;
    expect(first[0][0]).toBe(`${cusco[0].name} (080101)`);
    expect(first[0].slice(3, 6)).toEqual([soles(`${cuscoTotals.pim}.00`), soles(`${cuscoTotals.devengado}.00`), 'no importado']);
    expect(await page.locator('#cobertura a.csv').getAttribute('href')).toBe('/api/v1/coverage.csv?department=08&year=2024');
    // each source over Cusco 2024: every municipality has totals (cut 2025-05-18); Espinar's eight have función lines and transfers
    const sources = await rows(page, 'cortes');
    expect(sources[0]).toEqual(['Consulta Amigable (totales por municipalidad)', '116', '2025-05-18', '2025-05-18']);
    expect(sources[1]).toEqual(['Líneas de presupuesto (datos abiertos del MEF o la plantilla)', '0', '—', '—']);
    expect(sources[2]).toEqual(['Líneas de presupuesto por función', '8', '2026-12-01', '2026-12-01']);
    // canon received, as the map and the peers read it: Espinar's eight their own transfers, the other 108 their row in the
    // department's entities file
    expect(sources[3].slice(0, 2)).toEqual(['Transferencias de canon (rubro 18)', '116']);
    const cuscoCanon = canonReceivedOf('080101', 2024);
    expect(cuscoCanon.canonSource).toBe('entities');
    expect(first[0].slice(-2)).toEqual([soles(cuscoCanon.transferred as string), 'archivo de entidades del departamento']);

    await Promise.all([page.waitForURL(/pagina=2/), page.getByRole('link', { name: 'Siguiente' }).click()]);
    await page.locator('#cobertura-filas').waitFor();
    await page.waitForFunction(settled);
    expect(spaces(await page.locator('#cobertura-filas').textContent())).toBe('Filas 101–116 de 116');
    expect((await rows(page, 'cobertura')).map((r) => r[0])).toEqual(cusco.slice(100).map((m) => `${m.name} (${m.ubigeo})`));
    expect(await page.getByRole('link', { name: 'Siguiente' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Anterior' }).count()).toBe(1);

    // another department, chosen by its label: the URL carries it, and the page starts again at its first rows
    await Promise.all([page.waitForURL(/departamento=01&anio=2024$/), page.getByLabel('Departamento').selectOption('01')]);
    await page.locator('#cobertura-filas').waitFor();
    const amazonas = municipalities.filter((m) => m.department_code === '01').length;
    expect(spaces(await page.locator('#cobertura-filas').textContent())).toBe(`Filas 1–${Math.min(100, amazonas)} de ${amazonas}`);
    await page.close();
  });

  it('words the formulas as the audit report does, and lists the ECLAC rules of the latest version', async () => {
    const page = await open('/datos');
    // src/i18n/report-labels.ts, the Methodology sheet's wording
    expect((await page.locator('#metodo-executionRate').locator('dt, dd').allTextContents()).map(spaces)).toEqual([
      'Tasa de ejecución',
      'devengado ÷ PIM × 100, un decimal, redondeado alejándose de cero',
    ]);
    expect(spaces(await page.locator('#metodo-peers dd').textContent())).toContain('entre la mitad (redondeada hacia arriba) y el doble de su población');
    const rules = (await request(suite.t.http).get('/api/v1/classification/rules').expect(200)).body;
    const listed = await rows(page, 'reglas');
    expect(listed.length).toBe(rules.rules.length);
    const words: Record<string, string> = {
      structural_change: 'Cambio estructural',
      income_productivity: 'Ingresos y productividad',
      equal_rights: 'Igualdad de derechos',
      unclassified: 'Sin clasificar',
    };
    const levels: Record<string, string> = { function: 'función', division: 'división', group: 'grupo' };
    expect(listed[0]).toEqual([rules.rules[0].code, levels[rules.rules[0].level], words[rules.rules[0].dimension]]);
    expect(spaces(await page.locator('#reglas .hint').textContent())).toMatch(new RegExp(`^Versión ${rules.version} \\(\\d{4}-\\d{2}-\\d{2}\\)\\.`));
    await page.close();
  });

  it('is linked from every page’s navigation, speaks English, has no serious accessibility violation and fits 360 px', async () => {
    for (const path of ['/', '/comparar', '/subir', '/lugar/0808']) {
      const page = await suite.context.newPage();
      await page.goto(suite.base + path);
      await page.locator('footer.site nav a[href="/datos"]').waitFor();
      await page.close();
    }
    const page = await open('/datos?departamento=08&anio=2024&lang=en', 360);
    expect(spaces(await page.locator('h1').textContent())).toBe('Data and methods');
    expect(await page.locator('footer.site nav a[aria-current="page"]').getAttribute('href')).toBe('/datos?lang=en');
    expect(spaces(await page.locator('#metodo-executionRate dd').textContent())).toBe('devengado ÷ PIM × 100, one decimal, half away from zero');
    expect(spaces(await page.locator('#cobertura-filas').textContent())).toBe('Rows 1–100 of 116');
    expect(await axe(page)).toEqual([]);
    expect(await page.evaluate(pageWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-output/datos-360-en.png', fullPage: true });
    await page.close();
    expect(suite.outside).toEqual([]);
  });
});
