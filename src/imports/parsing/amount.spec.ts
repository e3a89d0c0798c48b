import { parseAmount } from './amount.js';
import { promptly } from '../../../test/support/promptly.js';

describe('parseAmount', () => {
  // Each accepted form with the exact decimal string it must give.
  it.each([
    ['"159,642,613" (Consulta Amigable CSV)', '159,642,613', '159642613.00'],
    ['Peruvian notation with S/', 'S/ 1.234.567,00', '1234567.00'],
    ['S/ with céntimos', 'S/ 1.234.567,5', '1234567.50'],
    ['S/ with no thousands', 'S/ 950,25', '950.25'],
    ['S/. with a dot', 'S/. 12.000', '12000.00'],
    ['MEF dash for zero', 'S/ -', '0.00'],
    ['bare dash for zero', '-', '0.00'],
    ['plain integer', '450564829', '450564829.00'],
    ['plain decimal', '1234.5', '1234.50'],
    ['comma thousands with decimals', '1,234.50', '1234.50'],
    ['dot thousands with comma decimals', '1.234,50', '1234.50'],
    ['several dot groups are thousands', '1.234.567', '1234567.00'],
    ['accounting negative', '(1,234.50)', '-1234.50'],
    ['leading minus (reversal)', '-2,000', '-2000.00'],
    ['NBSP grouping', '1\u00a0234\u00a0567', '1234567.00'],
    ['surrounding spaces', '  2,000  ', '2000.00'],
    ['leading zeros are not octal', '007', '7.00'],
    ['trailing zero decimals beyond céntimos', '12.5000', '12.50'],
    ['a zero integer part cannot be thousands', '0.50', '0.50'],
    ['zero', '0', '0.00'],
    // MEF open data's plain numbers, read directly
    ['plain negative with céntimos', '-1250.75', '-1250.75'],
    ['plain with one decimal', '6000.0', '6000.00'],
    ['a negative zero is zero', '-0', '0.00'],
    ['a negative zero with céntimos is zero', '-0.00', '0.00'],
    ['the largest amount numeric(18,2) holds: 16 integer digits', '9999999999999999', '9999999999999999.00'],
    // the slow path
    ['spaces inside accounting parentheses', '( 5 )', '-5.00'],
    ['a minus apart from its number', '- 5', '-5.00'],
    ['S/ in lower case, no space', 's/1.234,50', '1234.50'],
    ['S/ with a negative', 'S/ -1.234,50', '-1234.50'],
    ['S/ with one dot group is thousands, not decimals', 'S/ 1.234', '1234.00'],
    ['narrow NBSP grouping', '1\u202f234\u202f567', '1234567.00'],
    ['figure-space grouping', '1\u2007234', '1234.00'],
    ['space grouping with comma decimals', '1 234 567,50', '1234567.50'],
    ['a zero integer with three decimals, the third a zero', '0.500', '0.50'],
    ['comma decimals', '12,5', '12.50'],
    ['one comma group is thousands (Consulta Amigable)', '1,234', '1234.00'],
    ['S/ with comma thousands and dot decimals', 'S/ 1,234,567.00', '1234567.00'],
    ['two-digit first group, space grouping', '12 345', '12345.00'],
    ['two-digit first group, comma thousands and dot decimals', '12,345.5', '12345.50'],
    ['dot thousands, twice, with comma decimals', '1.234.567,5', '1234567.50'],
    ['two-digit first group, dot thousands', '12.345.678', '12345678.00'],
  ])('%s: %j → %s', (_label, input, expected) => {
    expect(parseAmount(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    // Spreadsheet doubles: 0.58 is stored as 0.57999999999999996 and must come back as 0.58.
    [0.57999999999999996, '0.58'],
    [159642613, '159642613.00'],
    [1234567.5, '1234567.50'],
    [-2000, '-2000.00'],
    [0.1 + 0.2, '0.30'], // 0.30000000000000004 in binary
    [-0.5, '-0.50'],
    [0, '0.00'],
    [999999999999999, '999999999999999.00'], // under 1e15: Excel's fifteen digits hold it
  ])('spreadsheet number %p → %s', (input, expected) => {
    expect(parseAmount(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'MISSING_VALUE'],
    [null, 'MISSING_VALUE'],
    ['1.234', 'AMBIGUOUS_AMOUNT'], // thousands (1234) or decimals (1.234)? refuse to guess
    ['12.500', 'AMBIGUOUS_AMOUNT'],
    ['12,3x4', 'INVALID_AMOUNT'],
    ['1e3', 'INVALID_AMOUNT'],
    ['NaN', 'INVALID_AMOUNT'],
    ['1,23,456', 'INVALID_AMOUNT'],
    ['12.345,678', 'TOO_MANY_DECIMALS'],
    ['0.005', 'TOO_MANY_DECIMALS'],
    ['--5', 'INVALID_AMOUNT'],
    ['(-5)', 'INVALID_AMOUNT'],
    ['12345678901234567', 'INVALID_AMOUNT'], // 17 integer digits overflow numeric(18,2)
    [Number.NaN, 'INVALID_AMOUNT'],
    [0.001, 'TOO_MANY_DECIMALS'],
    [undefined, 'MISSING_VALUE'],
    ['   ', 'MISSING_VALUE'],
    ['\u00a0', 'MISSING_VALUE'],
    [true, 'INVALID_AMOUNT'],
    [{ value: 5 }, 'INVALID_AMOUNT'],
    [Number.POSITIVE_INFINITY, 'INVALID_AMOUNT'],
    [1e15, 'INVALID_AMOUNT'],
    [-1e15, 'INVALID_AMOUNT'],
    ['(5', 'INVALID_AMOUNT'],
    ['1234.567', 'TOO_MANY_DECIMALS'], // four digits before the mark: not thousands, so decimals, too many
    ['1,234.567', 'TOO_MANY_DECIMALS'],
    ['-(5)', 'INVALID_AMOUNT'],
    ['5-', 'INVALID_AMOUNT'], // a trailing minus is no dash for zero
    ['1 2', 'INVALID_AMOUNT'], // a space that groups no thousands
    ['1 2345', 'INVALID_AMOUNT'],
    ['1.234.5678', 'INVALID_AMOUNT'],
    ['1234.567.890', 'INVALID_AMOUNT'],
  ])('refuses %p with %s', (input, code) => {
    const parsed = parseAmount(input);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok === false && parsed.code).toBe(code);
  });

  it('says why an amount is refused', () => {
    const why = (input: unknown) => {
      const parsed = parseAmount(input);
      return parsed.ok ? 'taken' : parsed.message;
    };
    expect([null, '  ', true, 'x', '(-5)', '1.234', '12.345,678', '12345678901234567', Number.NaN, 1e15, 0.001].map(why)).toEqual([
      'the amount is empty',
      'the amount is empty',
      'the cell does not hold an amount',
      'not a number',
      'the amount is negative twice',
      '"1.234" could be read as thousands or as decimals; write it without ambiguity',
      'amounts have at most two decimals (céntimos)',
      'the amount is too large',
      'the cell holds no finite number',
      'the amount is too large',
      'amounts have at most two decimals (céntimos)',
    ]);
    const scientific = parseAmount('1.2345E1', { exponent: true });
    expect(scientific.ok === false && scientific.message).toBe('amounts have at most two decimals (céntimos)');
  });

  it.each([
    ['6.1049142994E8', '610491429.94'],
    ['6.562544369E8', '656254436.90'],
    ['1e3', '1000.00'],
    ['-2.5E-1', '-0.25'],
    ['5E-2', '0.05'],
    ['1.5e+2', '150.00'],
    [' 6.1E2 ', '610.00'],
    ['12E0', '12.00'],
    ['1E10', '10000000000.00'],
  ])('with exponent allowed, reads %s exactly as %s', (input, expected) => {
    expect(parseAmount(input, { exponent: true })).toEqual({ ok: true, value: expected });
  });

  it('refuses scientific notation that would lose céntimos, and refuses it altogether by default', () => {
    expect(parseAmount('1.2345E1', { exponent: true }).ok).toBe(false);
    expect(parseAmount('6.1049142994E8').ok).toBe(false);
    expect(parseAmount('5E-3', { exponent: true })).toMatchObject({ ok: false, code: 'TOO_MANY_DECIMALS' });
    expect(parseAmount('1E17', { exponent: true })).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' });
    expect(parseAmount('1e3x', { exponent: true })).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' });
    expect(parseAmount('x1e3', { exponent: true })).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' });
  });

  it('reads scientific notation with a megabyte of zeros promptly (trailing zeros were cut by a quadratic pattern)', () => {
    const zeros = '0'.repeat(1_000_000);
    expect(promptly(() => parseAmount(`1.${zeros}1E2`, { exponent: true }))).toMatchObject({ ok: false, code: 'TOO_MANY_DECIMALS' });
    expect(promptly(() => parseAmount(`1.5${zeros}E1`, { exponent: true }))).toEqual({ ok: true, value: '15.00' });
  });
});
