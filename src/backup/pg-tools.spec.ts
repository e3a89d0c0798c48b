import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPgTool, toolMajor } from './pg-tools.js';

describe('toolMajor', () => {
  it.each([
    ['pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n', 15],
    ['pg_restore (PostgreSQL) 18.4\n', 18],
    ['pg_dump (PostgreSQL) 19devel\n', 19],
    ['bash: pg_dump: command not found', undefined],
  ])('%j → %s', (output, major) => expect(toolMajor(output)).toBe(major));
});

describe('findPgTool', () => {
  let bin: string;
  beforeAll(async () => {
    // a folder as PG_BIN names one, with a pg_dump that says it is 18 (a real program, run as the real one is)
    bin = await mkdtemp(join(tmpdir(), 'pg-bin-'));
    await writeFile(join(bin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 18.4"\n');
    await chmod(join(bin, 'pg_dump'), 0o755);
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));

  it("takes PG_BIN's pg_dump for a server of its major", async () => {
    const { tool } = await findPgTool('pg_dump', 18, bin);
    // (a pg_dump 18 on PATH would come first, and be the same version)
    expect(tool?.major).toBe(18);
  });

  it('finds none for a server of another major, and says what it saw', async () => {
    const { tool, seen } = await findPgTool('pg_dump', 17, bin);
    expect(tool).toBeUndefined();
    expect(seen).toContain(`${join(bin, 'pg_dump')} 18`);
  });

  it('finds none where there is none', async () => {
    expect((await findPgTool('pg_restore', 18, bin)).seen.filter((s) => s.startsWith(bin))).toEqual([]);
  });
});
