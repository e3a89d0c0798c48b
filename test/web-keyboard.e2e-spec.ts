// Every page with the keyboard alone, in a real browser (headless Chromium) against the real service seeded
// with the bundled data: the skip link comes first and takes focus to the content, Tab reaches the page's
// controls in the order they are read, every stop shows the focus ring, and the map's places, the year and
// the measure can be chosen without a mouse.
import type { Page } from 'playwright-core';
import { openSettled, withBrowser } from './support/browser.js';

const suite = withBrowser();

interface Stop {
  /** tag#id.class, as a reader of the test finds the element in the page */
  what: string;
  /** the element's name: its text, or its label for a control */
  name: string;
  /** the focus ring: outline style and width in px */
  ring: [string, number];
}

/** Run in the page (the tests have no DOM types): where the focus is, as a Stop. */
const WHERE_FOCUS = `(() => {
  const e = document.activeElement;
  const label = e.id ? document.querySelector('label[for="' + e.id + '"]')?.textContent : null;
  const style = getComputedStyle(e);
  const cls = typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '';
  return {
    what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls,
    name: (label ?? e.getAttribute('aria-label') ?? e.textContent ?? '').replace(/\\s+/g, ' ').trim(),
    ring: [style.outlineStyle, Number.parseFloat(style.outlineWidth)],
  };
})()`;

/** Presses Tab up to `count` times from wherever the focus is, and says where each press landed, until past the page's last stop. */
async function tab(page: Page, count: number): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate<Stop>(WHERE_FOCUS);
    if (stop.what === 'body') break; // out of the page, to the browser's own controls
    stops.push(stop);
  }
  return stops;
}

/** The header every page starts with: skip link, the site's name, the language switch. */
const HEADER = ['a.skip', 'a.brand', 'a.lang'];

describe('the pages with the keyboard alone', () => {
  it('map: skip link first, then the year and the measure, then the ranking whose places open with Enter', async () => {
    const page = await openSettled(suite.context, `${suite.base}/`, '.ranking table', 1280);
    const stops = await tab(page, 10);
    expect(stops.slice(0, 3).map((s) => s.what)).toEqual(HEADER);
    expect(stops[0].name).toBe('Saltar al contenido');
    // every stop shows a ring of at least 2 px (WCAG 2.4.7, focus visible)
    for (const s of stops) expect([s.what, s.ring[0] !== 'none' && s.ring[1] >= 2]).toEqual([s.what, true]);
    const order = stops.map((s) => s.what);
    // the controls come before the ranking they change, in the order they are read
    expect(order.indexOf('select#anio')).toBeGreaterThan(2);
    expect(order.indexOf('select#medida')).toBeGreaterThan(order.indexOf('select#anio'));
    const firstPlace = stops.findIndex((s, i) => i > order.indexOf('select#medida') && s.what === 'a' && s.name !== '');
    expect(firstPlace).toBeGreaterThan(order.indexOf('select#medida'));

    // choosing a measure with the arrow keys redraws the map with it, in the URL
    await page.locator('#medida').focus();
    await Promise.all([page.waitForURL(/medida=/), page.keyboard.press('ArrowDown')]);
    expect(new URL(page.url()).searchParams.get('medida')).not.toBeNull();

    // Enter on a place of the ranking opens it (a department: its provinces on the map, or its page)
    const link = page.locator('.ranking a').first();
    const href = (await link.getAttribute('href')) as string;
    await link.focus();
    await Promise.all([page.waitForURL((u) => `${u.pathname}${u.search}` === href), page.keyboard.press('Enter')]);
    await page.close();
  });

  it("the skip link's Enter takes the focus to the content, so the next Tab is the page's first control", async () => {
    const page = await openSettled(suite.context, `${suite.base}/lugar/0808?anio=2024`, '#conflictos', 1280);
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.className')).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('contenido');
    const [next] = await tab(page, 1);
    // the breadcrumb's first link is the first thing inside the content
    expect([next.what, next.name]).toEqual(['a', 'Perú']);
    await page.close();
  });

  it("place page: the year is chosen with the arrow keys, the report and every table's CSV are reachable", async () => {
    const page = await openSettled(suite.context, `${suite.base}/lugar/0808?anio=2024`, '#conflictos', 1280);
    const stops = await tab(page, 200);
    for (const s of stops) expect([s.what, s.ring[0] !== 'none' && s.ring[1] >= 2]).toEqual([s.what, true]);
    const order = stops.map((s) => s.what);
    expect(order.slice(0, 3)).toEqual(HEADER);
    expect(order.indexOf('select#anio')).toBeGreaterThan(2);
    expect(order.indexOf('a#informe.button')).toBeGreaterThan(order.indexOf('select#anio'));
    // each table can be scrolled from the keyboard (a focusable region) and its CSV link follows it
    const regions = stops.map((s, i) => [s, i] as const).filter(([s]) => s.what === 'div.table-wrap');
    expect(regions.length).toBeGreaterThanOrEqual(3);
    for (const [region, i] of regions.slice(0, 3))
      expect([region.name.slice(0, 20), stops.slice(i + 1).some((s) => s.what === 'a.csv')]).toEqual([region.name.slice(0, 20), true]);

    await page.locator('#anio').focus();
    await Promise.all([page.waitForURL(/anio=2023/), page.keyboard.press('ArrowDown')]);
    await page.close();
  });

  it('upload, compare and data pages: the header, then their own controls, every one with a visible ring', async () => {
    for (const [path, ready, first] of [
      ['/subir', '#clave', 'input#clave'],
      ['/comparar', '#ubigeo', 'select#anio'],
      ['/datos', '#cobertura', 'div.table-wrap'],
    ] as const) {
      const page = await openSettled(suite.context, `${suite.base}${path}`, ready, 1280);
      const stops = await tab(page, 8);
      expect([path, stops.slice(0, 4).map((s) => s.what)]).toEqual([path, [...HEADER, first]]);
      for (const s of stops) expect([path, s.what, s.ring[0] !== 'none' && s.ring[1] >= 2]).toEqual([path, s.what, true]);
      // every control reached has a name a screen reader says
      for (const s of stops) expect([path, s.what, s.name !== '']).toEqual([path, s.what, true]);
      await page.close();
    }
  });

  it('asked nothing of any host but the service', () => {
    expect(suite.outside).toEqual([]);
  });
});
