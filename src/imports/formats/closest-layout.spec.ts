import { closestLayout, editDistance, likelyMatch } from './closest-layout.js';
import { consultaAmigableFormat } from './consulta-amigable.format.js';
import { populationFormat } from './population.format.js';
import type { ImportFormat } from './import-format.js';

const formats = [consultaAmigableFormat, populationFormat] as ImportFormat<unknown>[];
const HEADER = [
  'Año',
  'Departamento',
  'Provincia',
  'Municipalidad',
  'PIA',
  'PIM',
  'Certificación',
  'Compromiso Anual',
  'Atención de Compromiso Mensual',
  'Devengado',
  'Girado',
  'Avance %',
];

describe('closestLayout', () => {
  it('names the misspelt column of a Consulta Amigable header and the column it most likely is', () => {
    const misspelt = HEADER.map((h) => (h === 'Devengado' ? 'Devengad' : h));
    const near = closestLayout(
      [
        { row: 1, cells: ['Reporte de gasto'] },
        { row: 3, cells: misspelt },
      ],
      formats,
    );
    expect(near?.format.id).toBe('consulta-amigable');
    expect(near?.row).toBe(3);
    expect(near?.missing).toEqual(['Devengado']); // as expectedColumns writes it
    expect(near?.unknown).toEqual(['Devengad']);
    expect(near?.suggestions).toEqual([{ column: 'Devengad', didYouMean: 'Devengado' }]);
  });

  it('lists a missing column with no suggestion when no header is near it, and an extra column as unknown', () => {
    const near = closestLayout([{ row: 1, cells: [...HEADER.filter((h) => h !== 'Girado'), 'Observaciones'] }], formats);
    expect(near?.missing).toEqual(['Girado']);
    expect(near?.unknown).toEqual(['Observaciones']);
    expect(near?.suggestions).toEqual([]); // "observaciones" is 10+ edits from "girado"
  });

  it('is null when no row holds half of any layout', () => {
    expect(closestLayout([{ row: 1, cells: ['Año', 'PIA', 'Nombre'] }], formats)).toBeNull(); // 2 of Consulta's 12, 0 of population's 5
  });
});

describe('editDistance and likelyMatch', () => {
  it.each([
    ['devengad', 'devengado', 1], // one insertion
    ['pim', 'pia', 1], // one substitution
    ['girado', 'girado', 0],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3], // k→s, e→i, +g
  ])('%s → %s: %d', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it('accepts up to a third of the length in edits, accents and case aside', () => {
    expect(likelyMatch('CERTIFICACION', ['Certificación', 'Girado'])).toBe('Certificación'); // 0 edits once normalised
    expect(likelyMatch('Devngdo', ['Devengado'])).toBe('Devengado'); // 2 edits, 7 letters: up to 2
    expect(likelyMatch('PIX', ['Devengado'])).toBeNull();
  });
});
