// The upload page (/subir) for municipal planners: the API key kept for the browser session only, the
// template, a file chosen or dropped (with its cut-off date when it does not state it), a dry run first and then the import (a background one followed with
// a progress bar), row errors as a table, and the imports the API lists for the key.
// State in the URL: municipio and anio (the template's), importacion (the import shown), lang.
import { ApiError, type Schemas, apiUrl, downloadWithKey, get, postImport } from './api.js';
import { count } from './format.js';
import { apiLanguage } from './i18n.js';
import { type Column, csvLink, failure, frame, h, lang, pageUrl, t, table } from './ui.js';

type Import = Schemas['ImportDto'];
type RowError = Schemas['RowErrorDto'];

const KEY = 'canon-tracker.apiKey';
const POLL_MS = 1000;
const language = apiLanguage(lang);
const params = new URLSearchParams(location.search);
const state = { municipio: params.get('municipio') ?? '', anio: params.get('anio') ?? '', importacion: params.get('importacion') ?? '' };
let file: File | null = null;

const apiKey = () => sessionStorage.getItem(KEY) ?? '';
const keepState = () => history.replaceState(null, '', pageUrl('/subir', state));

const result = h('section', { id: 'resultado', class: 'step', 'aria-labelledby': 'resultado-title', 'aria-live': 'polite' });
const historySlot = h('section', { id: 'historial', class: 'step', 'aria-labelledby': 'historial-title' });
const dryButton = h('button', { type: 'button', id: 'probar' }, t('dryRun'));
const importButton = h('button', { type: 'button', id: 'importar', disabled: '' }, t('doImport'));
/** The file's cut-off date, for a file that does not state it (sent as snapshotDate). */
const snapshotField = h('input', { id: 'fecha-corte', type: 'date', 'aria-describedby': 'fecha-corte-ayuda' });

function render(): void {
  const main = frame();
  document.title = `${t('uploadTitle')} — ${t('siteName')}`;
  main.append(h('h1', {}, t('uploadTitle')), h('p', { class: 'intro' }, t('uploadIntro')), keySection(), templateSection(), fileSection(), result, historySlot);
  if (state.importacion && apiKey()) void follow(Number(state.importacion), 'import');
  void loadHistory();
}

function keySection(): HTMLElement {
  const section = h('section', { class: 'step', 'aria-labelledby': 'clave-title' }, h('h2', { id: 'clave-title' }, t('keyTitle')));
  const draw = () => {
    const kept = apiKey();
    const field = h('input', { id: 'clave', type: 'password', autocomplete: 'off', 'aria-describedby': 'clave-ayuda' });
    const form = kept
      ? h('p', {}, h('span', { class: 'ok', id: 'clave-estado' }, t('keyKept')), ' ', h('button', { type: 'button', id: 'olvidar' }, t('keyForget')))
      : h(
          'form',
          { class: 'controls', id: 'clave-form' },
          h('p', { class: 'control' }, h('label', { for: 'clave' }, t('keyField')), field),
          h('button', { type: 'submit' }, t('keySave')),
        );
    section.replaceChildren(section.firstChild as Node, form, h('p', { class: 'hint', id: 'clave-ayuda' }, t('keyHint')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!field.value.trim()) return field.focus();
      sessionStorage.setItem(KEY, field.value.trim());
      draw();
      void loadHistory();
    });
    form.querySelector('#olvidar')?.addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      draw();
      historySlot.replaceChildren();
      (section.querySelector('#clave') as HTMLElement | null)?.focus();
    });
  };
  draw();
  return section;
}

function templateSection(): HTMLElement {
  const municipality = h('input', { id: 'municipio', type: 'text', inputmode: 'numeric', pattern: '\\d{6}', size: '8', value: state.municipio });
  const year = h('input', { id: 'anio-plantilla', type: 'number', min: '1999', max: '2100', value: state.anio });
  const link = h('a', { class: 'button', id: 'plantilla' }, t('templateLink'));
  const update = () => {
    state.municipio = /^\d{6}$/.test(municipality.value.trim()) ? municipality.value.trim() : '';
    state.anio = /^\d{4}$/.test(year.value.trim()) ? year.value.trim() : '';
    link.href = apiUrl('/api/v1/imports/template.xlsx', {
      municipality: state.municipio || undefined,
      year: state.anio || undefined,
      lang: lang === 'en' ? 'en' : undefined,
    });
    keepState();
  };
  municipality.addEventListener('input', update);
  year.addEventListener('input', update);
  update();
  return h(
    'section',
    { class: 'step', 'aria-labelledby': 'plantilla-title' },
    h('h2', { id: 'plantilla-title' }, t('templateTitle')),
    h(
      'div',
      { class: 'controls' },
      h('p', { class: 'control' }, h('label', { for: 'municipio' }, t('templateMunicipality')), municipality),
      h('p', { class: 'control' }, h('label', { for: 'anio-plantilla' }, t('templateYear')), year),
    ),
    h('p', { class: 'hint' }, t('templateHint')),
    h('p', {}, link),
  );
}

function fileSection(): HTMLElement {
  const input = h('input', { id: 'archivo', type: 'file', accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const chosen = h('p', { id: 'elegido', role: 'status' });
  const choose = (picked: File | undefined) => {
    file = picked ?? null;
    chosen.textContent = file ? `${t('chosen')} ${file.name}` : '';
    importButton.disabled = true; // a new file is tried first
  };
  input.addEventListener('change', () => choose(input.files?.[0]));
  const zone = h(
    'div',
    { class: 'dropzone', id: 'soltar' },
    h('p', { class: 'control' }, h('label', { for: 'archivo' }, t('fileField')), input),
    h('p', { class: 'hint' }, t('dropHere')),
    chosen,
  );
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    choose(event.dataTransfer?.files[0]);
  });
  const onError = h(
    'fieldset',
    {},
    h('legend', {}, t('onErrorField')),
    ...(['reject', 'skip'] as const).map((v) =>
      h(
        'label',
        { class: 'radio' },
        h('input', { type: 'radio', name: 'onError', value: v, checked: v === 'reject' ? '' : undefined }),
        ' ',
        t(v === 'reject' ? 'onErrorReject' : 'onErrorSkip'),
      ),
    ),
  );
  dryButton.addEventListener('click', () => void send(true));
  importButton.addEventListener('click', () => void send(false));
  return h(
    'section',
    { class: 'step', 'aria-labelledby': 'archivo-title' },
    h('h2', { id: 'archivo-title' }, t('fileTitle')),
    zone,
    h('p', { class: 'control' }, h('label', { for: 'fecha-corte' }, t('snapshotField')), snapshotField),
    h('p', { class: 'hint', id: 'fecha-corte-ayuda' }, t('snapshotHint')),
    onError,
    h('div', { class: 'buttons' }, dryButton, importButton),
  );
}

function say(...children: (Node | string)[]): void {
  result.replaceChildren(h('h2', { id: 'resultado-title' }, t('resultTitle')), ...children);
}

async function send(dryRun: boolean): Promise<void> {
  const key = apiKey();
  if (!key) return say(h('p', { class: 'error', role: 'alert' }, t('keyNeeded')));
  if (!file) return say(h('p', { class: 'error', role: 'alert' }, t('noFile')));
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('dryRun', String(dryRun));
  if (snapshotField.value) form.append('snapshotDate', snapshotField.value);
  form.append('onError', (document.querySelector('input[name="onError"]:checked') as HTMLInputElement | null)?.value ?? 'reject');
  dryButton.disabled = importButton.disabled = true;
  say(h('p', {}, t('working')));
  try {
    const { status, body } = await postImport(form, language, key);
    if (status === 202 && body.id !== null) return await follow(body.id, 'import');
    if (!dryRun && body.id !== null) {
      state.importacion = String(body.id); // a reload shows this import again
      keepState();
    }
    // (a trial of a file imported before is a duplicate too: the import would change nothing)
    show(body, body.duplicate ? 'duplicate' : dryRun ? 'dry' : 'import');
    importButton.disabled = !dryRun; // after a clean trial, the import itself
  } catch (error) {
    say(...rejection(error));
    // a file that does not state its cut-off date: the API's words say so, and the date goes in this field
    if (error instanceof ApiError && error.code === 'SNAPSHOT_DATE_REQUIRED') snapshotField.focus();
  } finally {
    dryButton.disabled = false;
    if (!dryRun) void loadHistory();
  }
}

/** An import that runs in the background, polled until it ends; its id goes into the URL. */
async function follow(id: number, kind: 'import'): Promise<void> {
  state.importacion = String(id);
  keepState();
  const bar = h('progress', { id: 'avance', max: '100', value: '0', 'aria-labelledby': 'avance-label' });
  const label = h('p', { id: 'avance-label' }, t('running'));
  try {
    for (;;) {
      const current = await get('/api/v1/imports/{id}', {}, language, { id }, apiKey());
      if (current.status !== 'running' && current.status !== 'queued') {
        show(current, kind);
        return void loadHistory();
      }
      bar.value = current.progress.percent;
      // an import taken over by another instance is read again from the start: its attempt and why, not a bar gone back
      const retried = current.takeover ? ` (${t('attempt').replace('{n}', String(current.attempt))}: ${t(`takeover.${current.takeover}`)})` : '';
      label.textContent =
        current.status === 'queued' ? `${t('status.queued')}${retried}` : `${t('importProgress')}: ${current.progress.percent.toFixed(1)} %${retried}`;
      if (!result.contains(bar)) say(label, bar);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    say(failure(error));
  }
}

const errorColumns: Column<RowError>[] = [
  { label: t('row'), value: (e) => (e.sheet ? `${e.sheet} ${e.row}` : String(e.row)), csv: (e) => e.row },
  { label: t('column'), value: (e) => e.column ?? '—', csv: (e) => e.column ?? null },
  { label: t('value'), value: (e) => e.value ?? '—', csv: (e) => e.value ?? null },
  { label: t('message'), value: (e) => e.message, csv: (e) => e.message },
];

function errorsTable(errors: RowError[], csv: Node): HTMLElement[] {
  return [h('h3', { id: 'errores-title' }, t('errorsTitle')), h('div', { id: 'errores' }, table(t('errorsTitle'), errorColumns, errors)), h('p', {}, csv)];
}

/** A rejected file (422 with its rows at fault) or another problem, in the API's words. */
function rejection(error: unknown): Node[] {
  if (!(error instanceof ApiError)) return [failure(error)];
  const lead = h('p', { class: 'error', role: 'alert', id: 'problema' }, error.message);
  return error.errors.length > 0 ? [lead, ...errorsTable(error.errors, csvLink('errores', errorColumns, error.errors))] : [lead];
}

function show(imported: Import, kind: 'dry' | 'import' | 'duplicate'): void {
  const lead =
    kind === 'dry'
      ? t('dryRunDone')
      : kind === 'duplicate'
        ? t('duplicateDone')
        : imported.status === 'completed'
          ? t('importDone')
          : (imported.failure?.message ?? t(`status.${imported.status}`));
  const figures: [string, string, string][] = [
    ['filas', t('rowsRead'), count(imported.rowsRead)],
    ['nuevas', t('inserted'), count(imported.inserted)],
    ['revisadas', t('revised'), count(imported.revised)],
    ['sin-cambios', t('unchanged'), count(imported.unchanged)],
    ['omitidas', t('rowsSkipped'), count(imported.rowsSkipped)],
    ['rechazadas', t('rowsRejected'), count(imported.rowsRejected)],
    ['anios', t('years'), imported.years.join(', ') || '—'],
  ];
  const errors = imported.errors ?? [];
  const csvUrl = imported.errorsCsv ? `${imported.errorsCsv}${lang === 'en' ? '?lang=en' : ''}` : null;
  const csv = csvUrl ? h('a', { href: csvUrl, id: 'errores-csv' }, t('errorsCsv')) : csvLink('errores', errorColumns, errors);
  csv.addEventListener('click', (event) => {
    if (!csvUrl) return;
    event.preventDefault();
    downloadWithKey(csvUrl, apiKey(), `import-${imported.id}-errors.csv`).catch((error: unknown) => result.append(failure(error)));
  });
  say(
    h('p', { class: imported.status === 'completed' ? 'ok' : 'error', id: 'resultado-lead' }, lead),
    h('p', {}, `${imported.fileName} · ${imported.snapshotDate ?? '—'}`),
    h(
      'dl',
      { class: 'figures-list', id: 'cambios' },
      ...figures.map(([id, label, value]) => h('div', {}, h('dt', {}, label), h('dd', { id: `n-${id}` }, value))),
    ),
    // what the counts do not say: a repeat of figures already held, a date that was not applied
    ...(imported.summary ? [h('p', { class: 'note', role: 'note', id: 'resultado-resumen' }, imported.summary)] : []),
    ...imported.warnings.map((w) => h('p', { class: 'note', role: 'note' }, `${t('warnings')}: ${w}`)),
    ...(errors.length > 0 ? errorsTable(errors, csv) : []),
  );
}

async function loadHistory(): Promise<void> {
  const key = apiKey();
  if (!key) return;
  try {
    const page = await get('/api/v1/imports', { limit: 20 }, language, undefined, key);
    const columns: Column<Import>[] = [
      { label: 'Id', value: (i) => h('a', { href: pageUrl('/subir', { ...state, importacion: i.id ?? undefined }) }, String(i.id)) },
      { label: t('file'), value: (i) => i.fileName },
      { label: t('date'), value: (i) => i.createdAt.slice(0, 16).replace('T', ' ') },
      { label: t('status'), value: (i) => t(`status.${i.status}`) },
      { label: t('rowsRead'), value: (i) => count(i.rowsRead), numeric: true },
      { label: t('inserted'), value: (i) => count(i.inserted), numeric: true },
      { label: t('revised'), value: (i) => count(i.revised), numeric: true },
      { label: t('unchanged'), value: (i) => count(i.unchanged), numeric: true },
      { label: t('by'), value: (i) => i.createdBy },
    ];
    historySlot.replaceChildren(
      h('h2', { id: 'historial-title' }, t('historyTitle')),
      h('p', { class: 'hint' }, t('historyNote')),
      page.items.length > 0 ? table(t('historyTitle'), columns, page.items) : h('p', {}, t('historyEmpty')),
    );
  } catch (error) {
    historySlot.replaceChildren(h('h2', { id: 'historial-title' }, t('historyTitle')), failure(error));
  }
}

render();
