import { parseAmount } from './parsing/amount.js';
import { spreadsheetCell } from './template-workbook.js';

/** The rule itself: a number when the import reads the double back as the same decimal, else the text. */
function checked(decimal: string): number | string {
  const back = parseAmount(Number(decimal));
  return back.ok && back.value === decimal ? Number(decimal) : decimal;
}

describe('spreadsheetCell', () => {
  it('writes a number only when reading it back gives the same decimal', () => {
    expect(spreadsheetCell('1200.25')).toBe(1200.25);
    expect(spreadsheetCell('-50.00')).toBe(-50);
    // 16 integer digits: a double cannot hold it exactly, so it stays text
    expect(spreadsheetCell('9999999999999999.99')).toBe('9999999999999999.99');
  });

  it('gives what the read-back check gives, on the fast path (under 10^9) and past it', () => {
    const cases = ['0.00', '-0.00', '0.01', '-0.01', '0.58', '999999999.99', '-999999999.99', '1000000000.00', '1000000000.01', '4503599627.37'];
    cases.push('9999999999999.99', '123456789012345.67', '1.5', '01.00', '1e3', '12.345');
    // random amounts of every size from céntimos to 16 integer digits
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(random() * 16);
      let int = String(1 + Math.floor(random() * 9));
      for (let d = 1; d < digits; d++) int += String(Math.floor(random() * 10));
      const cents = String(Math.floor(random() * 100)).padStart(2, '0');
      cases.push(`${random() < 0.2 ? '-' : ''}${random() < 0.1 ? '0' : int}.${cents}`);
    }
    const differing = cases.filter((c) => !Object.is(spreadsheetCell(c), checked(c)));
    expect(differing).toEqual([]);
    // both ways are taken: the fast path's numbers, and text past what a double holds to the céntimo
    expect(cases.filter((c) => typeof checked(c) === 'string').length).toBeGreaterThan(1_000);
  });
});
