import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { spoolFile, sweepSpool, unspool } from './spool.js';

describe('the spool of background uploads', () => {
  let root: string;
  let spool: string;
  beforeEach(async () => {
    await mkdir(resolve('.data'), { recursive: true });
    root = await mkdtemp(join(resolve('.data'), 'spool-spec-'));
    spool = join(root, 'spool');
    await mkdir(spool);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('moves an upload in under its name, and copies a bundled file, leaving it where it was', async () => {
    await writeFile(join(root, 'upload'), 'año,ubigeo\n2024,080801\n');
    await writeFile(join(root, 'bundled'), 'bundled bytes');
    expect(await spoolFile(join(root, 'upload'), spool, 'a1', true)).toBe(join(spool, 'a1'));
    expect(await spoolFile(join(root, 'bundled'), spool, 'b2', false)).toBe(join(spool, 'b2'));
    expect(await readFile(join(spool, 'a1'), 'utf8')).toBe('año,ubigeo\n2024,080801\n');
    expect(await readFile(join(spool, 'b2'), 'utf8')).toBe('bundled bytes');
    expect((await readdir(root)).sort()).toEqual(['bundled', 'spool']);
    expect((await readdir(spool)).sort()).toEqual(['a1', 'b2']);
  });

  it('refuses a file that is not there, leaving nothing half-written', async () => {
    await expect(spoolFile(join(root, 'missing'), spool, 'c3', false)).rejects.toThrow(/ENOENT/);
    await expect(spoolFile(join(root, 'missing'), spool, 'c3', true)).rejects.toThrow(/ENOENT/);
    expect(await readdir(spool)).toEqual([]);
  });

  it('removes what no queued or running import needs, keeping a needed file and its copy under way', async () => {
    for (const name of ['needed', 'being-copied.part', 'ended', 'ended.part']) await writeFile(join(spool, name), name);
    const removed = await sweepSpool(spool, async () => new Set(['needed', 'being-copied']));
    expect(removed).toBe(2);
    expect((await readdir(spool)).sort()).toEqual(['being-copied.part', 'needed']);
    await unspool(spool, 'being-copied');
    await unspool(spool, 'needed');
    expect(await readdir(spool)).toEqual([]);
  });

  it('asks nothing of the database when the spool is empty or missing', async () => {
    let asked = 0;
    const needed = async () => {
      asked++;
      return new Set<string>();
    };
    expect(await sweepSpool(spool, needed)).toBe(0);
    expect(await sweepSpool(join(root, 'nowhere'), needed)).toBe(0);
    expect(asked).toBe(0);
  });
});
