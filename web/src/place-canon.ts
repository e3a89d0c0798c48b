// The canon section of a place's page: canon transferred against rubro-18 devengado year by year, with the
// balance carried over. The devengado comes from the budget lines (rubro 18, down to the project) or, where a
// place has none, from the budget-by-función lines (rubro 18, función level, no PIA), and says which. A year
// without spending lines is unknown, shown as a dash and never drawn as zero. The canon is what the map and the
// peers state for the place and year (own transfers, else the department's entities file), with its source.
import { type Schemas, apiUrl, get } from './api.js';
import { canonSourceHeading, canonSourceText } from './canon-source.js';
import { magnitude, money, rate } from './format.js';
import { currentLang } from './i18n.js';
import { axisLabel, coverageNotes, fill, language, note, scope, soles } from './place-scope.js';
import { PALETTE, type Column, apiCsvLink, chart, figure, h, t, table } from './ui.js';

type CanonYear = Schemas['CanonYearDto'];

export async function canonFigure(year: number): Promise<HTMLElement[]> {
  const period = (await get('/api/v1/analytics/canon', { ...scope }, language)).periods[0];
  const coverage = period.coverage;
  const functional = coverage.spending?.source === 'function_lines';
  const withLines = (functional ? coverage.functionLines.rubro18MunicipalityYears : coverage.rubro18Lines.municipalityYears) > 0;
  const withTransfers = coverage.canonTransfers.municipalityYears > 0;
  const rows = period.byYear;
  const devengadoLabel = functional ? `${t('rubro18Devengado')} (${t('canonFunctionScope')})` : t('rubro18Devengado');
  const columns: Column<CanonYear>[] = [
    { label: t('year'), value: (r) => (r.year === year ? h('strong', {}, String(r.year)) : String(r.year)) },
    { label: t('transferred'), value: (r) => money(r.transferred), numeric: true },
    { label: t('rubro18Pim'), value: (r) => money(r.pim), numeric: true },
    { label: devengadoLabel, value: (r) => money(r.devengado), numeric: true },
    { label: t('canonUnspent'), value: (r) => money(r.unspent), numeric: true },
    { label: t('canonCarryOver'), value: (r) => money(r.carryOver), numeric: true },
  ];
  const notes: HTMLElement[] = [];
  if (!withLines) notes.push(note(t('noRubro18'), 'canon-sin-rubro18', true));
  else if (functional)
    notes.push(h('p', { class: 'note', role: 'note', id: 'canon-funcion' }, h('strong', {}, `${t('canonFunctionScope')}. `), t('canonFunctionNote')));
  if (withLines && period.totals.utilizationPct !== null) notes.push(h('p', {}, `${t('utilization')}: ${rate(period.totals.utilizationPct)}`));
  if (!withTransfers) notes.push(note(t('noTransfers')));
  notes.push(...coverageNotes(coverage));
  const chosen = rows.find((r) => r.year === year);
  if (withLines || withTransfers) notes.push(yearSummary(year, chosen, devengadoLabel));
  const read = rows.filter((r) => r.sentence !== null);
  const reading =
    read.length > 0
      ? h(
          'div',
          { class: 'reading' },
          h('h3', {}, t('canonReading')),
          h('ul', {}, ...read.map((r) => h('li', {}, r.year === year ? h('strong', {}, r.sentence) : r.sentence))),
        )
      : null;
  const series = [
    ...(withTransfers ? [{ name: t('transferred'), type: 'bar' as const, data: rows.map((r) => magnitude(r.transferred)) }] : []),
    ...(withLines ? [{ name: devengadoLabel, type: 'bar' as const, data: rows.map((r) => magnitude(r.devengado)) }] : []),
  ];
  return [
    figure('canon', t('canonTitle'), {
      notes: [...notes, reading],
      chart:
        series.length === 0
          ? undefined
          : (box) =>
              chart(box, t('canonTitle'), {
                color: [PALETTE[1], PALETTE[0]],
                tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : soles(v)) },
                legend: { top: 0, textStyle: axisLabel },
                grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
                xAxis: { type: 'category', data: rows.map((r) => String(r.year)), axisLabel },
                yAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => `${Math.round(v / 1e6)} M` } },
                series,
              }),
      table: rows.length > 0 ? table(t('canonTitle'), columns, rows) : undefined,
      csv: rows.length > 0 ? apiCsvLink(apiUrl('/api/v1/analytics/{name}.csv', { ...scope, lang: currentLang() }, { name: 'canon' })) : undefined,
    }),
  ];
}

/** The page's year: its transfers and devengado, or that either is unknown (never 0). */
function yearSummary(year: number, row: CanonYear | undefined, devengadoLabel: string): HTMLElement {
  const unknown = [
    ...(row?.devengado == null ? [fill('canonYearUnknown', { year })] : []),
    ...(row?.transferred == null ? [fill('canonYearNoTransfers', { year })] : []),
  ];
  return h(
    'div',
    { class: 'canon-year', id: 'canon-anio' },
    h('h3', {}, `${t('canonInYear')} ${year}`),
    h(
      'dl',
      { class: 'figures-list' },
      h('div', {}, h('dt', {}, t('transferred')), h('dd', { id: 'canon-anio-transferido' }, money(row?.transferred))),
      // where the year's canon came from, in the words the map's table uses
      h('div', {}, h('dt', {}, canonSourceHeading()), h('dd', { id: 'canon-anio-fuente' }, canonSourceText(row?.transferSource))),
      h('div', {}, h('dt', {}, devengadoLabel), h('dd', { id: 'canon-anio-devengado' }, money(row?.devengado))),
    ),
    ...unknown.map((text) => note(text)),
  );
}
