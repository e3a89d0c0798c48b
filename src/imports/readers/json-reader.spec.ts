import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFileKind } from './sheet-row.js';
import { readJsonDocument, whereParsingStopped } from './json-reader.js';

describe('JSON documents', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'json-reader-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const file = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it('are told from CSV by their first character, after a BOM and whitespace', async () => {
    expect(await detectFileKind(await file('a.json', '{"a":1}'))).toBe('json');
    expect(await detectFileKind(await file('b.json', '\uFEFF \n [1]'))).toBe('json');
    expect(await detectFileKind(await file('c.csv', 'Año,Ubigeo\n2024,080801\n'))).toBe('csv');
  });

  it('are parsed whole, with a BOM', async () => {
    expect(await readJsonDocument(await file('d.json', '\uFEFF{"periods":[]}'))).toEqual({ periods: [] });
  });

  it.each([
    ['cut short', '{"config": {"series": [', 'MALFORMED_JSON', 422],
    ['not JSON after all', '{config: 1}', 'MALFORMED_JSON', 422],
    ['a NUL escaped', '{"a": "x\\u0000y"}', 'MALFORMED_JSON', 422],
    ['nested past 32 levels', `${'['.repeat(40)}${']'.repeat(40)}`, 'MALFORMED_JSON', 422],
  ])('refuse a document %s (%s)', async (_what, content, code, status) => {
    await expect(readJsonDocument(await file('bad.json', content))).rejects.toMatchObject({ code, status });
  });

  it('refuse bytes that are not UTF-8, and a document over the limit', async () => {
    await expect(readJsonDocument(await file('latin1.json', Buffer.from([0x7b, 0x22, 0xf1, 0x22, 0x3a, 0x31, 0x7d])))).rejects.toMatchObject({
      code: 'INVALID_ENCODING',
      status: 422,
    });
    await expect(readJsonDocument(await file('big.json', `[${'1,'.repeat(100)}1]`), undefined, 100)).rejects.toMatchObject({
      code: 'JSON_TOO_LARGE',
      status: 413,
    });
  });

  it('say where parsing stopped, as line and column', () => {
    expect(whereParsingStopped('{\n  "a": x\n}', 'Unexpected token x in JSON at position 9')).toEqual({ line: 2, column: 8 });
    expect(whereParsingStopped('{"a":', 'Unexpected end of JSON input')).toEqual({ line: 1, column: 6 });
  });
});
