// The map page (/): Peru's departments, a department's provinces or a province's districts, coloured by a
// measure of one year, with the same figures as a table. State in the URL: anio, medida, dep or prov, lang.
import type { EChartsOption } from 'echarts';
import { type Schemas, get } from './api.js';
import { count, money, magnitude, rate } from './format.js';
import { canonSourceHeading, canonSourceText } from './canon-source.js';
import { type Key, apiLanguage } from './i18n.js';
import { type Column, chart, failure, frame, h, lang, pageUrl, t, table } from './ui.js';
import { nationalYears } from './years.js';

type Municipality = Schemas['MunicipalityDto'];

/** A place of the map and the ranking: its value for the colour, that value as written, and the other figures. */
interface Place {
  key: string;
  name: string;
  value: number | null;
  shown: string;
  cells: string[];
}

/** Where a measure's figures come from: the budget execution, or the canon per place (issue 15's last two measures). */
type Source = 'execution' | 'canon';
type Picked = { value: number | null; shown: string };
type Measure = {
  label: string;
  /** Its column in the ranking table; none when it is already one of the source's columns. */
  column?: string;
} & ({ source: 'execution'; pick: (row: ExecutionRow) => Picked } | { source: 'canon'; pick: (row: CanonRow) => Picked });
type ExecutionRow = Schemas['ExecutionRowDto'];
type CanonRow = Schemas['CanonPlaceRowDto'];

// the texts only this page needs (the first page's JS stays small)
const TEXTS = {
  es: {
    canonPerCapita: 'Canon transferido por habitante',
    canonUnspent: 'Canon no gastado (transferido − devengado del rubro 18)',
    transferred: 'Canon transferido',
    canonDevengado: 'Devengado del rubro 18',
    canonUnspentShort: 'Canon no gastado',
    withTransfers: 'Municipalidades con transferencias',
    withSpending: 'Municipalidades con gasto del rubro 18',
    canonLegend:
      'Solo donde se conocen las transferencias y el gasto del rubro 18 de todas sus municipalidades; donde no, gris: sin datos, nunca 0. Negativo: se gastó saldo de años anteriores.',
    perCapitaLegend:
      'Canon recibido (rubro 18): las transferencias de cada municipalidad o, sin ellas, su fila en el archivo de entidades del departamento (MEF, la misma medida). Solo donde se conoce el de todas sus municipalidades; donde no, gris: sin datos.',
  },
  en: {
    canonPerCapita: 'Canon transferred per inhabitant',
    canonUnspent: 'Unspent canon (transferred − rubro-18 devengado)',
    transferred: 'Canon transferred',
    canonDevengado: 'Rubro-18 devengado',
    canonUnspentShort: 'Unspent canon',
    withTransfers: 'Municipalities with transfers',
    withSpending: 'Municipalities with rubro-18 spending',
    canonLegend:
      "Only where the transfers and the rubro-18 spending of all its municipalities are known; elsewhere grey: no data, never 0. Negative: earlier years' balance was spent.",
    perCapitaLegend:
      "Canon received (rubro 18): each municipality's transfers or, without them, its row in the department's entities file (MEF, the same measure). Only where it is known for all its municipalities; elsewhere grey: no data.",
  },
};
const tm = (key: keyof (typeof TEXTS)['es']): string => TEXTS[lang][key];

const amount = (figure: string | null) => ({ value: magnitude(figure), shown: money(figure) });

/** The measures, by their name in the URL. */
const MEASURES: Record<string, Measure> = {
  ejecucion: { source: 'execution', label: t('measure.executionRatePct'), pick: (r) => ({ value: r.executionRatePct, shown: rate(r.executionRatePct) }) },
  saldo: { source: 'execution', label: t('measure.unspent'), column: t('unspent'), pick: (r) => amount(r.unspent) },
  'por-habitante': { source: 'execution', label: t('measure.devengadoPerCapita'), column: t('perCapita'), pick: (r) => amount(r.devengadoPerCapita) },
  'canon-por-habitante': { source: 'canon', label: tm('canonPerCapita'), column: tm('canonPerCapita'), pick: (r) => amount(r.transferredPerCapita) },
  'canon-no-gastado': { source: 'canon', label: tm('canonUnspent'), column: tm('canonUnspentShort'), pick: (r) => amount(r.unspent) },
};

/** Each source's own columns after the measure's, as the ranking and the hover show them. */
const COLUMNS: Record<Source, string[]> = {
  execution: [t('rate'), t('pim'), t('devengado')],
  canon: [tm('transferred'), tm('canonDevengado'), tm('withTransfers'), tm('withSpending'), canonSourceHeading()],
};
const executionCells = (r: ExecutionRow) => [rate(r.executionRatePct), money(r.pim), money(r.devengado)];
const canonCells = (r: CanonRow) => [
  money(r.transferred),
  money(r.devengado),
  `${count(r.withTransfers)} / ${count(r.municipalities)}`,
  `${count(r.withSpending)} / ${count(r.municipalities)}`,
  canonSourceText(r.canonSource, r),
];

interface Feature {
  type: 'Feature';
  properties: Record<string, string | number | null>;
  geometry: { type: string; coordinates: unknown };
}
interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

/** What a level of the map shows: whose children, read from which boundary file by which property. */
interface Level {
  file: string;
  codeProperty: string;
  parent?: { param: 'dep' | 'prov'; code: string };
  groupBy: 'department' | 'province' | 'municipality';
  filter: { department?: string; province?: string };
  /** Where a child is drawn as a dot when it has no polygon (created after 2007). */
  dots?: { department?: string; province?: string; kind?: 'provincial' };
  /** The URL a child's click opens. */
  next: (code: string) => string;
  nextLabel?: Key;
}

const params = new URLSearchParams(location.search);
const measureName = MEASURES[params.get('medida') ?? ''] ? (params.get('medida') as string) : 'ejecucion';
const measure: Measure = MEASURES[measureName];
const dep = /^\d{2}$/.test(params.get('dep') ?? '') ? (params.get('dep') as string) : undefined;
const prov = /^\d{4}$/.test(params.get('prov') ?? '') ? (params.get('prov') as string) : undefined;

function levelOf(year: number): Level {
  const state = (extra: Record<string, string>) => pageUrl('/', { anio: year, medida: measureName, ...extra });
  if (prov) {
    return {
      file: 'peru_distrital_simple.geojson',
      codeProperty: 'IDDIST',
      parent: { param: 'prov', code: prov },
      groupBy: 'municipality',
      filter: { province: prov },
      dots: { province: prov },
      next: (code) => pageUrl(`/lugar/${code}`, { anio: year }),
    };
  }
  if (dep) {
    return {
      file: 'peru_provincial_simple.geojson',
      codeProperty: 'FIRST_IDPR',
      parent: { param: 'dep', code: dep },
      groupBy: 'province',
      filter: { department: dep },
      dots: { department: dep, kind: 'provincial' },
      next: (code) => state({ prov: code }),
      nextLabel: 'seeDistricts',
    };
  }
  return {
    file: 'peru_departamental_simple.geojson',
    codeProperty: 'FIRST_IDDP',
    groupBy: 'department',
    filter: {},
    next: (code) => state({ dep: code }),
    nextLabel: 'seeProvinces',
  };
}

/** A small polygon around a point, so a district without a boundary is a shape like the others. */
function dot(code: string, lon: number, lat: number, radius: number): Feature {
  const ring = Array.from({ length: 13 }, (_, i) => [lon + radius * Math.cos((i * Math.PI) / 6), lat + radius * Math.sin((i * Math.PI) / 6)]);
  return { type: 'Feature', properties: { code, dot: 1 }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/** The level's places with the measure: ranked by the API (execution) or here (canon), unknown values last. */
async function places(level: Level, year: number, language: string): Promise<Place[]> {
  const of = (row: { key: string; name: string }, picked: Picked, cells: string[]): Place => ({ key: row.key, name: row.name, ...picked, cells });
  if (measure.source === 'canon') {
    const { pick } = measure;
    const answer = await get('/api/v1/canon/places', { ...level.filter, groupBy: level.groupBy, year }, language);
    const rows = answer.rows.map((r) => of(r, pick(r), canonCells(r)));
    return rows.sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || (b.value ?? 0) - (a.value ?? 0) || a.name.localeCompare(b.name));
  }
  const sort = MEASURE_FIELDS[measureName];
  const answer = await get('/api/v1/execution', { ...level.filter, groupBy: level.groupBy, year, sort, order: 'desc', limit: 2000 }, language);
  const { pick } = measure;
  return answer.rows.map((r) => of(r, pick(r), executionCells(r)));
}
/** The execution measures' sort field in GET /execution. */
const MEASURE_FIELDS: Record<string, 'executionRatePct' | 'unspent' | 'devengadoPerCapita'> = {
  ejecucion: 'executionRatePct',
  saldo: 'unspent',
  'por-habitante': 'devengadoPerCapita',
};

async function render(): Promise<void> {
  const main = frame();
  const language = apiLanguage(lang);
  const years = await nationalYears();
  const year = Number(params.get('anio')) && years.all.includes(Number(params.get('anio'))) ? Number(params.get('anio')) : years.preferred;
  const level = levelOf(year);
  document.title = `${t('mapTitle')} ${year} — ${t('siteName')}`;

  const [rows, geo, children, parentPlace] = await Promise.all([
    places(level, year, language),
    fetch(`/geo/${level.file}`).then((r) => r.json() as Promise<FeatureCollection>),
    level.dots ? get('/api/v1/municipalities', { ...level.dots, limit: 2000 }, language) : Promise.resolve(null),
    level.parent
      ? get('/api/v1/municipalities', { [level.parent.param === 'dep' ? 'department' : 'province']: level.parent.code, limit: 1 }, language)
      : Promise.resolve(null),
  ]);

  // the boundaries of this level, each named by its code, and dots for the children without one
  const prefix = level.parent?.code ?? '';
  const features: Feature[] = geo.features
    .filter((f) => String(f.properties[level.codeProperty]).startsWith(prefix))
    .map((f) => ({ ...f, properties: { code: String(f.properties[level.codeProperty]) } }));
  const drawn = new Set(features.map((f) => f.properties.code));
  const dotted: string[] = [];
  for (const m of children?.items ?? []) {
    const code = level.groupBy === 'province' ? m.provinceCode : m.ubigeo;
    if (drawn.has(code) || m.latitude === null || m.longitude === null) continue;
    features.push(dot(code, Number(m.longitude), Number(m.latitude), level.groupBy === 'province' ? 0.08 : 0.035));
    drawn.add(code);
    dotted.push(code);
  }
  const mapName = `nivel-${prefix || 'peru'}`;
  echarts.registerMap(mapName, { type: 'FeatureCollection', features } as unknown as Parameters<typeof echarts.registerMap>[1]);

  main.append(...heading(year, level, parentPlace?.items[0]), controls(year, years.all, years.open));
  const body = h('div', { class: 'map-layout' });
  const box = h('div', { class: 'chart map', id: 'mapa' });
  body.append(h('div', { class: 'map-side' }, box, legend(dotted.length > 0)), ranking(rows, level, year));
  main.append(body);
  drawMap(box, mapName, rows, level, dotted);
}

function heading(year: number, level: Level, parent: Municipality | undefined): HTMLElement[] {
  const crumbs: Node[] = [h('a', { href: pageUrl('/', { anio: year, medida: measureName }) }, t('peru'))];
  if (parent)
    crumbs.push(
      document.createTextNode(' › '),
      level.parent?.param === 'prov'
        ? h('a', { href: pageUrl('/', { anio: year, medida: measureName, dep: parent.departmentCode }) }, parent.departmentName)
        : h('span', {}, parent.departmentName),
    );
  if (parent && level.parent?.param === 'prov') crumbs.push(document.createTextNode(' › '), h('span', {}, parent.provinceName));
  const placeName = !parent ? t('peru') : level.parent?.param === 'prov' ? parent.provinceName : parent.departmentName;
  const open = level.parent ? h('p', {}, h('a', { href: pageUrl(`/lugar/${level.parent.code}`, { anio: year }) }, `${t('openPlace')} ${placeName}`)) : null;
  return [
    h('nav', { class: 'crumbs', 'aria-label': 'breadcrumb' }, ...crumbs),
    h('h1', {}, `${t('mapTitle')}: ${placeName}, ${year}`),
    h('p', { class: 'intro' }, t('mapIntro')),
    ...(open ? [open] : []),
  ];
}

function controls(year: number, years: number[], open: number | null): HTMLElement {
  const select = (id: string, name: string, label: string, options: [string, string][], selected: string) =>
    h(
      'p',
      { class: 'control' },
      h('label', { for: id }, label),
      h('select', { id, name }, ...options.map(([v, text]) => h('option', { value: v, selected: v === selected ? '' : undefined }, text))),
    );
  const form = h(
    'form',
    { class: 'controls', method: 'get', action: '/' },
    select(
      'anio',
      'anio',
      t('year'),
      years.map((y) => [String(y), y === open ? `${y} (${t('yearOpen')})` : String(y)]),
      String(year),
    ),
    select(
      'medida',
      'medida',
      t('measure'),
      Object.entries(MEASURES).map(([name, m]) => [name, m.label]),
      measureName,
    ),
    dep ? h('input', { type: 'hidden', name: 'dep', value: dep }) : null,
    prov ? h('input', { type: 'hidden', name: 'prov', value: prov }) : null,
    lang === 'en' ? h('input', { type: 'hidden', name: 'lang', value: 'en' }) : null,
    h('button', { type: 'submit' }, t('show')),
  );
  form.addEventListener('change', () => form.requestSubmit());
  return form;
}

function legend(withDots: boolean): HTMLElement {
  return h(
    'div',
    { class: 'legend' },
    h('h2', {}, t('legend')),
    h('p', {}, `${measure.label}. ${t('legendText')}`),
    measure.source === 'canon' ? h('p', {}, tm(measureName === 'canon-no-gastado' ? 'canonLegend' : 'perCapitaLegend')) : null,
    withDots ? h('p', {}, t('points')) : null,
  );
}

function ranking(rows: Place[], level: Level, year: number): HTMLElement {
  const place = (row: Place) => {
    const link = h('a', { href: pageUrl(`/lugar/${row.key}`, { anio: year }) }, row.name);
    return level.nextLabel
      ? h(
          'span',
          {},
          link,
          ' ',
          h('a', { class: 'drill', href: level.next(row.key), 'aria-label': `${t(level.nextLabel)}: ${row.name}` }, `(${t(level.nextLabel)})`),
        )
      : link;
  };
  let rank = 0;
  const columns: Column<Place>[] = [
    // an unknown value has no rank: it is last, never ranked as 0
    { label: t('rank'), value: (r) => (measure.source === 'canon' && r.value === null ? '—' : String(++rank)), numeric: true },
    { label: t('place'), value: place },
    ...(measure.column ? [{ label: measure.column, value: (r: Place) => (r.value === null ? t('noData') : r.shown), numeric: true }] : []),
    ...COLUMNS[measure.source].map((label, i) => ({ label, value: (r: Place) => r.cells[i], numeric: true })),
  ];
  return h('div', { class: 'ranking' }, h('h2', {}, t('ranking')), table(`${t('ranking')}: ${measure.label}`, columns, rows));
}

function drawMap(box: HTMLElement, mapName: string, rows: Place[], level: Level, dotted: string[]): void {
  const byCode = new Map(rows.map((r) => [r.key, r]));
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const format = (v: number) => (measureName === 'ejecucion' ? rate(v) : money(String(Math.round(v))));
  const option: EChartsOption = {
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const row = byCode.get(String(item.name));
        if (!row) return `${item.name}: ${t('noData')}`;
        const figures = COLUMNS[measure.source].map((label, i) => `<br>${label}: ${row.cells[i]}`).join('');
        return `<strong>${row.name}</strong><br>${measure.label}: ${row.value === null ? t('noData') : row.shown}${figures}`;
      },
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max === min ? min + 1 : max,
      text: [format(max), format(min)],
      calculable: false,
      left: 8,
      bottom: 8,
      inRange: { color: ['#e3eef9', '#6baed6', '#08306b'] },
      textStyle: { color: '#1f2328' },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: false,
        selectedMode: false,
        label: { show: false },
        itemStyle: { areaColor: '#c8c8c8', borderColor: '#ffffff', borderWidth: 0.6 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#f2b705', borderColor: '#1f2328', borderWidth: 1 } },
        // a dot has a dark outline, so a light one shows against the white around it
        data: rows
          .filter((r) => r.value !== null)
          .map((r) => ({
            name: r.key,
            value: r.value as number,
            ...(dotted.includes(r.key) ? { itemStyle: { borderColor: '#1f2328', borderWidth: 1 } } : {}),
          })),
      },
    ],
  };
  const instance = chart(box, `${t('mapLabel')} ${measure.label}`, option);
  instance.on('click', (p) => location.assign(level.next(String(p.name))));
}

render().catch((error: unknown) => document.querySelector('main')?.append(failure(error)));
