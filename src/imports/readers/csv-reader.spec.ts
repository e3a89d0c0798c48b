import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../common/domain-error.js';
import { type CsvLane, openCsv, readCsvRows, sniffDelimiter, sniffEncoding, newlinesBeforeInvalid } from './csv-reader.js';
import type { RowBatch, SheetRow } from './sheet-row.js';

describe('readCsvRows', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'csv-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function read(name: string, bytes: Buffer | string): Promise<SheetRow[]> {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const rows: SheetRow[] = [];
    for await (const row of readCsvRows(path)) rows.push(row);
    return rows;
  }

  const TEXT = 'Año,Municipalidad,PIM\r\n2022,"080803-300742: MUNICIPALIDAD DISTRITAL DE COPORAQUE","57,124,269"\r\n';
  const EXPECTED = [
    { row: 1, cells: ['Año', 'Municipalidad', 'PIM'] },
    { row: 2, cells: ['2022', '080803-300742: MUNICIPALIDAD DISTRITAL DE COPORAQUE', '57,124,269'] },
  ];

  it('reads UTF-8 with a BOM and quoted thousands', async () => {
    expect(await read('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]))).toEqual(EXPECTED);
  });

  it('reads UTF-8 without a BOM', async () => {
    expect(await read('plain.csv', TEXT)).toEqual(EXPECTED);
  });

  it('reads semicolon-separated files (Excel on a Spanish system)', async () => {
    expect(await read('semi.csv', 'Año;Municipalidad;PIM\n2022;"080803-300742: MUNICIPALIDAD DISTRITAL DE COPORAQUE";57.124.269\n')).toEqual([
      { row: 1, cells: ['Año', 'Municipalidad', 'PIM'] },
      { row: 2, cells: ['2022', '080803-300742: MUNICIPALIDAD DISTRITAL DE COPORAQUE', '57.124.269'] },
    ]);
  });

  it('reads Windows-1252 (ñ and á as single bytes) without mangling them', async () => {
    const latin = Buffer.from('Año;Distrito\n2022;Cañete Ñuñoa Ácora\n', 'latin1');
    expect((await read('cp1252.csv', latin))[1].cells).toEqual(['2022', 'Cañete Ñuñoa Ácora']);
  });

  it('takes a BOM written twice off the first cell, and keeps U+FEFF anywhere else as a character', async () => {
    // the decoder takes the first BOM off; the reader the second (a tool that added one to a file that had it)
    const twice = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from('Año,PIM\n')]);
    expect(await read('bom-twice.csv', twice)).toEqual([{ row: 1, cells: ['Año', 'PIM'] }]);
    expect(await read('feff-inside.csv', 'a,b\uFEFFc\n')).toEqual([{ row: 1, cells: ['a', 'b\uFEFFc'] }]);
    // U+FEFF right at the start of the second 64 KB chunk: 'b,' + 65,533 characters + LF fill the first 65,536 bytes
    const second = await read('feff-chunk.csv', `b,${'y'.repeat(65_533)}\n\uFEFFz,w\n`);
    expect(second[1]).toEqual({ row: 2, cells: ['\uFEFFz', 'w'] });
  });

  it('reads UTF-16 leniently: a lone surrogate becomes U+FFFD', async () => {
    // "a", then 0xD800 (a high surrogate with no low one after it), then ",b" and LF, little-endian
    const utf16 = Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8, 0x2c, 0x00, 0x62, 0x00, 0x0a, 0x00]);
    expect(await read('lone-surrogate.csv', utf16)).toEqual([{ row: 1, cells: ['a\uFFFD', 'b'] }]);
  });

  it('reads UTF-16 with its BOM', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Año,PIM\n2022,"1,000"\n', 'utf16le')]);
    expect(await read('utf16.csv', utf16)).toEqual([
      { row: 1, cells: ['Año', 'PIM'] },
      { row: 2, cells: ['2022', '1,000'] },
    ]);
  });

  it('keeps multi-byte characters whole across read chunks', async () => {
    // 200,000 rows of accented text: far more than one 64 KB stream chunk, so many characters straddle a boundary.
    const line = 'Ñuñoa,Coporáque,Pichigua — «año»\n';
    const rows = await read('long.csv', line.repeat(200_000));
    expect(rows).toHaveLength(200_000);
    expect(rows.every((r) => `${r.cells.join(',')}\n` === line)).toBe(true);
  });

  it('numbers rows by the line where each record starts, counting line breaks inside quoted cells', async () => {
    const rows = await read('multiline.csv', 'a,b\n"line one\nline two",x\nc,d\n');
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['line one\nline two', 'x'] },
      { row: 4, cells: ['c', 'd'] },
    ]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n"never closed,x\n', 'MALFORMED_CSV'],
    ['a NUL byte', 'a,b\nx\u0000y,z\n', 'BINARY_CONTENT'],
  ])('refuses %s with a clear error', async (_label, text, code) => {
    await expect(read(`bad-${code}.csv`, text)).rejects.toMatchObject({ code });
    await expect(read(`bad-${code}.csv`, text)).rejects.toBeInstanceOf(DomainError);
  });

  it('refuses a line over 1 MB', async () => {
    await expect(read('huge.csv', `a,b\n${'x'.repeat(2 * 1024 * 1024)},y\n`)).rejects.toMatchObject({ code: 'MALFORMED_CSV' });
  });

  it('reads UTF-16 big-endian with its BOM', async () => {
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Año,PIM\n2022,"1,000"\n', 'utf16le').swap16()]);
    expect(await read('utf16be.csv', utf16be)).toEqual([
      { row: 1, cells: ['Año', 'PIM'] },
      { row: 2, cells: ['2022', '1,000'] },
    ]);
  });

  it('reads a last line without its line break, and gives empty cells as null', async () => {
    expect(await read('no-eol.csv', 'a,,b\r\n,x,')).toEqual([
      { row: 1, cells: ['a', null, 'b'] },
      { row: 2, cells: [null, 'x', null] },
    ]);
  });

  it('judges the encoding by the first 1 MB: a Windows-1252 file whose first accent comes after 64 KB is read', async () => {
    // 70,004 ASCII bytes, then "Ñuñoa" in Windows-1252 (0xd1, 0xf1): refused when the encoding was judged by 64 KB
    const bytes = Buffer.concat([Buffer.from(`a,b\n${'x,y\n'.repeat(17_500)}`), Buffer.from([0xd1, 0x75, 0xf1, 0x6f, 0x61, 0x2c, 0x7a, 0x0a])]);
    const rows = await read('late-latin1.csv', bytes);
    expect(rows.at(-1)).toEqual({ row: 17_502, cells: ['Ñuñoa', 'z'] });
  });

  it('refuses bytes that are not UTF-8 after the first 1 MB it judged the encoding by, naming their line', async () => {
    // 1,200,004 ASCII bytes (taken for UTF-8): line 1 the header, lines 2-300,001 "x,y"; line 300,002 holds 0xff, which UTF-8 never does
    const bytes = Buffer.concat([Buffer.from(`a,b\n${'x,y\n'.repeat(300_000)}`), Buffer.from([0x61, 0xff, 0x2c, 0x62, 0x0a])]);
    await expect(read('late-latin1.csv', bytes)).rejects.toMatchObject({
      status: 422,
      code: 'INVALID_ENCODING',
      message:
        'The file is not valid UTF-8 at line 300002, although its first 1 MB was: that part looks saved as Windows-1252 or Latin-1. Save the whole file as UTF-8.',
      details: { errors: [{ row: 300_002, column: null, code: 'NOT_UTF8' }] },
    });
  });

  it('says which line is malformed and how, as a row error', async () => {
    await expect(read('after-quote.csv', 'a,b\nc,d\n"x"y,z\n')).rejects.toMatchObject({
      status: 422,
      code: 'MALFORMED_CSV',
      message: 'The CSV cannot be read: a closing quote is followed by text before the separator (line 3).',
      details: { errors: [{ row: 3, column: null, code: 'TEXT_AFTER_QUOTE', message: 'a closing quote is followed by text before the separator' }] },
    });
    await expect(read('long-line.csv', `a,b\n${'x'.repeat(2 * 1024 * 1024)},y\n`)).rejects.toMatchObject({
      message: 'The CSV cannot be read: a line is longer than 1024 KB (line 2).',
      details: { errors: [{ row: 2, code: 'RECORD_TOO_LONG' }] },
    });
  });
});

describe('openCsv', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'csv-batches-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function batchesOf(name: string, text: string, lane?: CsvLane): Promise<RowBatch[]> {
    const path = join(dir, name);
    await writeFile(path, text);
    const file = openCsv(path);
    const batches: RowBatch[] = [];
    for await (const batch of file.batches) {
      // the lane reads from the second chunk on
      if (lane && batches.length === 0) file.handOver(() => lane);
      batches.push(batch);
    }
    return batches;
  }

  it('refuses to hand a CSV over before its header was read', async () => {
    const path = join(dir, 'early.csv');
    await writeFile(path, 'a,b\n');
    expect(() => openCsv(path).handOver(() => null)).toThrow('a CSV is handed over only after its header was read');
  });

  it('hands over no empty batch, for a chunk that ends inside a record or for the end of the file', async () => {
    // a record of 70,006 characters: the first 64 KB chunk holds none of it whole
    const batches = await batchesOf('long-record.csv', `a,${'x'.repeat(70_000)}\n`);
    expect(batches.map((b) => (Array.isArray(b) ? b.length : 'encoded'))).toEqual([1]);
  });

  it('gives a lane each chunk after it was put in place, then empty text while it has more, then null at the end', async () => {
    const text = `h1,h2\n${'x'.repeat(70_000)}\n`;
    const calls: (string | null)[] = [];
    // it answers "more" after every other call, so each text is followed by one call with what the reader passes next
    const lane: CsvLane = {
      push(t, out) {
        calls.push(t);
        out.push([{ row: calls.length, cells: [] }]);
        return calls.length % 2 === 1;
      },
    };
    const batches = await batchesOf('lane.csv', text, lane);
    // bytes 65,536 on are the second chunk (the text is ASCII: one byte a character); the decoder's flush at the
    // end of the file is one more chunk, of no text; each chunk's call is followed by one with ''; null twice
    expect(calls).toEqual([text.slice(65_536), '', '', '', null, null]);
    expect(batches).toEqual([
      [{ row: 1, cells: ['h1', 'h2'] }],
      [{ row: 1, cells: [] }],
      [{ row: 2, cells: [] }],
      [{ row: 3, cells: [] }],
      [{ row: 4, cells: [] }],
      [{ row: 5, cells: [] }],
      [{ row: 6, cells: [] }],
    ]);
  });
});

describe('sniffing a CSV', () => {
  it.each([
    ['Año,Municipalidad,PIM', ','],
    ['Año;Municipalidad;PIM', ';'],
    ['Año\tMunicipalidad\tPIM', '\t'],
    // the separator that appears most in the first line wins
    ['a;b;c,d', ';'],
    ['a,b,c;d\nx;y;z;w;v', ','],
    // separators inside quotes do not count
    ['"a,b,c,d";x;y', ';'],
    // a BOM, and a first line ended by CRLF
    ['\uFEFFa;b\r\nc,d,e,f', ';'],
    // one column: a comma
    ['Año', ','],
    ['', ','],
  ])('the separator of %j is %j', (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  it('tells the encoding by the BOM, else by whether the bytes are UTF-8', () => {
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe('utf-16le');
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x41]))).toBe('utf-16be');
    expect(sniffEncoding(Buffer.from('Año', 'utf8'))).toBe('utf-8');
    expect(sniffEncoding(Buffer.from('Año', 'latin1'))).toBe('windows-1252');
    // a lone 0xff or 0xfe is no BOM
    expect(sniffEncoding(Buffer.from([0xff, 0x41]))).toBe('windows-1252');
    expect(sniffEncoding(Buffer.from([0xfe, 0x41]))).toBe('windows-1252');
    // nor is a second byte FE or FF after another first byte (both are never UTF-8)
    expect(sniffEncoding(Buffer.from([0x41, 0xfe]))).toBe('windows-1252');
    expect(sniffEncoding(Buffer.from([0x41, 0xff]))).toBe('windows-1252');
    // "ñ" cut after its first byte at the end of the sample is still UTF-8
    expect(sniffEncoding(Buffer.from('Año', 'utf8').subarray(0, 2))).toBe('utf-8');
  });
});

describe('newlinesBeforeInvalid (the line of a byte that is not UTF-8)', () => {
  it('counts the line breaks before the first invalid byte, with a character split between two chunks', () => {
    // the previous chunk ended with 0xc3, the first byte of ñ; this one starts with its second byte (0xb1)
    const tail = Buffer.from([0x61, 0x2c, 0xc3]);
    const chunk = Buffer.concat([Buffer.from([0xb1]), Buffer.from('o\nx,y\n'), Buffer.from([0x61, 0xff, 0x0a])]);
    expect(newlinesBeforeInvalid(tail, chunk)).toBe(2);
  });

  it('is not misled by a real U+FFFD (EF BF BD) before the invalid byte', () => {
    const chunk = Buffer.concat([Buffer.from('a,\ufffd\nb,c\nd,e\n'), Buffer.from([0xe9, 0x0a])]); // 0xe9: é in Windows-1252
    expect(newlinesBeforeInvalid(Buffer.alloc(0), chunk)).toBe(3);
  });

  it('says 0 when the fault is at the chunk start: a character begun in the previous chunk and broken', () => {
    expect(newlinesBeforeInvalid(Buffer.from([0xc3]), Buffer.from('\nabc\n'))).toBe(0);
  });
});
