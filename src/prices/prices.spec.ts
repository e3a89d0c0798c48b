import { averageText, factorText, hasAverage, inBaseYearSoles, type IndexYear } from './prices.js';

/** A year whose 12 months all have the index `value`: sum = 12 × value. */
const flat = (year: number, sum: string, months = 12): IndexYear => ({ year, months, sum });

describe('constant soles: amount × average(base) ÷ average(year)', () => {
  const base = flat(2024, '1200'); // average 100
  it.each([
    // [amount, sum of the year's 12 months, expected, by hand]
    ['1000.00', '600', '2000.00'], // average 50: × 100/50 = × 2
    ['1000.00', '2400', '500.00'], // average 200: × 1/2
    ['0.01', '3600', '0.00'], // average 300: 0.01/3 = 0.0033… → 0.00
    ['0.02', '3600', '0.01'], // 0.0066… → 0.01
    ['0.01', '2400', '0.01'], // 0.005: half away from zero → 0.01
    ['-0.01', '2400', '-0.01'], // −0.005 → −0.01, symmetric
    ['-1000.00', '600', '-2000.00'],
    ['0.00', '600', '0.00'],
    // 142970708.00 × 1200 / 1000.4 = 171496251.0995…; 1000.4 has one place, 1200 none: both at one place, 12000 / 10004
    ['142970708.00', '1000.4', '171496251.10'],
  ])('%s of a year with sum %s → %s in 2024 soles', (amount, sum, expected) => {
    expect(inBaseYearSoles(amount, base, flat(2015, sum))).toBe(expected);
  });

  it('is exact with the index written to 13 places, as BCRPData writes it', () => {
    // sums of 12 months: 2024 = 1326.1234567890123 (avg 110.51…), 2015 = 961.6855054123456 (avg 80.14…)
    // 100000.00 × 1326.1234567890123 / 961.6855054123456 = 137895.7517… → 137895.75
    expect(inBaseYearSoles('100000.00', flat(2024, '1326.1234567890123'), flat(2015, '961.6855054123456'))).toBe('137895.75');
  });

  it('a year of fewer than 12 months has no average: nothing of it converts', () => {
    expect(hasAverage(flat(2026, '900', 8))).toBe(false);
    expect(hasAverage(undefined)).toBe(false);
    expect(() => inBaseYearSoles('1.00', base, flat(2026, '900', 8))).toThrow(/12 months/);
    expect(() => averageText(flat(2026, '900', 8))).toThrow(/8 months/);
  });

  it('shows the average and the factor with six places, half away from zero', () => {
    expect(averageText(flat(2015, '961.6855054123456'))).toBe('80.140459'); // 80.14045878436213…
    expect(averageText(base)).toBe('100.000000');
    expect(factorText(base, flat(2015, '3600'))).toBe('0.333333'); // 100 / 300
    expect(factorText(base, flat(2015, '1800'))).toBe('0.666667'); // 100 / 150 = 0.6666…67
    expect(factorText(base, base)).toBe('1.000000');
  });
});
