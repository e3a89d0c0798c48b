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
  ])('refuses %p with %s', (input, code) => {
    const parsed = parseAmount(input);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok === false && parsed.code).toBe(code);
  });

  it.each([
    ['6.1049142994E8', '610491429.94'],
    ['6.562544369E8', '656254436.90'],
    ['1e3', '1000.00'],
    ['-2.5E-1', '-0.25'],
  ])('with exponent allowed, reads %s exactly as %s', (input, expected) => {
    expect(parseAmount(input, { exponent: true })).toEqual({ ok: true, value: expected });
  });

  it('refuses scientific notation that would lose céntimos, and refuses it altogether by default', () => {
    expect(parseAmount('1.2345E1', { exponent: true }).ok).toBe(false);
    expect(parseAmount('6.1049142994E8').ok).toBe(false);
  });

  it('reads scientific notation with a megabyte of zeros promptly (trailing zeros were cut by a quadratic pattern)', () => {
    const zeros = '0'.repeat(1_000_000);
    expect(promptly(() => parseAmount(`1.${zeros}1E2`, { exponent: true }))).toMatchObject({ ok: false, code: 'TOO_MANY_DECIMALS' });
    expect(promptly(() => parseAmount(`1.5${zeros}E1`, { exponent: true }))).toEqual({ ok: true, value: '15.00' });
  });
});

describe('spreadsheetCell', () => {
  it('writes a number only when reading it back gives the same decimal', async () => {
    const { spreadsheetCell } = await import('../template-workbook.js');
    expect(spreadsheetCell('1200.25')).toBe(1200.25);
    expect(spreadsheetCell('-50.00')).toBe(-50);
    // 16 integer digits: a double cannot hold it exactly, so it stays text
    expect(spreadsheetCell('9999999999999999.99')).toBe('9999999999999999.99');
  });
});
