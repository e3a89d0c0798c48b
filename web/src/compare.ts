// The compare page (/comparar?lugares=0808,0801,080801&anio=2022): up to six places of any level side by
// side in one year — PIA, PIM and devengado as a grouped bar chart, with the rate and the devengado per
// inhabitant in the table beside it. State in the URL: lugares, anio, lang.
import { type Schemas, get } from './api.js';
import { magnitude, money, rate } from './format.js';
import { apiLanguage } from './i18n.js';
import { PALETTE, type Column, chart, csvLink, failure, figure, frame, h, lang, pageUrl, t, table } from './ui.js';
import { nationalYears } from './years.js';

type Row = Schemas['ExecutionRowDto'];
interface Place {
  code: string;
  row: Row | null;
}

const MAX_PLACES = 6;
const UBIGEO = /^\d{2}(\d{2}(\d{2})?)?$/;
const language = apiLanguage(lang);
const axisLabel = { color: '#1f2328' };
const params = new URLSearchParams(location.search);
const codes = [
  ...new Set(
    (params.get('lugares') ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => UBIGEO.test(c)),
  ),
].slice(0, MAX_PLACES);

const urlOf = (places: string[], year: number) => pageUrl('/comparar', { lugares: places.join(','), anio: year });

/** One place's figures of the year: its own row when grouped at its own level (null when it has none). */
async function figuresOf(code: string, year: number): Promise<Row | null> {
  const level = code.length === 6 ? 'municipality' : code.length === 4 ? 'province' : 'department';
  const answer = await get('/api/v1/execution', { [level]: code, groupBy: level, year, limit: 1 }, language);
  return answer.rows.find((r) => r.key === code) ?? null;
}

async function render(): Promise<void> {
  const main = frame();
  main.append(h('h1', {}, t('compareTitle')), h('p', { class: 'intro' }, t('compareIntro')));
  const years = await nationalYears();
  const asked = Number(params.get('anio'));
  const year = years.all.includes(asked) ? asked : years.preferred;
  document.title = `${t('compareTitle')} ${year} — ${t('siteName')}`;
  const places: Place[] = await Promise.all(codes.map(async (code) => ({ code, row: await figuresOf(code, year) })));

  main.append(controls(year, years.all, years.open), await adder(year, places));
  if (places.length === 0) {
    main.append(h('p', { class: 'note', role: 'note' }, t('noPlaces')));
    return;
  }
  main.append(placeList(places, year), comparison(places, year));
}

function controls(year: number, years: number[], open: number | null): HTMLElement {
  const form = h(
    'form',
    { class: 'controls', method: 'get', action: '/comparar' },
    h('input', { type: 'hidden', name: 'lugares', value: codes.join(',') }),
    h(
      'p',
      { class: 'control' },
      h('label', { for: 'anio' }, t('year')),
      h(
        'select',
        { id: 'anio', name: 'anio' },
        ...years.map((y) => h('option', { value: String(y), selected: y === year ? '' : undefined }, y === open ? `${y} (${t('yearOpen')})` : String(y))),
      ),
    ),
    lang === 'en' ? h('input', { type: 'hidden', name: 'lang', value: 'en' }) : null,
    h('button', { type: 'submit' }, t('show')),
  );
  form.addEventListener('change', () => form.requestSubmit());
  return form;
}

/** The places compared, each with a button that removes it. */
function placeList(places: Place[], year: number): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'lugares-title' },
    h('h2', { id: 'lugares-title' }, t('comparePlaces')),
    h(
      'ul',
      { class: 'chips', id: 'lugares' },
      ...places.map((p) => {
        const name = p.row?.name ?? p.code;
        const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': `${t('remove')} ${name} (${p.code})` }, '×');
        remove.addEventListener('click', () =>
          location.assign(
            urlOf(
              codes.filter((c) => c !== p.code),
              year,
            ),
          ),
        );
        return h('li', {}, h('a', { href: pageUrl(`/lugar/${p.code}`, { anio: year }) }, `${name} (${p.code})`), ' ', remove);
      }),
    ),
  );
}

/** A text field for a code and a select of departments and their provinces, to add a place. */
async function adder(year: number, places: Place[]): Promise<HTMLElement> {
  const [departments, provinces] = await Promise.all([
    get('/api/v1/execution', { groupBy: 'department', year, sort: 'name', limit: 100 }, language),
    get('/api/v1/execution', { groupBy: 'province', year, sort: 'name', limit: 500 }, language),
  ]);
  const select = h(
    'select',
    { id: 'elegir' },
    h('option', { value: '' }, t('choose')),
    ...departments.rows.map((d) =>
      h(
        'optgroup',
        { label: d.name },
        h('option', { value: d.key }, `${d.name} (${d.key})`),
        ...provinces.rows.filter((p) => p.key.startsWith(d.key)).map((p) => h('option', { value: p.key }, `${p.name} (${p.key})`)),
      ),
    ),
  );
  const field = h('input', {
    id: 'ubigeo',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    pattern: '\\d{2}(\\d{2}(\\d{2})?)?',
    size: '8',
    'aria-describedby': 'agregar-mensaje',
  });
  const message = h('p', { id: 'agregar-mensaje', class: 'error', role: 'status' });
  const form = h(
    'form',
    { class: 'controls', id: 'agregar', 'aria-labelledby': 'agregar-title', novalidate: '' },
    h('h2', { id: 'agregar-title', class: 'visually-hidden' }, t('addPlace')),
    h('p', { class: 'control' }, h('label', { for: 'ubigeo' }, t('ubigeoField')), field),
    h('p', { class: 'control' }, h('label', { for: 'elegir' }, t('orChoose')), select),
    h('button', { type: 'submit' }, t('add')),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = field.value.trim() || select.value;
    const problem = !UBIGEO.test(code) ? 'badUbigeo' : codes.includes(code) ? 'already' : places.length >= MAX_PLACES ? 'tooMany' : null;
    if (problem) {
      message.textContent = t(problem);
      field.focus();
      return;
    }
    location.assign(urlOf([...codes, code], year));
  });
  return form;
}

function comparison(places: Place[], year: number): HTMLElement {
  const name = (p: Place) => p.row?.name ?? p.code;
  const columns: Column<Place>[] = [
    {
      label: t('place'),
      value: (p) => h('a', { href: pageUrl(`/lugar/${p.code}`, { anio: year }) }, `${name(p)} (${p.code})`),
      csv: (p) => `${name(p)} (${p.code})`,
    },
    { label: t('pia'), value: (p) => (p.row ? money(p.row.pia) : t('unknownPlace')), csv: (p) => p.row?.pia ?? null, numeric: true },
    { label: t('pim'), value: (p) => money(p.row?.pim), csv: (p) => p.row?.pim ?? null, numeric: true },
    { label: t('devengado'), value: (p) => money(p.row?.devengado), csv: (p) => p.row?.devengado ?? null, numeric: true },
    { label: t('rate'), value: (p) => rate(p.row?.executionRatePct), csv: (p) => p.row?.executionRatePct ?? null, numeric: true },
    // per inhabitant and year; null (a dash) where a municipality of the place has no population
    { label: t('perCapita'), value: (p) => money(p.row?.devengadoPerCapita), csv: (p) => p.row?.devengadoPerCapita ?? null, numeric: true },
  ];
  const known = places.filter((p) => p.row !== null);
  const measures = [
    ['pia', (r: Row) => r.pia],
    ['pim', (r: Row) => r.pim],
    ['devengado', (r: Row) => r.devengado],
  ] as const;
  const section = figure('comparacion', `${t('compareTable')} (${year})`, {
    chart:
      known.length > 0
        ? (box) =>
            chart(box, `${t('compareChart')} (${year})`, {
              color: PALETTE,
              tooltip: { trigger: 'axis', valueFormatter: (v) => money(String(Math.round(Number(v)))) },
              legend: { top: 0, textStyle: axisLabel },
              grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
              xAxis: {
                type: 'category',
                data: known.map((p) => `${name(p)} (${p.code})`),
                axisLabel: { ...axisLabel, interval: 0, width: 90, overflow: 'break' },
              },
              yAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => `${Math.round(v / 1e6)} M` } },
              series: measures.map(([key, of]) => ({ type: 'bar', name: t(key), data: known.map((p) => magnitude(of(p.row as Row))) })),
            })
        : undefined,
    table: table(`${t('compareTable')} (${year})`, columns, places),
    csv: csvLink(`comparar-${year}`, columns, places),
  });
  section.classList.add('wide-table');
  return section;
}

render().catch((error: unknown) => document.querySelector('main')?.append(failure(error)));
