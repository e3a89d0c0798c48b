// What every section of a place's page (/lugar/{ubigeo}) shares: the place asked for, as the API's
// geography filter, the language the API is asked in, and how a partial figure is said.
import type { Schemas } from './api.js';
import { money } from './format.js';
import { type Key, apiLanguage, fillIn } from './i18n.js';
import { h, lang, partialNote, t } from './ui.js';

export type Scope = { municipality: string } | { province: string } | { department: string };

export const ubigeo = location.pathname.split('/')[2] ?? '';
export const scope: Scope = ubigeo.length === 6 ? { municipality: ubigeo } : ubigeo.length === 4 ? { province: ubigeo } : { department: ubigeo };
export const language = apiLanguage(lang);
export const axisLabel = { color: '#1f2328' };
/** A chart's value (a number of soles) as the tables write amounts. */
export const soles = (v: unknown) => money(String(Math.round(Number(v))));

export function coverageNotes(coverage: Schemas['CoverageDto']): HTMLElement[] {
  return coverage.complete ? [] : [partialNote(t('partialLead'), coverage.missing)];
}

/** A note said in words where a figure cannot be drawn. */
export const note = (text: string, id?: string, strong = false) => h('p', { class: strong ? 'note strong' : 'note', role: 'note', id }, text);

/** A text with its {name} figures filled in. */
export const fill = (key: Key, params: Record<string, string | number>): string => fillIn(t(key), params);
