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
