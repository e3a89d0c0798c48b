import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { type CsvRecord, CsvParser, CsvSyntaxError } from './csv-parser.js';

/** Feeds `text` in chunks of `size` characters, so every boundary position gets exercised. */
function parseAll(text: string, size = text.length, delimiter = ','): CsvRecord[] {
  const parser = new CsvParser(delimiter, 1024 * 1024);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), out);
  parser.end(out);
  return out;
}

const cells = (records: CsvRecord[]) => records.map((r) => r.cells);

describe('CsvParser', () => {
  const TRICKY = 'a,"b, with comma","say ""hi""",\r\n"multi\nline",x,,""\n\n"",last';

  it.each([1, 2, 3, 5, 7, 1000])('parses quotes, doubled quotes, CRLF, empty fields and embedded line breaks in chunks of %i', (size) => {
    expect(parseAll(TRICKY, size)).toEqual([
      { line: 1, cells: ['a', 'b, with comma', 'say "hi"', ''] },
      { line: 2, cells: ['multi\nline', 'x', '', ''] },
      { line: 4, cells: [''] },
      { line: 5, cells: ['', 'last'] },
    ]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('reads a quoted last field before CRLF whatever chunk ends between CR and LF (chunks of %i)', (size) => {
    // "a","b"CR|LF: a chunk ending right after the CR once made the parser see text after the closing quote
    expect(cells(parseAll('"a","b"\r\n"c","d"\r\n', size))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('parses one record at a time with the same lines as push()', () => {
    const parser = new CsvParser(',', 1024);
    const text = 'a,b\r\n"x\ny",z\nlast,"q"';
    const first = parser.parseOne(text, 0)!;
    const second = parser.parseOne(text, first.next)!;
    expect([first.record, second.record]).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', 'z'] },
    ]);
    expect(parser.parseOne(text, second.next)).toBeNull(); // no line break yet: incomplete
    expect(parser.parseOne(`${text}\n`, second.next)).toEqual({ record: { line: 4, cells: ['last', 'q'] }, next: text.length + 1 });
  });

  it('parses one record at a time from text without any quote, and none from a line without its line break', () => {
    const parser = new CsvParser(',', 1024);
    const text = 'a,b\r\nc,d\n';
    // 'a,b\r\n' is characters 0-4: the next record starts at 5; 'c,d\n' is 5-8: the next at 9
    expect(parser.parseOne(text, 0)).toEqual({ record: { line: 1, cells: ['a', 'b'] }, next: 5 });
    expect(parser.parseOne(text, 5)).toEqual({ record: { line: 2, cells: ['c', 'd'] }, next: 9 });
    expect(parser.parseOne(text, 9)).toBeNull();
    expect(parser.parseOne('e,f', 0)).toBeNull();
    expect(parser.line).toBe(3); // two records read
  });

  it('parses one record made only of quotes as quoted fields', () => {
    const parser = new CsvParser(',', 1024);
    // an empty quoted field; then a quoted field holding one doubled quote
    expect(parser.parseOne('""\n', 0)).toEqual({ record: { line: 1, cells: [''] }, next: 3 });
    expect(parser.parseOne('""""\n', 0)).toEqual({ record: { line: 2, cells: ['"'] }, next: 5 });
  });

  it('reads a quoted field that starts right after the first delimiter', () => {
    // the first quote of the text is its second character
    expect(cells(parseAll(',"x,y"\n'))).toEqual([['', 'x,y']]);
  });

  it('refuses a lone quote on the first line as unclosed, although a line break follows it', () => {
    expect(() => parseAll('"\n')).toThrow(expect.objectContaining({ code: 'UNCLOSED_QUOTE', line: 1 }));
  });

  it('hands over the text it holds of an incomplete record, once', () => {
    const parser = new CsvParser(',', 1024);
    const out: CsvRecord[] = [];
    parser.push('a,b\nc,"d\ne', out);
    expect(out).toEqual([{ line: 1, cells: ['a', 'b'] }]);
    expect(parser.takeRest()).toBe('c,"d\ne');
    expect(parser.takeRest()).toBe('');
  });

  it('reads a record with no quote after one that had them, in one chunk or in several', () => {
    for (const size of [1, 4, 100]) {
      expect(cells(parseAll('"a",b\nc,d\n"e\nf",g\nh\r\n', size))).toEqual([['a', 'b'], ['c', 'd'], ['e\nf', 'g'], ['h']]);
    }
  });

  it('keeps a CR that does not end the line, and takes a CR before LF off the last unquoted cell of a quoted record', () => {
    expect(cells(parseAll('a\rb,c\n'))).toEqual([['a\rb', 'c']]);
    expect(cells(parseAll('"a",b\r\n"c",\r\n'))).toEqual([
      ['a', 'b'],
      ['c', ''],
    ]);
  });

  it('numbers the line of text after a closing quote from the start of its record', () => {
    // the record starts on line 2 and its quoted cell holds one line break: the stray text is on line 3
    expect(() => parseAll('a\n"x\ny"z,1\n')).toThrow(expect.objectContaining({ code: 'TEXT_AFTER_QUOTE', line: 3 }));
    expect(() => parseAll('"a"\rb\n')).toThrow(expect.objectContaining({ code: 'TEXT_AFTER_QUOTE', line: 1 }));
  });

  it('keeps an incomplete record of exactly the limit, and refuses one character more', () => {
    expect(() => new CsvParser(',', 10).push('x'.repeat(10), [])).not.toThrow();
    expect(() => new CsvParser(',', 10).push('x'.repeat(11), [])).toThrow(expect.objectContaining({ code: 'RECORD_TOO_LONG', line: 1 }));
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(cells(parseAll('tubo 12",2\n'))).toEqual([['tubo 12"', '2']]);
  });

  it('reads semicolon-separated records', () => {
    expect(cells(parseAll('a;"b;c"\n', 3, ';'))).toEqual([['a', 'b;c']]);
  });

  it.each([
    ['a,"never closed\nb,c\n', 'UNCLOSED_QUOTE', 1],
    ['a,b\n"x"y,z\n', 'TEXT_AFTER_QUOTE', 2],
  ])('refuses %j with %s at line %i', (text, code, line) => {
    expect(() => parseAll(text, 4)).toThrow(CsvSyntaxError);
    expect(() => parseAll(text, 4)).toThrow(expect.objectContaining({ code, line }));
  });

  it('refuses a record longer than the limit', () => {
    const parser = new CsvParser(',', 100);
    expect(() => parser.push('x'.repeat(500), [])).toThrow(expect.objectContaining({ code: 'RECORD_TOO_LONG' }));
  });

  it.each([
    'data/demo/consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv',
    'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv',
    'test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv',
  ])('reads %s exactly as csv-parse does', (path) => {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const reference: string[][] = parse(text, { relax_column_count: true });
    expect(cells(parseAll(text, 4093))).toEqual(reference);
  });
});
