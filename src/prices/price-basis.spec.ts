import { constantBasis, NOMINAL } from './price-basis.js';
import { spansSeveralYears } from './prices.service.js';
import type { IndexYear } from './prices.js';

/** A year whose 12 months sum to `sum` (its average is sum ÷ 12). */
const flat = (year: number, sum: string, months = 12): IndexYear => ({ year, months, sum });

describe('PriceBasis: each year in soles of the base year, before anything is added up', () => {
  const basis = constantBasis(flat(2024, '1200'), [flat(2024, '1200'), flat(2015, '600'), flat(2016, '3600')]);

  it.each([
    // [amount, year, expected, by hand]
    ['1000.00', 2015, '2000.00'], // average 50 against 100: × 2
    ['1000.00', 2024, '1000.00'], // the base year: × 1
    ['0.02', 2016, '0.01'], // average 300: 0.02 ÷ 3 = 0.0066… → 0.01
    ['0.01', 2016, '0.00'], // 0.0033… → 0.00
    ['-0.02', 2016, '-0.01'], // half away from zero, symmetric
    ['5', 2015, '10.00'], // a sum as PostgreSQL gives coalesce(…, 0): whole soles
  ])('%s of %i → %s', (amount, year, expected) => {
    expect(basis.amount(amount, year)).toBe(expected);
  });

  it('records a year without a full index instead of guessing, and leaves nulls null', () => {
    const b = constantBasis(flat(2024, '1200'), [flat(2024, '1200')]);
    expect(b.amount(null, 2026)).toBeNull();
    expect(b.amount('1.00', 2026)).toBe('1.00');
    expect([...b.missing]).toEqual([2026]);
  });

  it('in SQL, wraps the column in a CASE over the years (B ÷ Y as integers), and nominal SQL is the column itself', () => {
    // 2015: ratio terms 1200 × 12 = 14400 over 600 × 12 = 7200; soles a → ⌊(|a| · 200 · 14400 + 7200) ÷ (2 · 7200)⌋ céntimos: 10.00 → ⌊28807200 ÷ 14400⌋ = 2000
    expect(basis.sql('l.pim', 'l.year')).toContain('WHEN 2015 THEN sign((l.pim)) * div(abs((l.pim)) * 2880000 + 7200, 14400) / 100');
    expect(basis.sql('l.pim', 'l.year')).toMatch(/^round\(CASE l\.year WHEN/);
    expect(NOMINAL.sql('l.pim', 'l.year')).toBe('l.pim');
    expect(NOMINAL.amount('1.00', 2026)).toBe('1.00');
  });
});

describe('spansSeveralYears: which requests may add up years', () => {
  it.each([
    [{ year: 2015 }, false],
    [{ fromYear: 2015, toYear: 2015 }, false],
    [{ fromYear: 2015, toYear: 2024 }, true],
    [{ fromYear: 2015 }, true],
    [{}, true], // every year
    [{ periods: '2015,2024' }, false],
    [{ periods: '2015-2015,2024' }, false],
    [{ periods: '2007-2008,2011' }, true],
  ])('%j → %s', (q, expected) => {
    expect(spansSeveralYears(q)).toBe(expected);
  });
});
