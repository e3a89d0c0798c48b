// The map page (/): Peru's departments, a department's provinces or a province's districts, coloured by a
// measure of one year, with the same figures as a table. State in the URL: anio, medida, dep or prov, lang.
import type { EChartsOption } from 'echarts';
import { type Answer, type Schemas, get } from './api.js';
import { money, magnitude, rate } from './format.js';
import { type Key, apiLanguage } from './i18n.js';
import { type Column, chart, failure, frame, h, lang, pageUrl, t, table } from './ui.js';
import { nationalYears } from './years.js';

type Row = Schemas['ExecutionRowDto'];
type Municipality = Schemas['MunicipalityDto'];
type Field = 'executionRatePct' | 'unspent' | 'devengadoPerCapita';

/** The measures, by their name in the URL. */
const MEASURES: Record<string, Field> = { ejecucion: 'executionRatePct', saldo: 'unspent', 'por-habitante': 'devengadoPerCapita' };

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

/** A measure's column in the ranking table. */
const SHORT: Record<Field, Key> = { executionRatePct: 'rate', unspent: 'unspent', devengadoPerCapita: 'perCapita' };

const params = new URLSearchParams(location.search);
const measureName = MEASURES[params.get('medida') ?? ''] ? (params.get('medida') as string) : 'ejecucion';
const field: Field = MEASURES[measureName];
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

const value = (row: Row): number | null => (field === 'executionRatePct' ? row.executionRatePct : magnitude(row[field]));
const shown = (row: Row): string => (field === 'executionRatePct' ? rate(row.executionRatePct) : money(row[field]));

async function render(): Promise<void> {
  const main = frame();
  const language = apiLanguage(lang);
  const years = await nationalYears();
  const year = Number(params.get('anio')) && years.all.includes(Number(params.get('anio'))) ? Number(params.get('anio')) : years.preferred;
  const level = levelOf(year);
  document.title = `${t('mapTitle')} ${year} — ${t('siteName')}`;

  const [execution, geo, children, parentPlace] = await Promise.all([
    get('/api/v1/execution', { ...level.filter, groupBy: level.groupBy, year, sort: field, order: 'desc', limit: 2000 }, language),
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
  body.append(h('div', { class: 'map-side' }, box, legend(dotted.length > 0)), ranking(execution, level, year));
  main.append(body);
  drawMap(box, mapName, execution.rows, level, dotted);
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
      Object.entries(MEASURES).map(([name, f]) => [name, t(`measure.${f}` as Key)]),
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
    h('p', {}, `${t(`measure.${field}` as Key)}. ${t('legendText')}`),
    withDots ? h('p', {}, t('points')) : null,
  );
}

function ranking(execution: Answer<'/api/v1/execution'>, level: Level, year: number): HTMLElement {
  const place = (row: Row) => {
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
  const columns: Column<Row>[] = [
    { label: t('rank'), value: () => String(++rank), numeric: true },
    { label: t('place'), value: place },
    ...(field === 'executionRatePct' ? [] : [{ label: t(SHORT[field]), value: shown, numeric: true }]),
    { label: t('rate'), value: (r) => rate(r.executionRatePct), numeric: true },
    { label: t('pim'), value: (r) => money(r.pim), numeric: true },
    { label: t('devengado'), value: (r) => money(r.devengado), numeric: true },
  ];
  return h('div', { class: 'ranking' }, h('h2', {}, t('ranking')), table(`${t('ranking')}: ${t(`measure.${field}` as Key)}`, columns, execution.rows));
}

function drawMap(box: HTMLElement, mapName: string, rows: Row[], level: Level, dotted: string[]): void {
  const byCode = new Map(rows.map((r) => [r.key, r]));
  const values = rows.map(value).filter((v): v is number => v !== null);
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const format = (v: number) => (field === 'executionRatePct' ? rate(v) : money(String(Math.round(v))));
  const option: EChartsOption = {
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const row = byCode.get(String(item.name));
        return row
          ? `<strong>${row.name}</strong><br>${t(`measure.${field}` as Key)}: ${shown(row)}<br>${t('pim')}: ${money(row.pim)}<br>${t('devengado')}: ${money(row.devengado)}`
          : `${item.name}: ${t('noData')}`;
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
          .filter((r) => value(r) !== null)
          .map((r) => ({
            name: r.key,
            value: value(r) as number,
            ...(dotted.includes(r.key) ? { itemStyle: { borderColor: '#1f2328', borderWidth: 1 } } : {}),
          })),
      },
    ],
  };
  const instance = chart(box, `${t('mapLabel')} ${t(`measure.${field}` as Key)}`, option);
  instance.on('click', (p) => location.assign(level.next(String(p.name))));
}

render().catch((error: unknown) => document.querySelector('main')?.append(failure(error)));
