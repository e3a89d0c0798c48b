import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countedFileStream, detectFileKind } from './sheet-row.js';

describe('the kind of an upload, from its first bytes', () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'sheet-row-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function file(bytes: Buffer | string): Promise<string> {
    const path = join(dir, `${n++}.upload`);
    await writeFile(path, bytes);
    return path;
  }
  const refusal = (path: string) =>
    detectFileKind(path).then(
      (kind) => `taken as ${kind}`,
      (e: { status: number; code: string }) => `${e.status} ${e.code}`,
    );

  it('takes a zip as a workbook and text as CSV, whatever the file is called', async () => {
    expect(await detectFileKind(await file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])))).toBe('xlsx');
    expect(await detectFileKind(await file('Año,PIM\n2024,"1,000"\n'))).toBe('csv');
    expect(await detectFileKind(await file(Buffer.from('Año;Cañete\n', 'latin1')))).toBe('csv');
  });

  it('takes UTF-16 text with its BOM, little- or big-endian, although half its bytes are NUL', async () => {
    expect(await detectFileKind(await file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Año,PIM\n', 'utf16le')])))).toBe('csv');
    expect(await detectFileKind(await file(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Año,PIM\n', 'utf16le').swap16()])))).toBe('csv');
  });

  it('refuses an empty file, an Excel 97-2003 workbook and other binary files', async () => {
    expect(await refusal(await file(''))).toBe('422 EMPTY_FILE');
    expect(await refusal(await file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))).toBe('415 UNSUPPORTED_FILE_TYPE');
    expect(await refusal(await file(Buffer.from('Año,PIM\n2024,1\u0000000\n')))).toBe('415 UNSUPPORTED_FILE_TYPE');
    // a NUL after a lone 0xff (not a UTF-16 BOM) or after 0xfe alone
    expect(await refusal(await file(Buffer.from([0xff, 0x41, 0x00, 0x42])))).toBe('415 UNSUPPORTED_FILE_TYPE');
    expect(await refusal(await file(Buffer.from([0xfe, 0x41, 0x00, 0x42])))).toBe('415 UNSUPPORTED_FILE_TYPE');
    // a zip signature cut short is no workbook
    expect(await detectFileKind(await file('PK\u0003'))).toBe('csv');
  });

  it('takes a text whose first character is { or [ as JSON, after a UTF-8 BOM and JSON whitespace', async () => {
    expect(await detectFileKind(await file('{"rows":[]}'))).toBe('json');
    expect(await detectFileKind(await file('[{"a":1}]'))).toBe('json');
    expect(await detectFileKind(await file(' \t\r\n[1]'))).toBe('json'); // the four whitespace characters of JSON
    expect(await detectFileKind(await file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])))).toBe('json');
    // a form feed is whitespace to JavaScript, not to JSON
    expect(await detectFileKind(await file('\f{"a":1}'))).toBe('csv');
    expect(await detectFileKind(await file('Año,{x}\n'))).toBe('csv');
  });

  it('skips three bytes only when they are the whole UTF-8 BOM', async () => {
    // each is one byte short of EF BB BF, with { right after: only a real BOM would leave { first
    for (const head of [
      [0x41, 0xbb, 0xbf],
      [0xef, 0x41, 0xbf],
      [0xef, 0xbb, 0x41],
      [0x61, 0x20, 0xbf], // "a ¿" in Windows-1252
    ]) {
      expect(await detectFileKind(await file(Buffer.from([...head, 0x7b, 0x7d])))).toBe('csv');
    }
  });

  it('takes NULs only after a whole UTF-16 BOM', async () => {
    // FF or FE in second place is no BOM when the first byte is not its other half
    expect(await refusal(await file(Buffer.from([0x41, 0xfe, 0x00, 0x42])))).toBe('415 UNSUPPORTED_FILE_TYPE');
    expect(await refusal(await file(Buffer.from([0x41, 0xff, 0x00, 0x42])))).toBe('415 UNSUPPORTED_FILE_TYPE');
  });

  it('closes the file it looked into', async () => {
    const path = await file('Año,PIM\n');
    await detectFileKind(path);
    await refusal(await file(''));
    const open = readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/self/fd/${fd}`)];
      } catch {
        return []; // the directory's own descriptor, closed by now
      }
    });
    expect(open.filter((target) => target.startsWith(dir))).toEqual([]);
  });

  it('passes a file on as it is when nobody counts its bytes', async () => {
    const bytes = Buffer.from('y'.repeat(40_000));
    const chunks: Buffer[] = [];
    for await (const chunk of countedFileStream(await file(bytes), undefined, 16 * 1024)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('counts the bytes of a file as its reader consumes them, and passes them on unchanged', async () => {
    const bytes = Buffer.from('x'.repeat(100_000));
    const path = await file(bytes);
    const counted: number[] = [];
    const chunks: Buffer[] = [];
    for await (const chunk of countedFileStream(path, (b) => counted.push(b), 16 * 1024)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    // 100,000 bytes in chunks of 16,384: six whole chunks and one of 1,696
    expect(counted).toEqual([16384, 16384, 16384, 16384, 16384, 16384, 1696]);
  });

  it('reports a file that cannot be read through the counted stream', async () => {
    const stream = countedFileStream(join(dir, 'missing.csv'), () => undefined);
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
