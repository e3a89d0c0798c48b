import { copyFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A file copied into the spool is written under this suffix, then renamed: a name without it is always whole. */
const PART = '.part';

/**
 * Puts a background import's upload in the spool folder as `name`, where every instance sharing the folder
 * can run it again. An upload is moved (renamed: instant on the same filesystem; else copied, then
 * removed); a bundled file is copied. Another instance never reads a half-written file: it has the final
 * name only once whole.
 */
export async function spoolFile(from: string, dir: string, name: string, move: boolean): Promise<string> {
  const to = join(dir, name);
  if (move) {
    try {
      await rename(from, to);
      return to;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err; // another filesystem (a shared volume): copied below
    }
  }
  try {
    await copyFile(from, to + PART);
    await rename(to + PART, to);
  } catch (err) {
    await rm(to + PART, { force: true });
    throw err;
  }
  if (move) await rm(from, { force: true });
  return to;
}

/** Removes a spooled file (whole or half-written) when its import no longer needs it. */
export async function unspool(dir: string, name: string): Promise<void> {
  await Promise.all([rm(join(dir, name), { force: true }), rm(join(dir, name + PART), { force: true })]);
}

/**
 * Removes what the spool holds that no queued or running import needs: the files of imports that ended
 * while their instance died before removing them. The folder is listed before the imports are asked
 * (`needed`): an import is recorded before its file is spooled, so a file listed is always one whose
 * import is known by then.
 */
export async function sweepSpool(dir: string, needed: () => Promise<Set<string>>): Promise<number> {
  const present = await readdir(dir).catch(() => [] as string[]);
  if (present.length === 0) return 0;
  const keep = await needed();
  const stale = present.filter((name) => !keep.has(name.endsWith(PART) ? name.slice(0, -PART.length) : name));
  await Promise.all(stale.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  return stale.length;
}
