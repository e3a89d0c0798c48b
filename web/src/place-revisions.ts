// How the year shown on a place's page (/lugar/{ubigeo}) was revised from one cut-off to the next: each
// Consulta Amigable file states the year as it stood on its date, and a later file revises it (a young
// year's devengado grows, its PIM is modified). For a province or department, each cut-off is the sum of
// its municipalities as each stood on that date (GET /execution/history). The texts live here: only the
// place page needs them.
import { type Schemas, get } from './api.js';
import { count, magnitude, money, rate } from './format.js';
import { ownTexts } from './i18n.js';
import { axisLabel, language, note, scope, soles, ubigeo } from './place-scope.js';
import { PALETTE, type Column, chart, csvLink, figure, h, pageUrl, partialNote, t, table } from './ui.js';

const es = {
  title: 'Cómo se revisó {year} entre fechas de corte',
  cutOff: 'Fecha de corte',
  file: 'Archivo',
  pimChange: 'Cambio del PIM',
  devengadoChange: 'Cambio del devengado',
  withFigures: 'Municipalidades con cifras',
  lead: 'Cada archivo de Consulta Amigable da el año tal como estaba en su fecha de corte; un archivo posterior lo revisa. La fila marcada es la que muestran las demás cifras de la página.',
  leadArea:
    'Para una provincia o un departamento, cada fecha suma sus municipalidades tal como estaba cada una en esa fecha (su último corte en o antes de ella).',
  one: 'Una sola fecha de corte para {year} ({date}): no hay revisiones que mostrar.',
  none: 'No se importaron cifras de Consulta Amigable de {year} para este lugar.',
  others: 'Años revisados entre fechas de corte:',
  partial: 'en las fechas marcadas con * no todas las {n} municipalidades del lugar tienen cifras.',
  partialOf: '{date}: {with} de {n}',
  current: 'vigente',
};
type RevisionsKey = keyof typeof es;
const en: Record<RevisionsKey, string> = {
  title: 'How {year} was revised between cut-off dates',
  cutOff: 'Cut-off date',
  file: 'File',
  pimChange: 'PIM change',
  devengadoChange: 'Devengado change',
  withFigures: 'Municipalities with figures',
  lead: "Each Consulta Amigable file gives the year as it stood on its cut-off date; a later file revises it. The marked row is the one the page's other figures show.",
  leadArea: 'For a province or a department, each date adds up its municipalities as each stood on that date (its latest cut-off on or before it).',
  one: 'One cut-off date for {year} ({date}): no revisions to show.',
  none: 'No Consulta Amigable figures of {year} were imported for this place.',
  others: 'Years revised between cut-off dates:',
  partial: 'on the dates marked * not all {n} municipalities of the place have figures.',
  partialOf: '{date}: {with} of {n}',
  current: 'current',
};
const tr = ownTexts(es, en);

type Snapshot = Schemas['SnapshotDto'];

export async function revisionsFigure(year: number): Promise<HTMLElement[]> {
  const answer = await get('/api/v1/execution/history', { ...scope }, language);
  const cuts = answer.snapshots.filter((s) => s.year === year);
  const revised = [...new Set(answer.snapshots.map((s) => s.year))].filter((y) => answer.snapshots.filter((s) => s.year === y).length > 1);
  const area = answer.level !== 'municipality';
  const short = cuts.filter((s) => s.municipalities < answer.municipalities);
  const dateOf = (s: Snapshot) => `${s.snapshotDate}${short.includes(s) ? '*' : ''}`;
  const first = (s: Snapshot) => s === cuts[0];
  const columns: Column<Snapshot>[] = [
    {
      label: tr('cutOff'),
      value: (s) => h('span', { class: 'nowrap' }, dateOf(s), s.current ? ` (${tr('current')})` : ''),
      csv: (s) => s.snapshotDate,
    },
    { label: t('pim'), value: (s) => money(s.pim), csv: (s) => s.pim, numeric: true },
    { label: t('devengado'), value: (s) => money(s.devengado), csv: (s) => s.devengado, numeric: true },
    { label: t('rate'), value: (s) => rate(s.executionRatePct), csv: (s) => s.executionRatePct, numeric: true },
    { label: tr('pimChange'), value: (s) => change(s, 'pim', first(s)), csv: (s) => (first(s) ? null : (s.changes.pim ?? '0')), numeric: true },
    {
      label: tr('devengadoChange'),
      value: (s) => change(s, 'devengado', first(s)),
      csv: (s) => (first(s) ? null : (s.changes.devengado ?? '0')),
      numeric: true,
    },
    ...(area ? [{ label: tr('withFigures'), value: (s: Snapshot) => count(s.municipalities), csv: (s: Snapshot) => s.municipalities, numeric: true }] : []),
  ];
  // the download adds what the table leaves out for width: PIA and the file each cut-off came from
  const download: Column<Snapshot>[] = [
    ...columns.slice(0, 1),
    { label: t('pia'), value: (s) => money(s.pia), csv: (s) => s.pia },
    ...columns.slice(1),
    { label: tr('file'), value: (s) => s.fileName },
  ];
  const notes: HTMLElement[] = [h('p', { class: 'hint' }, tr('lead'), area ? ` ${tr('leadArea')}` : '')];
  if (cuts.length === 0) notes.push(note(tr('none', { year }), 'revisiones-ninguna'));
  if (cuts.length === 1) notes.push(note(tr('one', { year, date: cuts[0].snapshotDate }), 'revisiones-una'));
  if (short.length > 0)
    notes.push(
      partialNote(
        tr('partial', { n: count(answer.municipalities) }),
        short.map((s) => tr('partialOf', { date: s.snapshotDate, with: count(s.municipalities), n: count(answer.municipalities) })),
      ),
    );
  const others = revised.filter((y) => y !== year);
  if (others.length > 0)
    notes.push(
      h(
        'p',
        { class: 'hint' },
        `${tr('others')} `,
        ...others.flatMap((y, i) => [i > 0 ? ', ' : '', h('a', { href: `${pageUrl(`/lugar/${ubigeo}`, { anio: y })}#revisiones` }, String(y))]),
      ),
    );
  return [
    figure('revisiones', tr('title', { year }), {
      notes,
      chart:
        cuts.length > 1
          ? (box) =>
              chart(box, tr('title', { year }), {
                color: PALETTE.slice(1),
                tooltip: { trigger: 'axis', valueFormatter: (v) => soles(v) },
                legend: { top: 0, textStyle: axisLabel },
                grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
                xAxis: { type: 'category', data: cuts.map(dateOf), axisLabel },
                yAxis: [
                  { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => `${Math.round(v / 1e6)} M` } },
                  { type: 'value', min: 0, max: 100, axisLabel: { ...axisLabel, formatter: '{value} %' }, splitLine: { show: false } },
                ],
                series: [
                  { name: t('pim'), type: 'bar', data: cuts.map((s) => magnitude(s.pim)) },
                  { name: t('devengado'), type: 'bar', data: cuts.map((s) => magnitude(s.devengado)) },
                  {
                    name: t('rate'),
                    type: 'line',
                    yAxisIndex: 1,
                    data: cuts.map((s) => s.executionRatePct),
                    tooltip: { valueFormatter: (v) => rate(v as number) },
                  },
                ],
              })
          : undefined,
      table: cuts.length > 0 ? table(tr('title', { year }), columns, cuts) : undefined,
      csv: cuts.length > 0 ? csvLink(`revisiones-${ubigeo}-${year}`, download, cuts) : undefined,
    }),
  ];
}

/** The change against the cut-off before, signed ("+S/ 1,000,000", "S/ 0" when none); a dash for the year's first cut-off. */
function change(s: Snapshot, field: 'pim' | 'devengado', first: boolean): string {
  if (first) return '—';
  const delta = s.changes[field] ?? '0';
  return delta.startsWith('-') || delta === '0' ? money(delta) : `+${money(delta)}`;
}
