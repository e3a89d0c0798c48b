import { spreadsheetCell } from './template-workbook.js';

describe('spreadsheetCell', () => {
  it('writes a number only when reading it back gives the same decimal', () => {
    expect(spreadsheetCell('1200.25')).toBe(1200.25);
    expect(spreadsheetCell('-50.00')).toBe(-50);
    // 16 integer digits: a double cannot hold it exactly, so it stays text
    expect(spreadsheetCell('9999999999999999.99')).toBe('9999999999999999.99');
  });
});
