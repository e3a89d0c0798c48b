import { parseUbigeo, parseYear } from './codes.js';

describe('codes', () => {
  it.each([
    ['2024', 2024],
    [2024, 2024],
    ['2024.0', 2024],
    ['2024.00', 2024],
    [2024.0, 2024],
    ['02024', null], // five characters are no year, whatever their value
    ['2024.5', null],
    ['12024', null],
    ['20.024', null], // only a trailing ".0" is the spreadsheet's
    ['2024 ', 2024],
    ['', null],
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
    expect(parseYear(next)).toBe(next);
  });

  it('takes a later first year when asked to', () => {
    expect(parseYear('2010', 2010)).toBe(2010);
    expect(parseYear('2009', 2010)).toBeNull();
    expect(parseYear('1999')).toBe(1999);
  });

  it.each([
    ['080801', '080801'],
    ['80801', '080801'],
    [80801, '080801'],
    ['10401.0', '010401'],
    ['10401.00', '010401'],
    [' 080801 ', '080801'],
    ['0801', null],
    ['80.0801', null],
    ['8080', null],
    ['0808011', null],
    ['08-08-01', null],
    [null, null],
    [80801.5, null],
  ])('ubigeo %p → %p', (cell, expected) => {
    expect(parseUbigeo(cell)).toBe(expected);
  });
});
