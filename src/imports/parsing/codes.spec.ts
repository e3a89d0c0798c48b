import { parseUbigeo, parseYear } from './codes.js';

describe('codes', () => {
  it.each([
    ['2024', 2024],
    [2024, 2024],
    ['2024.0', 2024],
    [' 1999 ', 1999],
    ['1998', null], // before SIAF
    ['20x4', null],
    ['24', null],
    [null, null],
  ])('year %p → %p', (cell, expected) => {
    expect(parseYear(cell)).toBe(expected);
  });

  it('takes years up to next year only', () => {
    const next = new Date().getUTCFullYear() + 1;
    expect(parseYear(String(next))).toBe(next);
    expect(parseYear(String(next + 1))).toBeNull();
  });

  it.each([
    ['080801', '080801'],
    ['80801', '080801'],
    [80801, '080801'],
    ['10401.0', '010401'],
    ['8080', null],
    ['0808011', null],
    ['08-08-01', null],
  ])('ubigeo %p → %p', (cell, expected) => {
    expect(parseUbigeo(cell)).toBe(expected);
  });
});
