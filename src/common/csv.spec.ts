import { toCsv } from './csv.js';

/** The one data line of a CSV of one column. */
const line = (value: string | number) => toCsv(['v'], [[value]]).split('\r\n')[1];

/**
 * What a spreadsheet program could take for cells if it split `csv` on `separator` and on line breaks,
 * honouring a quote only where it opens a piece (Excel set to a locale whose list separator is not ours).
 */
const piecesSplitOn = (csv: string, separator: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split(new RegExp(`[${separator}\\r\\n]`))
    .map((piece) => piece.replace(/^"/, ''));

describe('toCsv', () => {
  it('quotes what needs quoting and starts with a BOM', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 'say "hi"'],
          [7, null],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n7,\r\n');
  });

  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('writes %j as text, never a formula', (value) => {
    expect(line(value).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
  });

  it('quotes cells holding the separator of other locales (; and tab)', () => {
    expect(line('a;b')).toBe('"a;b"');
    expect(line('a\tb')).toBe('"a\tb"');
  });

  it.each([
    ['x;=1+1', `"x;'=1+1"`],
    ["OBRA;=cmd|' /C calc'!A0", `"OBRA;'=cmd|' /C calc'!A0"`],
    ['a,+1', `"a,'+1"`],
    ['a\t@SUM(A1)', `"a\t'@SUM(A1)"`],
    ['a\n=1', `"a\n'=1"`],
    ['=1;=2', `"'=1;'=2"`],
  ])('neutralises a formula after a separator inside %j', (value, expected) => {
    expect(line(value)).toBe(expected);
  });

  it('leaves no cell that starts a formula, whichever separator a spreadsheet splits on', () => {
    const hostile = ['x;=1+1', "OBRA;=cmd|' /C calc'!A0", 'a,+1', 'a\t@SUM(A1)', 'a\r\n-2+3', 'a;\t=1', 'a;;=1', '-1;=2', 'b;-1+1'];
    const csv = toCsv(
      ['v', 'w'],
      hostile.map((v) => [v, `${v} ${v}`]),
    );
    for (const separator of [',', ';', '\t']) {
      const formulas = piecesSplitOn(csv, separator).filter((p) => /^[=+\-@\t\r]/.test(p) && !/^-\d+(\.\d+)?"?$/.test(p));
      expect({ separator, formulas }).toEqual({ separator, formulas: [] });
    }
  });

  it('leaves negative numbers alone, at the start of a cell and after a separator', () => {
    expect(toCsv(['v'], [[-5]])).toBe('\uFEFFv\r\n-5\r\n');
    expect(line('-1234.50')).toBe('-1234.50');
    expect(line('-5')).toBe('-5');
    expect(line('x;-5')).toBe('"x;-5"');
    // a number cell is written as JavaScript writes it, even where its text would look like a formula
    expect(toCsv(['v'], [[-1.5e-7]])).toBe('\uFEFFv\r\n-1.5e-7\r\n');
    expect(line('x;-1234.50')).toBe('"x;-1234.50"');
    expect(line('-1;-2.5')).toBe(`"'-1;-2.5"`); // the whole cell is not a number: its start is neutralised as before
  });
});
