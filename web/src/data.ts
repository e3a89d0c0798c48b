// The data and methods page (/datos?departamento=08&anio=2024&pagina=2): the imports, each source's cut-off
// dates, coverage by municipality-year (filtered by department and year, a page of 100 rows at a time, the
// whole selection as CSV from the API), the formulas as the audit report words them, and the ECLAC
// classification rules. State in the URL: departamento, anio, pagina, lang.
import { canonSourceHeading, canonSourceText } from './canon-source.js';
import { type Schemas, apiUrl, get } from './api.js';
import { count, money, rate } from './format.js';
import { type Key, apiLanguage } from './i18n.js';
import { type DataKey, td } from './i18n-data.js';
import { type Column, apiCsvLink, csvLink, failure, figure, frame, h, lang, pageUrl, t, table } from './ui.js';
import { nationalYears } from './years.js';

const PAGE = 100;
const language = apiLanguage(lang);
const params = new URLSearchParams(location.search);
const department = /^\d{2}$/.test(params.get('departamento') ?? '') ? (params.get('departamento') as string) : undefined;
const pageNumber = Math.max(1, Math.floor(Number(params.get('pagina')) || 1));
const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'es-PE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Lima' });

async function render(): Promise<void> {
  const main = frame();
  document.title = `${td('title')} — ${t('siteName')}`;
  main.append(h('h1', {}, td('title')), h('p', { class: 'intro' }, td('intro')));
  const years = await nationalYears();
  const asked = Number(params.get('anio'));
  const year = years.all.includes(asked) ? asked : years.preferred;
  const sections: [string, () => Promise<HTMLElement[]>][] = [
    ['importaciones', importsFigure],
    ['cobertura', () => coverageFigures(year, years.all)],
    ['formulas', methodsFigure],
    ['reglas', rulesFigure],
  ];
  for (const [id, load] of sections) {
    const slot = h('div', { id: `${id}-slot`, 'aria-busy': 'true' }, h('p', {}, t('loading')));
    main.append(slot);
    load()
      .then((parts) => slot.replaceWith(...parts))
      .catch((error: unknown) => slot.replaceChildren(failure(error)))
      .finally(() => slot.removeAttribute('aria-busy'));
  }
}

type Import = Schemas['ImportDto'];

async function importsFigure(): Promise<HTMLElement[]> {
  const answer = await get('/api/v1/imports', { limit: PAGE }, language);
  const columns: Column<Import>[] = [
    { label: t('file'), value: (i) => i.fileName },
    { label: td('layout'), value: (i) => i.format },
    { label: td('cutOff'), value: (i) => i.snapshotDate ?? '—', csv: (i) => i.snapshotDate },
    { label: td('rows'), value: (i) => count(i.rowsRead), csv: (i) => i.rowsRead, numeric: true },
    { label: td('importedAt'), value: (i) => when.format(new Date(i.createdAt)), csv: (i) => i.createdAt },
    { label: t('status'), value: (i) => t(`status.${i.status}` as Key) ?? i.status, csv: (i) => i.status },
  ];
  const notes = [h('p', { class: 'hint' }, td('importsNote'))];
  if (answer.total > answer.items.length) notes.push(h('p', { class: 'hint' }, td('importsShown', { shown: answer.items.length, total: answer.total })));
  if (answer.items.length === 0) notes.push(h('p', { class: 'note', role: 'note' }, td('importsEmpty')));
  return [
    figure('importaciones', td('importsTitle'), {
      notes,
      table: answer.items.length > 0 ? table(td('importsTitle'), columns, answer.items) : undefined,
      csv: answer.items.length > 0 ? csvLink('importaciones', columns, answer.items) : undefined,
    }),
  ];
}

type Row = Schemas['CoverageRowDto'];
type Source = Schemas['CoverageSourceDto'];

async function coverageFigures(year: number, years: number[]): Promise<HTMLElement[]> {
  const offset = (pageNumber - 1) * PAGE;
  const [answer, departments] = await Promise.all([
    get('/api/v1/coverage', { department, year, limit: PAGE, offset }, language),
    get('/api/v1/execution', { groupBy: 'department', year, sort: 'name', limit: 100 }, language),
  ]);
  const threshold = answer.thresholdPct;
  const sourceColumns: Column<Source>[] = [
    { label: td('source'), value: (s) => td(`source.${s.source}` as DataKey), csv: (s) => s.source },
    { label: td('municipalityYears'), value: (s) => count(s.municipalityYears), csv: (s) => s.municipalityYears, numeric: true },
    { label: td('firstCutOff'), value: (s) => s.firstCutOff ?? '—', csv: (s) => s.firstCutOff },
    { label: td('lastCutOff'), value: (s) => s.lastCutOff ?? '—', csv: (s) => s.lastCutOff },
  ];
  const absent = () => h('span', { class: 'absent' }, td('notImported'));
  const covered = (pct: number | null | undefined) =>
    pct === null || pct === undefined
      ? '—'
      : pct < threshold
        ? h('strong', { class: 'low' }, rate(pct), h('span', { class: 'visually-hidden' }, ` (${td('lowMark', { threshold })})`), ' ▼')
        : rate(pct);
  const columns: Column<Row>[] = [
    { label: t('municipality'), value: (r) => h('a', { href: pageUrl(`/lugar/${r.ubigeo}`, { anio: r.year }) }, `${r.name} (${r.ubigeo})`) },
    { label: t('year'), value: (r) => String(r.year) },
    { label: td('population'), value: (r) => (r.population === null ? absent() : count(r.population)), numeric: true },
    { label: td('caPim'), value: (r) => (r.consultaAmigable ? money(r.consultaAmigable.pim) : absent()), numeric: true },
    { label: td('caDevengado'), value: (r) => (r.consultaAmigable ? money(r.consultaAmigable.devengado) : absent()), numeric: true },
    { label: td('lines'), value: (r) => (r.budgetLines ? count(r.budgetLines.lines) : absent()), numeric: true },
    { label: td('pimCovered'), value: (r) => (r.budgetLines ? covered(r.budgetLines.pimCoveragePct) : '—'), numeric: true },
    { label: td('devengadoCovered'), value: (r) => (r.budgetLines ? covered(r.budgetLines.devengadoCoveragePct) : '—'), numeric: true },
    { label: td('rubro18Lines'), value: (r) => (r.budgetLines ? count(r.budgetLines.rubro18Lines) : '—'), numeric: true },
    { label: td('projectLines'), value: (r) => (r.budgetLines ? count(r.budgetLines.projectLines) : '—'), numeric: true },
    { label: td('functionLines'), value: (r) => r.functionLines?.cutOff ?? absent() },
    { label: td('transferred'), value: (r) => (r.canonTransfers ? money(r.canonTransfers.transferred) : absent()), numeric: true },
    { label: canonSourceHeading(), value: (r) => (r.canonTransfers ? canonSourceText(r.canonTransfers.source) : absent()) },
  ];
  const form = h(
    'form',
    { class: 'controls', method: 'get', action: '/datos', id: 'filtro' },
    h(
      'p',
      { class: 'control' },
      h('label', { for: 'departamento' }, t('department')),
      h(
        'select',
        { id: 'departamento', name: 'departamento' },
        h('option', { value: '' }, td('allDepartments')),
        ...departments.rows.map((d) => h('option', { value: d.key, selected: d.key === department ? '' : undefined }, d.name)),
      ),
    ),
    h(
      'p',
      { class: 'control' },
      h('label', { for: 'anio' }, t('year')),
      h('select', { id: 'anio', name: 'anio' }, ...years.map((y) => h('option', { value: String(y), selected: y === year ? '' : undefined }, String(y)))),
    ),
    lang === 'en' ? h('input', { type: 'hidden', name: 'lang', value: 'en' }) : null,
    h('button', { type: 'submit' }, t('show')),
  );
  form.addEventListener('change', () => form.requestSubmit());
  const csvQuery = { department, year };
  return [
    figure('cortes', td('cutOffsTitle'), {
      notes: [h('p', { class: 'hint' }, td('cutOffsNote'))],
      table: table(td('cutOffsTitle'), sourceColumns, answer.sources),
      csv: csvLink('fechas-de-corte', sourceColumns, answer.sources),
    }),
    figure('cobertura', td('coverageTitle'), {
      notes: [
        h('p', { class: 'hint' }, td('coverageNote', { threshold })),
        form,
        ...(answer.items.length === 0 ? [h('p', { class: 'note', role: 'note' }, td('noRows'))] : [pager(answer.total, offset, answer.items.length, year)]),
      ],
      table: answer.items.length > 0 ? table(`${td('coverageTitle')} (${year})`, columns, answer.items) : undefined,
      csv: apiCsvLink(apiUrl('/api/v1/coverage.csv', csvQuery)),
    }),
  ];
}

/** "Rows 101–200 of 1,891" with links to the previous and next pages, each a URL of its own. */
function pager(total: number, offset: number, shown: number, year: number): HTMLElement {
  const link = (page: number, key: DataKey) =>
    h('a', { href: pageUrl('/datos', { departamento: department, anio: year, pagina: page > 1 ? page : undefined }) }, td(key));
  return h(
    'nav',
    { class: 'pager', 'aria-label': td('pages') },
    h('p', { id: 'cobertura-filas' }, td('rowsOf', { from: count(offset + 1), to: count(offset + shown), total: count(total) })),
    pageNumber > 1 ? link(pageNumber - 1, 'previous') : null,
    offset + shown < total ? link(pageNumber + 1, 'next') : null,
  );
}

type Method = Schemas['MethodDto'];

async function methodsFigure(): Promise<HTMLElement[]> {
  const answer = await get('/api/v1/analytics/methods', {}, language);
  const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return [
    h(
      'section',
      { class: 'figure', id: 'formulas', 'aria-labelledby': 'formulas-title' },
      h('h2', { id: 'formulas-title' }, td('methodsTitle')),
      h('p', { class: 'hint' }, td('methodsNote')),
      h('dl', { class: 'methods' }, ...answer.items.map((m: Method) => h('div', { id: `metodo-${m.key}` }, h('dt', {}, upper(m.name)), h('dd', {}, m.method)))),
    ),
  ];
}

type Rule = Schemas['RuleDto'];

async function rulesFigure(): Promise<HTMLElement[]> {
  const answer = await get('/api/v1/classification/rules', {}, language);
  const columns: Column<Rule>[] = [
    { label: t('code'), value: (r) => r.code },
    { label: td('level'), value: (r) => td(`level.${r.level}` as DataKey), csv: (r) => r.level },
    { label: t('dimension'), value: (r) => t(`dim.${r.dimension}` as Key), csv: (r) => r.dimension },
  ];
  return [
    figure('reglas', td('rulesTitle'), {
      notes: [h('p', { class: 'hint' }, td('rulesNote', { version: answer.version, date: answer.createdAt.slice(0, 10) }))],
      table: table(td('rulesTitle'), columns, answer.rules),
      csv: csvLink(`reglas-cepal-v${answer.version}`, columns, answer.rules),
    }),
  ];
}

render().catch((error: unknown) => document.querySelector('main')?.append(failure(error)));
