import { divRoundHalfUp, executionRatePct, fromCents, sumToCents, toCents } from './decimal.js';

describe('exact money', () => {
  it('converts between decimal strings and céntimos without floats', () => {
    expect(toCents('450564829.00')).toBe(45056482900n);
    expect(toCents('-1234.50')).toBe(-123450n);
    expect(fromCents(45056482900n)).toBe('450564829.00');
    expect(fromCents(-5n)).toBe('-0.05');
    expect(fromCents(0n)).toBe('0.00');
    expect(() => toCents('12.5')).toThrow();
    expect(fromCents(12n)).toBe('0.12');
    expect(fromCents(-123450n)).toBe('-1234.50');
  });

  it('takes only the canonical form: two decimals, an optional minus, digits', () => {
    for (const bad of ['12', '12.500', '+1.00', '1,000.00', ' 1.00', '1.00 ', 'x1.00', '1.00x', '.50', '-.50']) {
      expect(() => toCents(bad)).toThrow(`not a canonical amount: ${bad}`);
    }
  });

  it('reads PostgreSQL sums: two places, a bare integer from coalesce, no value as 0, anything else an error', () => {
    expect(sumToCents('1234.50')).toBe(123450n);
    expect(sumToCents('0')).toBe(0n);
    expect(sumToCents('-7')).toBe(-700n);
    expect(sumToCents('450564829')).toBe(45056482900n);
    expect(sumToCents(null)).toBe(0n);
    expect(sumToCents(undefined)).toBe(0n);
    // a third decimal is never truncated
    expect(() => sumToCents('1.005')).toThrow();
    expect(() => sumToCents('7x')).toThrow();
    expect(() => sumToCents('x7')).toThrow();
  });

  it('rounds half away from zero, like PostgreSQL round()', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n); // -2.5 → -3
    expect(divRoundHalfUp(7n, 3n)).toBe(2n); // 2.33 → 2
    expect(divRoundHalfUp(8n, 3n)).toBe(3n); // 2.67 → 3
    expect(divRoundHalfUp(-7n, 3n)).toBe(-2n); // -2.33 → -2
    expect(divRoundHalfUp(0n, 3n)).toBe(0n);
    expect(divRoundHalfUp(6n, 1n)).toBe(6n);
  });

  it('divides only by a positive number', () => {
    expect(() => divRoundHalfUp(1n, 0n)).toThrow('divisor must be positive');
    expect(() => divRoundHalfUp(1n, -2n)).toThrow('divisor must be positive');
  });

  it.each([
    // Espinar province 2022 (sum of its 8 municipalities in the Consulta Amigable export):
    // 335,981,965 / 450,564,829 = 0.745688… → 74.6
    ['335981965.00', '450564829.00', 74.6],
    // Espinar provincial municipality 2022: 178,771,018 / 259,305,826 = 0.689419… → 68.9
    ['178771018.00', '259305826.00', 68.9],
    // exactly half a tenth rounds up: 1 / 8 = 12.5 % → 12.5; 1/16 = 6.25 % → 6.3
    ['1.00', '16.00', 6.3],
    ['0.00', '1000.00', 0],
    ['1000.00', '1000.00', 100],
    // a reversal can make devengado negative: -1 / 16 = -6.25 % → -6.3
    ['-1.00', '16.00', -6.3],
    // no PIM, no rate; a negative PIM neither
    ['10.00', '0.00', null],
    ['10.00', '-5.00', null],
    // one céntimo of PIM is a budget: 0.01 / 0.01 = 100 %
    ['0.01', '0.01', 100],
  ])('devengado %s / PIM %s → %p %', (devengado, pim, expected) => {
    expect(executionRatePct(toCents(devengado), toCents(pim))).toBe(expected);
  });
});
