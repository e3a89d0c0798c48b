import { execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** "pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)" → 15; undefined for anything else. */
export function toolMajor(versionOutput: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return match ? Number(match[1]) : undefined;
}

export interface FoundTool {
  path: string;
  major: number;
}

/**
 * The pg_dump or pg_restore to use for a server of major `serverMajor`: the one on PATH if it is that
 * version, else the one in PG_BIN (a folder, e.g. /usr/lib/postgresql/18/bin). pg_dump refuses a server
 * newer than itself, and its archive is for that major: the versions must be the same. `seen` says what
 * was found instead, for the message when none fits.
 */
export async function findPgTool(name: 'pg_dump' | 'pg_restore', serverMajor: number, pgBin?: string): Promise<{ tool?: FoundTool; seen: string[] }> {
  const seen: string[] = [];
  for (const path of [name, ...(pgBin ? [join(pgBin, name)] : [])]) {
    const major = await promisify(execFile)(path, ['--version']).then(
      ({ stdout }) => toolMajor(stdout),
      () => undefined,
    );
    if (major === undefined) continue;
    if (major === serverMajor) return { tool: { path, major }, seen };
    seen.push(`${path} ${major}`);
  }
  return { tool: undefined, seen };
}

/** Runs a client program with the URL's password in its environment (not on its command line, which `ps` shows). */
export async function runPgTool(tool: string, url: string, args: string[], io: { stdin?: string; stdout?: string } = {}): Promise<void> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  await run(tool, [...args, `--dbname=${target.toString()}`], { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }, io);
}

/** Runs `command`, its standard input and output from and to files if given; rejects with its standard error when it fails. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, io: { stdin?: string; stdout?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [io.stdin ? 'pipe' : 'ignore', io.stdout ? 'pipe' : 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    if (io.stdin) createReadStream(io.stdin).pipe(child.stdin!);
    const written = io.stdout
      ? new Promise<void>((done, fail) =>
          child
            .stdout!.pipe(createWriteStream(io.stdout!, { mode: 0o600 }))
            .on('finish', () => done())
            .on('error', fail),
        )
      : Promise.resolve();
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args[0] ?? ''} failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`));
      written.then(() => resolve(), reject);
    });
  });
}
