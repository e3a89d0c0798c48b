import { readFileSync } from 'node:fs';
import { projectFile } from '../common/project-root.js';
import { errorsMarkdown } from './errors-doc.js';
import { languageOf } from './language.js';
import { MESSAGES, recognize, render, say } from './messages.js';
import { PROBLEMS } from './problems.js';
import { ROW_PROBLEMS } from './row-problems.js';

const paramsOf = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the registry of messages', () => {
  it('is what docs/ERRORS.md lists (regenerate it with node dist/scripts/write-errors-doc.js)', () => {
    expect(readFileSync(projectFile('docs', 'ERRORS.md'), 'utf8')).toBe(errorsMarkdown());
  });

  it('has each key once across problems and row problems', () => {
    const shared = Object.keys(PROBLEMS).filter((k) => Object.hasOwn(ROW_PROBLEMS, k));
    expect(shared).toEqual([]);
  });

  it.each(Object.entries(MESSAGES))('%s says the same parameters in Spanish and English, with a text in each', (_key, m) => {
    expect(paramsOf(m.es)).toEqual(paramsOf(m.en));
    expect(m.es.trim()).not.toBe('');
    expect(m.es).not.toBe(m.en);
  });

  it('gives one status to every key of a code', () => {
    const statuses = new Map<string, Set<number>>();
    for (const [key, m] of Object.entries(PROBLEMS)) statuses.set(key.split('.')[0], (statuses.get(key.split('.')[0]) ?? new Set()).add(m.status));
    expect([...statuses].filter(([, s]) => s.size > 1)).toEqual([]);
  });
});

describe('render', () => {
  it('fills in parameters, lists ("a, b o c" / "a, b or c") and nested messages in one language', () => {
    expect(render('MUNICIPALITY_NOT_FOUND', { ubigeo: '999999' }, 'es')).toBe('Ningún municipio tiene el ubigeo 999999.');
    expect(render('ROLE_NOT_ALLOWED', { role: 'auditor', allowed: ['admin', 'planner'] }, 'es')).toBe(
      'Una clave de rol auditor no puede hacer esto; se necesita admin o planner.',
    );
    expect(render('MUNICIPALITY_NOT_ALLOWED', { places: ['080801', '080803', '080804'] }, 'en')).toBe(
      'This planner key may not write for 080801, 080803 or 080804.',
    );
    const reason = say('UNCLOSED_QUOTE');
    expect(render('MALFORMED_CSV', { reason: [reason], line: 3 }, 'es')).toBe('No se puede leer el CSV: un campo entre comillas nunca se cierra (línea 3).');
  });

  it('words a message in English for the record, with its code', () => {
    expect(say('INVALID_AMOUNT.tooLarge')).toEqual({ code: 'INVALID_AMOUNT', key: 'INVALID_AMOUNT.tooLarge', params: {}, message: 'the amount is too large' });
  });
});

describe('recognize: English text from code that still writes its own (analytics, execution, rate limits) or stored before the registry', () => {
  it.each([
    ['INVALID_REQUEST', 'The period 2025-2024 ends before it starts.', 'INVALID_REQUEST.periodOrder', { label: '2025-2024' }],
    ['INVALID_REQUEST', 'Give either periods or year/fromYear/toYear, not both.', 'INVALID_REQUEST.periodsAndYears', {}],
    ['NOT_FOUND', 'There is no analysis named skew2.', 'NOT_FOUND.analysis', { name: 'skew2' }],
    ['INVALID_RULE', 'A función code has 3 digits: "123".', 'INVALID_RULE', { level: 'función', width: '3', code: '123' }],
    ['RATE_LIMITED', 'More than 120 requests a minute from this address; retry in 7 s.', 'RATE_LIMITED', { limit: '120', seconds: '7' }],
    [
      'DETAIL_LEVEL_REQUIRED',
      'Grouping or filtering by función, división, grupo, rubro, fuente or project needs budget lines: use level=detail.',
      'DETAIL_LEVEL_REQUIRED',
      {},
    ],
    ['INVALID_AMOUNT', 'the amount is too large', 'INVALID_AMOUNT.tooLarge', {}],
    ['DUPLICATE_ROW', '080801/2024 already appears in row 2', 'DUPLICATE_ROW', { key: '080801/2024', first: '2' }],
  ])('%s "%s" is %s', (code, message, key, params) => {
    expect(recognize(code, message)).toEqual({ key, params });
  });

  it('gives null for text no template of the code matches, and for another code', () => {
    expect(recognize('INVALID_REQUEST', 'Something else entirely.')).toBeNull();
    expect(recognize('NOT_A_CODE', 'There is no analysis named x.')).toBeNull();
  });
});

describe('languageOf', () => {
  const of = (header?: string, lang?: string) =>
    languageOf({ headers: header === undefined ? {} : { 'accept-language': header }, query: lang === undefined ? {} : { lang } });
  it.each([
    [undefined, undefined, 'es'], // no header: Spanish
    ['es-PE', undefined, 'es'],
    ['en', undefined, 'en'],
    ['en-GB,en;q=0.9', undefined, 'en'],
    ['es-PE;q=0.2, en;q=0.9', undefined, 'en'], // q-values, not order
    ['fr-FR', undefined, 'es'], // neither: Spanish
    ['fr, en;q=0.1', undefined, 'en'], // English is preferred to Spanish, which is not accepted at all
    ['*', undefined, 'es'],
    ['es', 'en', 'en'], // the query wins: a download link
    ['en', 'de', 'en'], // an unknown lang is ignored (the DTO refuses it where it is accepted)
  ])('Accept-Language %p, lang %p → %s', (header, lang, expected) => {
    expect(of(header, lang)).toBe(expected);
  });
});
