// What both pages share: building elements, the page frame with its language switch, URL state, and a
// figure (a chart with its table beside it and a CSV link).
import type { EChartsOption, EChartsType } from 'echarts';
import { type Key, type Lang, currentLang, translator } from './i18n.js';

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

export const lang: Lang = currentLang();
export const t: (key: Key) => string = translator(lang);

/** The URL of a page of the app with its state, keeping the language. */
export function pageUrl(path: string, state: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(state)) if (value !== undefined && value !== '') search.set(name, String(value));
  if (lang === 'en') search.set('lang', 'en');
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The app's pages, linked from every page's footer. */
const pages: [string, Key][] = [
  ['/', 'navMap'],
  ['/comparar', 'navCompare'],
  ['/subir', 'navUpload'],
  ['/datos', 'navData'],
];

/** Header (skip link, name, language switch), the main region and the footer; returns the main region. */
export function frame(): HTMLElement {
  document.documentElement.lang = lang === 'en' ? 'en' : 'es-PE';
  const other = new URL(location.href);
  if (lang === 'en') other.searchParams.delete('lang');
  else other.searchParams.set('lang', 'en');
  const main = h('main', { id: 'contenido', tabindex: '-1' });
  document.body.replaceChildren(
    h('a', { class: 'skip', href: '#contenido' }, t('skip')),
    h(
      'header',
      { class: 'site' },
      h('a', { class: 'brand', href: pageUrl('/', {}) }, t('siteName')),
      h(
        'a',
        {
          class: 'lang',
          href: other.pathname + other.search,
          hreflang: lang === 'en' ? 'es' : 'en',
          lang: lang === 'en' ? 'es' : 'en',
          'aria-label': t('switchLabel'),
        },
        t('switchTo'),
      ),
    ),
    main,
    h(
      'footer',
      { class: 'site' },
      h(
        'nav',
        { 'aria-label': t('navLabel') },
        h(
          'ul',
          { class: 'pages' },
          ...pages.map(([path, key]) =>
            h('li', {}, h('a', { href: pageUrl(path, {}), 'aria-current': location.pathname === path ? 'page' : undefined }, t(key))),
          ),
        ),
      ),
      h('p', {}, t('source')),
    ),
  );
  return main;
}

export interface Column<R> {
  label: string;
  value: (row: R) => Child;
  /** The same cell in a CSV download (a raw figure, not a formatted one). */
  csv?: (row: R) => string | number | null;
  numeric?: boolean;
}

export function table<R>(caption: string, columns: Column<R>[], rows: R[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)))),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            {},
            ...columns.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c.value(row)) : h('td', { class: c.numeric ? 'num' : undefined }, c.value(row)))),
          ),
        ),
      ),
    ),
  );
}

/** A CSV file made here from a table's rows, for data the API does not answer as CSV. */
export function csvLink<R>(name: string, columns: Column<R>[], rows: R[]): HTMLAnchorElement {
  const cell = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((c) => cell(c.label)), ...rows.map((r) => columns.map((c) => cell(c.csv ? c.csv(r) : String(c.value(r) ?? ''))))];
  const blob = new Blob([`\ufeff${lines.map((l) => l.join(',')).join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  return h('a', { class: 'csv', href: URL.createObjectURL(blob), download: `${name}.csv` }, t('csv'));
}

export function apiCsvLink(href: string): HTMLAnchorElement {
  return h('a', { class: 'csv', href, download: '' }, t('csv'));
}

/** A note on a chart that is partial: what is missing, in the API's words. */
export function partialNote(lead: string, missing: string[] = []): HTMLElement {
  const list =
    missing.length > 0 ? h('details', {}, h('summary', {}, `${t('missing')} (${missing.length})`), h('ul', {}, ...missing.map((m) => h('li', {}, m)))) : null;
  return h('div', { class: 'note', role: 'note' }, h('strong', {}, `${t('partial')}: `), lead, list);
}

const charts: EChartsType[] = [];
addEventListener('resize', () => {
  for (const chart of charts) chart.resize();
});

/** A chart drawn in `box`; the box is an image labelled by its title, whose numbers the table beside it gives. */
export function chart(box: HTMLElement, label: string, option: EChartsOption): EChartsType {
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', `${label}. ${t('tableNote')}`);
  const instance = echarts.init(box, undefined, { renderer: 'canvas' });
  instance.setOption({ textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1f2328' }, animation: false, ...option });
  charts.push(instance);
  return instance;
}

/**
 * Draws the chart once its box is in the page with a size (a section built before it is inserted has none: ECharts
 * would draw at 0 × 0 and show nothing until the window is resized), and fits it again whenever the box's size changes.
 */
function whenShown(box: HTMLElement, draw: (box: HTMLElement) => void): void {
  new ResizeObserver(() => {
    if (box.clientWidth === 0 || box.clientHeight === 0) return;
    const drawn = echarts.getInstanceByDom(box);
    if (drawn) drawn.resize();
    else draw(box);
  }).observe(box);
}

/** A section with a heading, a chart (or notes in its place), and its table and CSV link. */
export function figure(
  id: string,
  title: string,
  parts: { chart?: (box: HTMLElement) => void; notes?: Child[]; table?: HTMLElement; csv?: HTMLAnchorElement },
): HTMLElement {
  const box = h('div', { class: 'chart' });
  const section = h(
    'section',
    { class: 'figure', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    ...(parts.notes ?? []),
    h('div', { class: 'figure-body' }, parts.chart ? box : null, h('div', { class: 'figure-table' }, parts.table ?? null, parts.csv ?? null)),
  );
  if (parts.chart) whenShown(box, parts.chart);
  return section;
}

export function failure(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, `${t('error')} ${error instanceof Error ? error.message : String(error)}`);
}

/** Colours with at least 4.5:1 against white, for series and their legends. */
export const PALETTE = ['#1d4f91', '#b3541e', '#2e7d32', '#6a1b9a', '#8a6d00'];
