import { amountToCentimo } from './sub-centimo.js';

describe('amountToCentimo', () => {
  it.each([
    ['191795.258', '191795.26'], // .258 → .26 (third decimal 8 ≥ 5)
    ['23995707.901', '23995707.90'],
    ['104917.305', '104917.31'], // half away from zero
    ['-1000.005', '-1000.01'],
    ['0.004', '0.00'],
  ])('%s is held as %s, and noted', (text, value) => {
    const notes: string[] = [];
    expect(amountToCentimo(text, notes, 'MTO_VIABLE', 52)).toEqual({ ok: true, value });
    expect(notes).toEqual([`MTO_VIABLE ${text} → ${value} (row 52)`]);
  });

  it('reads other amounts as parseAmount does, without a note', () => {
    const notes: string[] = [];
    expect(amountToCentimo('2592830.0', notes, 'x', 1)).toEqual({ ok: true, value: '2592830.00' });
    expect(amountToCentimo('1.234', notes, 'x', 1)).toMatchObject({ ok: false, code: 'AMBIGUOUS_AMOUNT' }); // thousands or decimals: still refused
    expect(amountToCentimo('10.005', notes, 'x', 1)).toMatchObject({ ok: false, code: 'AMBIGUOUS_AMOUNT' });
    expect(amountToCentimo('1.2345678', notes, 'x', 1)).toMatchObject({ ok: false, code: 'TOO_MANY_DECIMALS' });
    expect(notes).toEqual([]);
  });
});
