// What the browser tests share: the service seeded as a fresh start seeds it, listening on 127.0.0.1; a headless
// Chromium (the npm package @sparticuz/chromium, driven by playwright-core) whose contexts reach only it; axe-core;
// and amounts written out as the pages show them, without the app's formatter.
import chromium from '@sparticuz/chromium';
import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page, chromium as playwright } from 'playwright-core';
import { DemoDataService } from '../../src/demo-data/demo-data.service.js';
import { type TestApp, createTestApp } from './test-app.js';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** "450564829.00" → "S/ 450,564,829": whole soles grouped by commas. */
export const soles = (amount: string) => {
  const [units, cents] = amount.split('.');
  if (cents !== undefined && cents !== '00') throw new Error(`expected whole soles, got ${amount}`);
  return `S/ ${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
};
export const spaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Seeds `t` with the bundled data, makes it listen on 127.0.0.1, and starts Chromium with a context that reaches only it. */
export async function startBrowser(t: TestApp, outside: string[]): Promise<{ base: string; browser: Browser; context: BrowserContext }> {
  await t.app.get(DemoDataService).seedIfEmpty();
  await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
  const browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  await mkdir('test-output', { recursive: true });
  return { base, browser, context: await isolated(browser, base, outside) };
}

/** What a browser spec works with: the seeded service, its address, the browser, a context reaching only it, and what it asked elsewhere. */
export interface BrowserSuite {
  t: TestApp;
  base: string;
  browser: Browser;
  context: BrowserContext;
  outside: string[];
}

/** The service seeded as a fresh start seeds it and a browser reaching only it, started before a spec file's tests and closed after them. */
export function withBrowser(): BrowserSuite {
  const suite = { outside: [] } as unknown as BrowserSuite;
  beforeAll(async () => {
    suite.t = await createTestApp({ seedDemoData: true });
    Object.assign(suite, await startBrowser(suite.t, suite.outside));
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.t?.close();
  });
  return suite;
}

/** A browser context that may reach only `origin`: a request elsewhere is recorded in `outside` and refused. */
export async function isolated(browser: Browser, origin: string, outside: string[]): Promise<BrowserContext> {
  const made = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await made.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'blob:' || url.protocol === 'data:' || url.origin === origin) return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  made.on('request', (r) => {
    const url = new URL(r.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== origin) outside.push(url.href);
  });
  return made;
}

/** The serious and critical accessibility violations axe-core finds on the page. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: await readFile('node_modules/axe-core/axe.min.js', 'utf8') });
  const violations = await page.evaluate(
    async () => (await (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe.run()).violations,
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

interface InPage {
  document: { querySelector(selector: string): unknown; documentElement: { scrollWidth: number } };
}
/** No section of the page is still loading (the pages mark one with aria-busy while they fetch it). */
export const settled = () => (globalThis as unknown as InPage).document.querySelector('[aria-busy]') === null;
/** The page's full width: over the viewport's means something overflows. */
export const pageWidth = () => (globalThis as unknown as InPage).document.documentElement.scrollWidth;

/** Opens `url` at `width`, waits for `ready` and for every section to settle, none failing and no script error. */
export async function openSettled(context: BrowserContext, url: string, ready: string, width = 1280): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.locator(ready).waitFor();
  await page.waitForFunction(settled);
  expect(errors).toEqual([]);
  // an error region still empty (a live region waiting for a message) is not an error
  expect((await page.locator('main .error').allTextContents()).filter((text) => text.trim() !== '')).toEqual([]);
  return page;
}
