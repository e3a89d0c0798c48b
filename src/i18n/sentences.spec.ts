import { listAnd, SENTENCES, type SentenceKey, sentence } from './sentences.js';

const names = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('sentences registry', () => {
  it.each(Object.keys(SENTENCES) as SentenceKey[])('%s has the same parameters in Spanish and English', (key) => {
    const { es, en } = SENTENCES[key];
    expect(es.trim()).not.toBe('');
    expect(names(es)).toEqual(names(en));
  });

  it('fills named parameters and leaves unknown ones as written', () => {
    expect(sentence('publicPrivate.sentence', 'es', { ratio: 2.6 })).toBe('El gasto público (devengado) fue 2.6 veces los aportes privados.');
    expect(sentence('publicPrivate.sentence', 'en', { ratio: 2.6 })).toBe('Public spending (devengado) was 2.6 times the private contributions.');
    // "{ubigeo}" is part of a path in the text, not a parameter
    expect(sentence('planAlignment.noPriorities', 'es')).toContain('PUT /municipalities/{ubigeo}/plan-priorities');
  });

  it('joins lists with "y" or "and"', () => {
    expect(listAnd(['a', 'b', 'c'], 'es')).toBe('a, b y c');
    expect(listAnd(['a', 'b'], 'en')).toBe('a and b');
    expect(listAnd(['a'], 'es')).toBe('a');
    expect(listAnd([], 'en')).toBe('');
  });
});
