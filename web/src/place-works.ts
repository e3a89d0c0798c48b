// The works section of a place's page: the MEF SSI follow-ups of its investments, with the auditor's flags
// (financial ahead of physical progress, stalled, past the end unfinished, no follow-up, cost grown) counted
// with their soles, the flagged works listed, and how many of the place's projects have any follow-up at all.
import { type Schemas, apiUrl, get } from './api.js';
import { count, money, rate } from './format.js';
import { type Key, currentLang } from './i18n.js';
import { fill, language, note, scope, ubigeo } from './place-scope.js';
import { type Column, apiCsvLink, csvLink, figure, h, partialNote, t, table } from './ui.js';

type Work = Schemas['WorkDto'];
type FlagCount = Schemas['WorkFlagCountDto'];

const flagName = (flag: string) => t(`flag.${flag}` as Key) ?? flag;

export async function worksFigure(): Promise<HTMLElement[]> {
  const answer = await get('/api/v1/analytics/works', { ...scope }, language);
  const { coverage, date } = answer;
  const flagged = answer.works.filter((w) => w.flags.length > 0);
  const notes: HTMLElement[] = [h('p', { class: 'hint' }, fill('worksDate', { date }))];
  if (coverage.projects === 0) notes.push(note(t('worksNoProjects'), 'obras-cobertura'));
  else {
    const said = fill('worksCoverage', { n: count(coverage.withFollowUp), of: count(coverage.projects), pct: rate(coverage.sharePct) });
    notes.push(coverage.withFollowUp < coverage.projects ? partialNote(said) : h('p', {}, said));
    notes[notes.length - 1].id = 'obras-cobertura';
  }
  if (coverage.unplacedWorks > 0)
    notes.push(h('p', { class: 'hint' }, fill(coverage.unplacedWorks === 1 ? 'worksUnplacedOne' : 'worksUnplaced', { n: count(coverage.unplacedWorks) })));
  if (answer.works.length === 0) notes.push(note(fill('worksNone', { date }), 'obras-ninguna'));
  else if (flagged.length === 0)
    notes.push(note(fill(answer.works.length === 1 ? 'worksNoneFlaggedOne' : 'worksNoneFlagged', { n: count(answer.works.length), date }), 'obras-ninguna'));

  const flagColumns: Column<FlagCount>[] = [
    { label: t('flag'), value: (f) => h('span', { title: f.meaning }, flagName(f.flag)), csv: (f) => f.flag },
    { label: t('works'), value: (f) => count(f.works), csv: (f) => f.works, numeric: true },
    { label: t('devengado'), value: (f) => money(f.devengado), csv: (f) => f.devengado, numeric: true },
  ];
  const counts = figure('obras', t('worksTitle'), {
    notes,
    table: answer.works.length > 0 ? table(t('worksFlagsTitle'), flagColumns, answer.flags) : undefined,
    csv: answer.works.length > 0 ? csvLink(`obras-alertas-${ubigeo}`, flagColumns, answer.flags) : undefined,
  });
  if (answer.works.length > 0)
    counts.append(h('ul', { class: 'hint flag-meanings' }, ...answer.flags.map((f) => h('li', {}, h('strong', {}, `${flagName(f.flag)}: `), f.meaning))));
  if (flagged.length === 0) return [counts];

  const columns: Column<Work>[] = [
    { label: t('cui'), value: (w) => w.cui },
    { label: t('project'), value: (w) => w.name ?? '—' },
    { label: t('updatedCost'), value: (w) => money(w.updatedCost), numeric: true },
    { label: t('devengado'), value: (w) => money(w.devengado), numeric: true },
    { label: t('financialPct'), value: (w) => rate(w.financialProgressPct), numeric: true },
    { label: t('physicalPct'), value: (w) => rate(w.physicalProgressPct), numeric: true },
    { label: t('flags'), value: (w) => w.flags.map(flagName).join(', ') },
  ];
  const list = figure('obras-alertas', `${t('worksFlaggedTitle')} (${count(flagged.length)})`, {
    table: table(t('worksFlaggedTitle'), columns, flagged),
    // the audit report's table of flagged works, for the same place, judged on the same day
    csv: apiCsvLink(apiUrl('/api/v1/reports/audit.csv', { ...scope, lang: currentLang(), snapshot: date, table: 'works' })),
  });
  return [counts, list];
}
