import { listAnd, SENTENCES, type SentenceKey, sentence, soles } from './sentences.js';

// a parameter with its kind: an amount is marked {name:soles} in both languages
const names = (template: string) => [...template.matchAll(/\{(\w+(?::soles)?)\}/g)].map((m) => m[1]).sort();

describe('sentences registry', () => {
  it.each(Object.keys(SENTENCES) as SentenceKey[])('%s has the same parameters in Spanish and English', (key) => {
    const { es, en } = SENTENCES[key];
    expect(es.trim()).not.toBe('');
    expect(names(es)).toEqual(names(en));
  });

  it.each(Object.keys(SENTENCES).filter((key) => 'one' in SENTENCES[key as SentenceKey]) as SentenceKey[])(
    "%s's singular has the same parameters in both languages, none the plural lacks, and not the count it replaces with a word",
    (key) => {
      const entry = SENTENCES[key] as { es: string; one: { es: string; en: string; of?: string } };
      expect(names(entry.one.es)).toEqual(names(entry.one.en));
      expect(names(entry.one.es).every((n) => names(entry.es).includes(n))).toBe(true);
      expect(names(entry.one.es)).not.toContain(entry.one.of ?? 'count');
    },
  );

  it('says a count of one in the singular, and any other count in the plural', () => {
    const params = (count: number) => ({ count, department: 'Loreto', list: 'Putumayo (160109)' });
    expect(sentence('peers.withoutPopulation.department', 'es', params(1))).toBe(
      'Un departamento no tiene cifra de población de todas sus municipalidades: no se sabe si es par (Putumayo (160109)).',
    );
    expect(sentence('peers.withoutPopulation.department', 'en', params(1))).toBe(
      'One department has no population figure for all of its municipalities: whether it is a peer is unknown (Putumayo (160109)).',
    );
    expect(sentence('peers.withoutPopulation.department', 'es', params(2))).toMatch(/^2 departamentos no tienen/);
    expect(sentence('peers.withoutPopulation.department', 'es', params(0))).toMatch(/^0 departamentos no tienen/);
    // the count a sentence states need not be called count: the unknown-area note counts projects
    expect(sentence('urbanRural.unknownArea', 'en', { projects: 1, pim: '1250.00' })).toBe(
      'One project with PIM S/ 1,250 has an unknown area and is left out of the skew index.',
    );
    expect(sentence('urbanRural.unknownArea', 'en', { projects: 3, pim: '1250.00' })).toBe(
      '3 projects with PIM S/ 1,250 have an unknown area and are left out of the skew index.',
    );
  });

  it('fills named parameters and leaves unknown ones as written', () => {
    // "de" + "el canon por habitante" is "del canon…" in Spanish (never "de el"); English keeps "of the"
    expect(sentence('peers.leftOut', 'es', { count: 2, what: 'transferencias', year: 2024, measure: 'el canon por habitante', list: 'A y B' })).toBe(
      '2 pares sin transferencias de 2024 quedan fuera del canon por habitante: A y B.',
    );
    // only the article a template's preposition meets: a place's own "El" stays as it is written
    expect(sentence('alert.new_figures.canon', 'es', { place: 'El Dorado', year: 2024, transferred: '10.00' })).toBe(
      'Cifras nuevas de canon de El Dorado en 2024: S/ 10 transferidos (rubro 18).',
    );
    expect(sentence('peers.leftOut', 'en', { count: 2, what: 'transfers', year: 2024, measure: 'the canon per inhabitant', list: 'A and B' })).toBe(
      '2 peers without transfers for 2024 are left out of the canon per inhabitant: A and B.',
    );
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

describe('soles: amounts in sentences', () => {
  it('groups thousands with commas, shows céntimos only when there are some, and keeps every digit', () => {
    expect(soles('202203213.00')).toBe('S/ 202,203,213');
    expect(soles('1234.50')).toBe('S/ 1,234.50');
    expect(soles('1234.5')).toBe('S/ 1,234.50');
    expect(soles('999.99')).toBe('S/ 999.99');
    expect(soles('1000')).toBe('S/ 1,000');
    expect(soles('0.00')).toBe('S/ 0');
    expect(soles('-7531040.05')).toBe('-S/ 7,531,040.05');
    expect(soles(123456)).toBe('S/ 123,456');
    // what is not an amount is left as it is
    expect(soles('—')).toBe('—');
    expect(soles('12.345')).toBe('12.345');
  });

  it('formats only the parameters a template marks as soles', () => {
    // report.budget: "PIM {pim:soles}, devengado {devengado:soles}, execution {rate} %"
    expect(sentence('report.budget', 'en', { pim: '912032194.00', devengado: '727732121.40', rate: 79.8 })).toBe(
      'Budget (municipality totals): PIM S/ 912,032,194, devengado S/ 727,732,121.40, execution 79.8 %.',
    );
    expect(sentence('report.budget', 'es', { pim: '1000.00', devengado: '0.00', rate: 0 })).toBe(
      'Presupuesto (totales municipales): PIM S/ 1,000, devengado S/ 0, ejecución 0 %.',
    );
  });
});
