import { looksMisEncoded, misEncodedNote } from './mis-encoding.js';

describe('looksMisEncoded', () => {
  it.each([
    ['ICHU?A', true], // Moquegua's registry: a lost Ñ
    ['PAMPA INALÃ\u0081MBRICA', true], // UTF-8 Á read as Latin-1
    ['PARQUE NÂ 16', true],
    ['NÂº 16', true],
    ['CA\uFFFDETE', true],
    ['ICHUÑA', false],
    ['INALÁMBRICA', false],
    ['¿QUÉ? SÍ', false], // a question mark after a word is punctuation
    ['CAJA DE PASO PVC? 2 UND', false],
    ['Año 2024: 1.5 km', false],
  ])('%s → %s', (text, expected) => {
    expect(looksMisEncoded(text)).toBe(expected);
  });

  it('notes the column and a short text', () => {
    expect(misEncodedNote('Distrito', 'ICHU?A')).toBe('Distrito "ICHU?A"');
    expect(misEncodedNote('Nombre', 'X'.repeat(61))).toBe(`Nombre "${'X'.repeat(60)}…"`);
  });
});
