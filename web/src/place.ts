// The page of a place (/lugar/{ubigeo}?anio=YYYY): a municipality (6 digits), a province (4) or a
// department (2). Each figure is a chart with its table beside it and a CSV link; what the data cannot
// say (no budget lines, no rubro-18 lines) is said in words, never drawn as zero. The canon, works and
// conflicts sections live in place-canon.ts, place-works.ts and place-conflicts.ts.
import { type Answer, type Schemas, apiUrl, get } from './api.js';
import { count, magnitude, money, rate } from './format.js';
import { type Key, currentLang } from './i18n.js';
import { canonFigure } from './place-canon.js';
import { conflictsFigure } from './place-conflicts.js';
import { peersFigure } from './place-peers.js';
import { revisionsFigure } from './place-revisions.js';
import { axisLabel, coverageNotes, fill, language, scope, soles, ubigeo } from './place-scope.js';
import { worksFigure } from './place-works.js';
import { PALETTE, type Column, apiCsvLink, chart, csvLink, failure, figure, frame, h, lang, pageUrl, partialNote, t, table } from './ui.js';
import { yearsOf } from './years.js';

/** The place's name and where it lies, from the municipality table. */
async function identify(): Promise<{ name: string; kind: string; crumbs: Node[]; municipalities: number } | null> {
  if (ubigeo.length === 6) {
    const m = await get('/api/v1/municipalities/{ubigeo}', {}, language, { ubigeo }).catch(() => null);
    if (!m) return null;
    return {
      name: m.name,
      kind: t(m.kind === 'provincial' ? 'kindProvincial' : 'kindDistrict'),
      crumbs: [crumb('', t('peru')), crumb(m.departmentCode, m.departmentName), crumb(m.provinceCode, m.provinceName)],
      municipalities: 1,
    };
  }
  const { items, total } = await get('/api/v1/municipalities', { ...scope, limit: 1 }, language);
  const [m] = items;
  if (!m) return null;
  if (ubigeo.length === 4)
    return { name: m.provinceName, kind: t('province'), crumbs: [crumb('', t('peru')), crumb(m.departmentCode, m.departmentName)], municipalities: total };
  return { name: m.departmentName, kind: t('department'), crumbs: [crumb('', t('peru'))], municipalities: total };
}

function crumb(code: string, name: string): Node {
  const state = code.length === 2 ? { dep: code } : code.length === 4 ? { prov: code } : {};
  return h('a', { href: pageUrl('/', { anio: new URLSearchParams(location.search).get('anio') ?? undefined, ...state }) }, name);
}

async function render(): Promise<void> {
  const main = frame();
  const place = await identify();
  if (!place) {
    main.append(h('h1', {}, `${t('notFound')} ${ubigeo}`));
    return;
  }
  const byYear = await get('/api/v1/execution', { ...scope, groupBy: 'year', sort: 'key', limit: 100 }, language);
  const years = yearsOf(byYear);
  const asked = Number(new URLSearchParams(location.search).get('anio'));
  const year = years.all.includes(asked) ? asked : years.preferred;
  document.title = `${place.name} ${year} — ${t('siteName')}`;

  const crumbs = place.crumbs.flatMap((c, i) => (i === 0 ? [c] : [document.createTextNode(' › '), c]));
  const row = byYear.rows.find((r) => r.key === String(year));
  const audit = apiUrl('/api/v1/reports/audit.xlsx', { ...scope, lang: currentLang(), year });
  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'breadcrumb' }, ...crumbs),
    h('h1', {}, place.name, ' ', h('span', { class: 'kind' }, `(${place.kind}, ${ubigeo})`)),
    yearForm(year, years.all, years.open),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: audit, id: 'informe' }, t('auditReport'))),
    h(
      'section',
      { class: 'figures', 'aria-labelledby': 'cifras-title' },
      h('h2', { id: 'cifras-title' }, `${t('yearFigures')} ${year}`),
      h(
        'dl',
        {},
        ...(
          [
            ['pia', money(row?.pia)],
            ['pim', money(row?.pim)],
            ['devengado', money(row?.devengado)],
            ['rate', rate(row?.executionRatePct)],
            ['unspent', money(row?.unspent)],
          ] as [Key, string][]
        ).map(([key, text]) => h('div', {}, h('dt', {}, t(key)), h('dd', { id: `cifra-${key}` }, text))),
      ),
    ),
  );
  main.append(executionFigure(byYear, year, place.municipalities));
  const sections: [string, () => Promise<HTMLElement[]>][] = [
    ['revisiones', () => revisionsFigure(year)],
    ['pares', () => peersFigure(year)],
    ['canon', () => canonFigure(year)],
    ['dimensiones', () => dimensionsFigure(year)],
    ['urbano-rural', () => urbanRuralFigure(year)],
    ['brecha', () => planningFigures(year)],
    ['obras', worksFigure],
    ['conflictos', conflictsFigure],
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

function yearForm(year: number, years: number[], open: number | null): HTMLElement {
  const form = h(
    'form',
    { class: 'controls', method: 'get', action: location.pathname },
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

type YearRow = Schemas['ExecutionRowDto'];

function executionFigure(answer: Answer<'/api/v1/execution'>, year: number, municipalities: number): HTMLElement {
  const rows = [...answer.rows].sort((a, b) => Number(a.key) - Number(b.key));
  // a year still under way at the latest cut-off is labelled so: its low rate is not a year's execution
  const open = yearsOf(answer).open;
  // a year with figures for fewer of the place's municipalities than it has today is marked, its sum said to be theirs only
  const partial = rows.filter((r) => r.municipalities < municipalities);
  const mark = (key: string) => (partial.some((r) => r.key === key) ? '*' : '');
  const label = (key: string) => (Number(key) === open ? `${key}${mark(key)} (${t('yearOpen')})` : `${key}${mark(key)}`);
  const columns: Column<YearRow>[] = [
    { label: t('year'), value: (r) => (r.key === String(year) ? h('strong', {}, label(r.key)) : label(r.key)), csv: (r) => r.key },
    { label: t('pia'), value: (r) => money(r.pia), csv: (r) => r.pia, numeric: true },
    { label: t('pim'), value: (r) => money(r.pim), csv: (r) => r.pim, numeric: true },
    { label: t('devengado'), value: (r) => money(r.devengado), csv: (r) => r.devengado, numeric: true },
    { label: t('rate'), value: (r) => rate(r.executionRatePct), csv: (r) => r.executionRatePct, numeric: true },
    ...(municipalities > 1
      ? [{ label: t('withFigures'), value: (r: YearRow) => count(r.municipalities), csv: (r: YearRow) => r.municipalities, numeric: true }]
      : []),
  ];
  const notes: HTMLElement[] = [h('p', { class: 'hint' }, t('byYearNote'))];
  if (partial.length > 0)
    notes.push(
      partialNote(
        fill('byYearPartial', { n: count(municipalities) }),
        partial.map((r) => fill('byYearOf', { year: r.key, with: count(r.municipalities), n: count(municipalities) })),
      ),
    );
  return figure('ejecucion', t('byYearTitle'), {
    notes,
    chart: (box) =>
      chart(box, t('byYearTitle'), {
        color: PALETTE,
        tooltip: { trigger: 'axis', valueFormatter: (v) => soles(v) },
        legend: { top: 0, textStyle: axisLabel },
        grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
        xAxis: { type: 'category', data: rows.map((r) => label(r.key)), axisLabel },
        yAxis: [
          { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => `${Math.round(v / 1e6)} M` } },
          { type: 'value', min: 0, max: 100, axisLabel: { ...axisLabel, formatter: '{value} %' }, splitLine: { show: false } },
        ],
        series: [
          { name: t('pia'), type: 'bar', data: rows.map((r) => magnitude(r.pia)) },
          { name: t('pim'), type: 'bar', data: rows.map((r) => magnitude(r.pim)) },
          { name: t('devengado'), type: 'bar', data: rows.map((r) => magnitude(r.devengado)) },
          { name: t('rate'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.executionRatePct), tooltip: { valueFormatter: (v) => rate(v as number) } },
        ],
      }),
    table: table(t('byYearTitle'), columns, rows),
    csv: csvLink(`ejecucion-${ubigeo}`, columns, rows),
  });
}

async function dimensionsFigure(year: number): Promise<HTMLElement[]> {
  const period = (await get('/api/v1/analytics/dimensions', { ...scope, year }, language)).periods[0];
  const rows = period.rows;
  type Dim = (typeof rows)[number];
  const label = (r: Dim) => t(`dim.${r.dimension}` as Key) ?? r.label;
  const columns: Column<Dim>[] = [
    { label: t('dimension'), value: label },
    { label: t('pim'), value: (r) => money(r.pim), numeric: true },
    { label: t('share'), value: (r) => rate(r.sharePct), numeric: true },
    { label: t('devengado'), value: (r) => money(r.devengado), numeric: true },
    { label: t('rate'), value: (r) => rate(r.executionRatePct), numeric: true },
  ];
  const known = period.coverage.budgetLines.municipalityYears > 0;
  const notes: HTMLElement[] = [];
  if (!known) notes.push(h('p', { class: 'note strong', role: 'note' }, t('noLines')));
  if (period.sentence) notes.push(h('p', { class: 'finding' }, period.coverage.complete ? h('strong', {}, `${t('finding')}: `) : null, period.sentence));
  notes.push(...coverageNotes(period.coverage));
  return [
    figure('dimensiones', `${t('dimensionsTitle')} (${year})`, {
      notes,
      chart: known
        ? (box) =>
            chart(box, t('dimensionsTitle'), {
              color: PALETTE,
              tooltip: { trigger: 'item', valueFormatter: (v) => rate(v as number) },
              grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
              xAxis: { type: 'value', max: 100, axisLabel: { ...axisLabel, formatter: '{value} %' } },
              yAxis: { type: 'category', data: rows.map(label), axisLabel, inverse: true },
              series: [
                {
                  type: 'bar',
                  name: t('share'),
                  data: rows.map((r) => r.sharePct),
                  label: { show: true, position: 'right', color: '#1f2328', formatter: (p) => rate(p.value as number) },
                },
              ],
            })
        : undefined,
      table: known ? table(t('dimensionsTitle'), columns, rows) : undefined,
      csv: known ? apiCsvLink(apiUrl('/api/v1/analytics/{name}.csv', { ...scope, lang: currentLang(), year }, { name: 'dimensions' })) : undefined,
    }),
  ];
}

async function urbanRuralFigure(year: number): Promise<HTMLElement[]> {
  const period = (await get('/api/v1/analytics/urban-rural', { ...scope, year }, language)).periods[0];
  const groups = period.municipalityLevel.groups.filter((g) => g.municipalities.length > 0);
  type Group = (typeof groups)[number];
  const name = (g: Group) => t(`group.${g.group}` as Key) ?? g.group;
  const columns: Column<Group>[] = [
    { label: t('group'), value: name },
    { label: t('municipalities'), value: (g) => count(g.municipalities.length), numeric: true },
    { label: `${t('populationShare')} (%)`, value: (g) => rate(g.populationSharePct), numeric: true },
    { label: `${t('devengadoShare')} (%)`, value: (g) => rate(g.devengadoSharePct), numeric: true },
    { label: t('devengado'), value: (g) => money(g.devengado), numeric: true },
    { label: t('perCapita'), value: (g) => money(g.devengadoPerCapita), numeric: true },
  ];
  const notes: HTMLElement[] = [
    h('p', { class: 'hint' }, `${t('skewIndex')}: ${period.municipalityLevel.skewIndex ?? '—'}. ${period.municipalityLevel.method}`),
    ...coverageNotes(period.coverage),
  ];
  return [
    figure('urbano-rural', `${t('urbanRuralTitle')} (${year})`, {
      notes,
      chart:
        groups.length === 0
          ? undefined
          : (box) =>
              chart(box, t('urbanRuralTitle'), {
                color: [PALETTE[2], PALETTE[0]],
                tooltip: { trigger: 'axis', valueFormatter: (v) => rate(v as number) },
                legend: { top: 0, textStyle: axisLabel },
                grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
                xAxis: { type: 'category', data: groups.map(name), axisLabel },
                yAxis: { type: 'value', max: 100, axisLabel: { ...axisLabel, formatter: '{value} %' } },
                series: [
                  { name: t('populationShare'), type: 'bar', data: groups.map((g) => g.populationSharePct) },
                  { name: t('devengadoShare'), type: 'bar', data: groups.map((g) => g.devengadoSharePct) },
                ],
              }),
      table: table(t('urbanRuralTitle'), columns, groups),
      csv: apiCsvLink(apiUrl('/api/v1/analytics/{name}.csv', { ...scope, lang: currentLang(), year }, { name: 'urban-rural' })),
    }),
  ];
}

async function planningFigures(year: number): Promise<HTMLElement[]> {
  const period = (await get('/api/v1/analytics/planning-gap', { ...scope, year, top: 10 }, language)).periods[0];
  const known = period.coverage.budgetLines.municipalityYears > 0;
  const stages: [Key, { projects: number; amount: string }][] = [
    ['projectsWithPim', period.withPim],
    ['inPia', period.inPia],
    ['added', period.added],
    ['dropped', period.dropped],
  ];
  type Stage = (typeof stages)[number];
  const columns: Column<Stage>[] = [
    { label: t('planningTitle'), value: ([key]) => t(key) },
    { label: t('projects'), value: ([, s]) => count(s.projects), numeric: true },
    { label: t('amount'), value: ([, s]) => money(s.amount), numeric: true },
  ];
  const gap = figure('brecha', `${t('planningTitle')} (${year})`, {
    notes: [...(known ? [] : [h('p', { class: 'note strong', role: 'note' }, t('noLines'))]), ...coverageNotes(period.coverage)],
    chart: known
      ? (box) =>
          chart(box, t('planningTitle'), {
            color: [PALETTE[0]],
            tooltip: { trigger: 'axis' },
            grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
            xAxis: { type: 'value', axisLabel },
            yAxis: { type: 'category', inverse: true, data: stages.map(([key]) => t(key)), axisLabel },
            series: [{ type: 'bar', name: t('projects'), data: stages.map(([, s]) => s.projects), label: { show: true, position: 'right', color: '#1f2328' } }],
          })
      : undefined,
    table: known ? table(t('planningTitle'), columns, stages) : undefined,
    csv: known ? apiCsvLink(apiUrl('/api/v1/analytics/{name}.csv', { ...scope, lang: currentLang(), year, top: 10 }, { name: 'planning-gap' })) : undefined,
  });
  const projects = period.topPia.projects;
  type Project = (typeof projects)[number];
  const projectColumns: Column<Project>[] = [
    { label: t('cui'), value: (p) => p.cui },
    { label: t('project'), value: (p) => p.name },
    { label: t('pia'), value: (p) => money(p.pia), numeric: true },
    { label: t('pim'), value: (p) => money(p.pim), numeric: true },
    { label: t('devengado'), value: (p) => money(p.devengado), numeric: true },
    { label: t('rate'), value: (p) => rate(p.executionRatePct), numeric: true },
    { label: t('flags'), value: (p) => p.flags.map((f) => t(f === 'never_executed' ? 'flagNeverExecuted' : 'flagUnder10Pct')).join(', ') },
  ];
  const top = figure('proyectos', `${t('topProjectsTitle')} (${year})`, {
    notes: projects.length === 0 ? [h('p', { class: 'note', role: 'note' }, t('noProjects'))] : [],
    table: projects.length > 0 ? table(t('topProjectsTitle'), projectColumns, projects) : undefined,
    csv: projects.length > 0 ? apiCsvLink(apiUrl('/api/v1/reports/audit.csv', { ...scope, lang: currentLang(), year, top: 10, table: 'top_pia' })) : undefined,
  });
  return [gap, top];
}

render().catch((error: unknown) => document.querySelector('main')?.append(failure(error)));
