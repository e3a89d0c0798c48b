import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes what needs quoting and starts with a BOM', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"'], [7, null]])).toBe('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n7,\r\n');
  });

  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('writes %j as text, never a formula', (value) => {
    const line = toCsv(['v'], [[value]]).split('\r\n')[1];
    expect(line.replace(/^"|"$/g, '').startsWith("'")).toBe(true);
  });

  it('leaves negative numbers alone', () => {
    expect(toCsv(['v'], [[-5]])).toBe('\uFEFFv\r\n-5\r\n');
  });
});
