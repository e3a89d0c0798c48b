// A place's peers on its page (/lugar/{ubigeo}): a municipality's are the municipalities of its department, a
// province's the provinces of its department, a department's the departments, with half to double its
// population (of a province or department, its municipalities' figures added up), the rule said in the API's words; its execution rate, devengado and canon per
// inhabitant against the peers' median, with its rank; a peer without an input is left out of that measure
// and named, never drawn as zero. The texts live here: only the place page needs them.
import { type Schemas, get } from './api.js';
import { canonSourceHeading, canonSourceText } from './canon-source.js';
import { count, money, rate } from './format.js';
import { ownTexts } from './i18n.js';
import { language, note, scope, ubigeo } from './place-scope.js';
import { type Column, csvLink, figure, h, pageUrl, t, table } from './ui.js';

const es = {
  title: 'Entre sus pares',
  measure: 'Medida',
  median: 'Mediana de los pares',
  rank: 'Puesto (1 = el más alto)',
  rankOf: '{rank} de {of}',
  noRank: 'sin dato',
  withIt: 'Pares con el dato',
  rate: 'Tasa de ejecución',
  devengado: 'Devengado por habitante',
  canon: 'Canon transferido por habitante',
  peersTable: 'Los pares',
  population: 'Población',
  thisPlace: '(este lugar)',
  none: 'Ninguna otra municipalidad del departamento tiene una población en ese rango.',
  noneProvince: 'Ninguna otra provincia del departamento tiene una población en ese rango.',
  noneDepartment: 'Ningún otro departamento tiene una población en ese rango.',
  province: 'Provincia',
  department: 'Departamento',
};
type PeersKey = keyof typeof es;
const en: Record<PeersKey, string> = {
  title: 'Among its peers',
  measure: 'Measure',
  median: "Peers' median",
  rank: 'Rank (1 = highest)',
  rankOf: '{rank} of {of}',
  noRank: 'no figure',
  withIt: 'Peers with the figure',
  rate: 'Execution rate',
  devengado: 'Devengado per inhabitant',
  canon: 'Canon transferred per inhabitant',
  peersTable: 'The peers',
  population: 'Population',
  thisPlace: '(this place)',
  none: 'No other municipality of the department has a population in that range.',
  noneProvince: 'No other province of the department has a population in that range.',
  noneDepartment: 'No other department has a population in that range.',
  province: 'Province',
  department: 'Department',
};
const tp = ownTexts(es, en);

type Answer = Schemas['PeersResponseDto'];
type Peer = Omit<Schemas['PeerDto'], 'kind'>;
interface Measure {
  label: PeersKey;
  value: string;
  median: string;
  rank: number | null;
  of: number;
  peers: number;
}

export async function peersFigure(year: number): Promise<HTMLElement[]> {
  const a: Answer = await get('/api/v1/analytics/peers', { ...scope, year }, language);
  const measures: Measure[] = [
    { label: 'rate', ...a.executionRatePct, value: rate(a.executionRatePct.value), median: rate(a.executionRatePct.median) },
    { label: 'devengado', ...a.devengadoPerCapita, value: money(a.devengadoPerCapita.value), median: money(a.devengadoPerCapita.median) },
    { label: 'canon', ...a.canonPerCapita, value: money(a.canonPerCapita.value), median: money(a.canonPerCapita.median) },
  ];
  const standing: Column<Measure>[] = [
    { label: tp('measure'), value: (m) => tp(m.label) },
    { label: `${a.name} (${year})`, value: (m) => m.value, numeric: true },
    { label: tp('median'), value: (m) => m.median, numeric: true },
    { label: tp('rank'), value: (m) => (m.rank === null ? tp('noRank') : tp('rankOf', { rank: m.rank, of: m.of })), numeric: true },
    { label: tp('withIt'), value: (m) => count(m.peers), numeric: true },
  ];
  const own: Peer = {
    ubigeo: a.ubigeo,
    name: a.name,
    population: a.population ?? 0,
    executionRatePct: a.executionRatePct.value,
    devengadoPerCapita: a.devengadoPerCapita.value,
    canonPerCapita: a.canonPerCapita.value,
    canonSource: a.canon.canonSource,
  };
  const rows = a.population === null ? [] : [own, ...a.peers];
  const peerColumns: Column<Peer>[] = [
    {
      label: a.level === 'municipality' ? t('municipality') : tp(a.level),
      value: (p) =>
        p.ubigeo === a.ubigeo
          ? h('strong', {}, `${p.name} (${p.ubigeo}) ${tp('thisPlace')}`)
          : h('a', { href: pageUrl(`/lugar/${p.ubigeo}`, { anio: year }) }, `${p.name} (${p.ubigeo})`),
      csv: (p) => p.ubigeo,
    },
    { label: tp('population'), value: (p) => count(p.population), csv: (p) => p.population, numeric: true },
    { label: tp('rate'), value: (p) => rate(p.executionRatePct), csv: (p) => p.executionRatePct, numeric: true },
    { label: tp('devengado'), value: (p) => money(p.devengadoPerCapita), csv: (p) => p.devengadoPerCapita, numeric: true },
    { label: tp('canon'), value: (p) => money(p.canonPerCapita), csv: (p) => p.canonPerCapita, numeric: true },
    { label: canonSourceHeading(), value: (p) => canonSourceText(p.canonSource), csv: (p) => p.canonSource ?? '' },
  ];
  const notes: HTMLElement[] = [h('p', { class: 'hint peers-rule', id: 'pares-regla' }, a.rule)];
  if (a.population !== null && a.peers.length === 0)
    notes.push(note(tp(a.level === 'province' ? 'noneProvince' : a.level === 'department' ? 'noneDepartment' : 'none'), 'pares-ninguno', true));
  for (const text of a.notes) notes.push(note(text));
  return [
    figure('pares', `${tp('title')} (${year})`, {
      notes: [...notes, table(tp('title'), standing, measures)],
      table: rows.length > 1 ? table(tp('peersTable'), peerColumns, rows) : undefined,
      csv: rows.length > 1 ? csvLink(`pares-${ubigeo}-${year}`, peerColumns, rows) : undefined,
    }),
  ];
}
