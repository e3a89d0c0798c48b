import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageEngine } from 'multer';

/** An upload as stored: multer's file, with the SHA-256 of its bytes and its name made safe (uploadName). */
export type HashedFile = Express.Multer.File & { sha256?: string };

/**
 * The name a client gave its file, as text fit to store, log and answer with. Busboy hands it over as
 * latin1 (browsers send UTF-8 bytes); multer turns %0D, %0A and %22 back into CR, LF and quotes. Control
 * characters (C0, DEL, C1) are taken out: a name with a line break forged lines in the log. A name of
 * nothing else becomes "upload".
 */
export function uploadName(raw: string): string {
  const clean = Buffer.from(raw, 'latin1')
    .toString('utf8')
    .replace(/\p{Cc}+/gu, '')
    .trim();
  return clean === '' ? 'upload' : clean;
}

/**
 * Multer storage that streams each upload to a file in `dest` and computes its SHA-256 on the way,
 * so that a 300 MB file is not read a second time to know whether it was imported before.
 */
export function hashingDiskStorage(dest: string): StorageEngine {
  return {
    _handleFile(_req, file, done) {
      const filename = randomBytes(16).toString('hex');
      const path = join(dest, filename);
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, next) {
          hash.update(chunk);
          size += chunk.length;
          next(null, chunk);
        },
      });
      pipeline(file.stream, tap, createWriteStream(path)).then(
        () =>
          done(null, {
            destination: dest,
            filename,
            path,
            size,
            sha256: hash.digest('hex'),
            originalname: uploadName(file.originalname),
          } as Partial<HashedFile>),
        (err: Error) => void rm(path, { force: true }).finally(() => done(err)),
      );
    },
    _removeFile(_req, file, done) {
      rm(file.path, { force: true }).then(() => done(null), done);
    },
  };
}

/** The SHA-256 of a file on disk (a bundled file; uploads are hashed as they arrive). */
export function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
