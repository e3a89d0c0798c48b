// The conflicts and commitments section of a place's page: the Defensoría del Pueblo's mining conflict cases
// of the place (and of the places inside it or containing it), and the dialogue-table commitments there with
// how far their projects have got and whether they are overdue. An empty list is said in a sentence.
import { type Schemas, get } from './api.js';
import { money, rate } from './format.js';
import type { Key } from './i18n.js';
import { fill, language, note, ubigeo } from './place-scope.js';
import { type Column, csvLink, h, t, table } from './ui.js';

type Case = Schemas['ConflictCaseDto'];
type Commitment = Schemas['CommitmentDto'];

const LIMIT = 500;
const yesNo = (v: boolean) => t(v ? 'yes' : 'no');
const placeName = (p: Schemas['PlaceDto']) => `${p.name ?? p.code} (${p.code})`;

export async function conflictsFigure(): Promise<HTMLElement[]> {
  const [cases, commitments] = await Promise.all([
    get('/api/v1/conflicts', { place: ubigeo, limit: LIMIT }, language),
    get('/api/v1/commitments', { place: ubigeo, limit: LIMIT }, language),
  ]);
  return [
    h(
      'section',
      { class: 'figure', id: 'conflictos', 'aria-labelledby': 'conflictos-title' },
      h('h2', { id: 'conflictos-title' }, t('conflictsTitle')),
      casesPart(cases),
      commitmentsPart(commitments),
    ),
  ];
}

function casesPart(answer: Schemas['ConflictPageDto']): HTMLElement {
  const part = h('div', { class: 'part', id: 'casos' }, h('h3', { id: 'casos-title' }, t('casesTitle')));
  if (answer.source === null) {
    part.append(note(t('casesNoReport'), 'casos-ninguno'));
    return part;
  }
  const date = answer.source.snapshotDate;
  if (answer.items.length === 0) {
    part.append(note(fill('casesNone', { date }), 'casos-ninguno'));
    return part;
  }
  const columns: Column<Case>[] = [
    { label: t('conflictCase'), value: (c) => c.caseName },
    { label: t('place'), value: (c) => placeName(c.place), csv: (c) => c.place.code },
    { label: t('company'), value: (c) => c.company },
    { label: t('conflictState'), value: (c) => c.state },
    { label: t('dialogue'), value: (c) => yesNo(c.dialogue), csv: (c) => String(c.dialogue) },
  ];
  part.append(h('p', { class: 'hint' }, fill('casesSource', { date })));
  if (answer.total > answer.items.length) part.append(note(fill('casesMore', { shown: answer.items.length, total: answer.total })));
  part.append(table(t('casesTitle'), columns, answer.items), csvLink(`conflictos-${ubigeo}`, columns, answer.items));
  return part;
}

/** The devengado of a commitment's projects, and what share it is of the amount committed (else of their cost). */
function progress(c: Commitment): string {
  const p = c.progress;
  if (p.devengado === null) return '—';
  const share =
    p.amountProgressPct !== null
      ? `${rate(p.amountProgressPct)} ${t('ofAmount')}`
      : p.costProgressPct !== null
        ? `${rate(p.costProgressPct)} ${t('ofCost')}`
        : null;
  return share ? `${money(p.devengado)} (${share})` : money(p.devengado);
}

function commitmentsPart(answer: Schemas['CommitmentPageDto']): HTMLElement {
  const part = h('div', { class: 'part', id: 'compromisos' }, h('h3', { id: 'compromisos-title' }, t('commitmentsTitle')));
  if (answer.items.length === 0) {
    part.append(note(t('commitmentsNone'), 'compromisos-ninguno'));
    return part;
  }
  const columns: Column<Commitment>[] = [
    { label: t('commitment'), value: (c) => c.description },
    { label: t('party'), value: (c) => `${c.partyName} — ${c.forum}` },
    { label: t('amount'), value: (c) => money(c.amount), csv: (c) => c.amount, numeric: true },
    { label: t('deadline'), value: (c) => c.deadline ?? '—', csv: (c) => c.deadline },
    { label: t('status'), value: (c) => t(`cstatus.${c.status}` as Key) ?? c.status, csv: (c) => c.status },
    { label: t('progress'), value: progress, csv: (c) => c.progress.devengado, numeric: true },
    { label: t('overdue'), value: (c) => (c.overdue ? h('strong', { class: 'overdue' }, t('yes')) : t('no')), csv: (c) => String(c.overdue) },
  ];
  if (answer.total > answer.items.length) part.append(note(fill('commitmentsMore', { shown: answer.items.length, total: answer.total })));
  part.append(table(t('commitmentsTitle'), columns, answer.items), csvLink(`compromisos-${ubigeo}`, columns, answer.items));
  return part;
}
