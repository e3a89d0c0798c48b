import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.json': 'application/json; charset=utf-8',
};

type Encoding = 'br' | 'gzip' | 'identity';

interface Variants {
  etag: string;
  bodies: Record<Encoding, Buffer>;
}

/**
 * The web app's static files (ECharts, the boundaries, the pages' scripts and styles), each compressed
 * once, on its first request, with brotli and gzip, and kept in memory. ECharts is 1.12 MB as shipped
 * and the district boundaries 1.87 MB; a municipality's connection gets 0.30 and 0.31 MB with brotli
 * (Chromium asks for it over https), 0.37 and 0.44 MB with gzip (over plain http on a LAN). Compressing
 * per request (the `compression` middleware) would spend ~30-60 ms of CPU on the district file every
 * time; here that is paid once per process, off the event loop (zlib's thread pool). bench:web measures it.
 */
export class CompressedAssets {
  private readonly cache = new Map<string, Promise<Variants>>();

  /** Answers a GET or HEAD for the file, in the best encoding the client accepts, with an ETag for each. */
  async send(file: string, maxAgeSeconds: number, req: Request, res: Response): Promise<void> {
    const variants = await this.variants(file);
    const encoding = chooseEncoding(req.get('Accept-Encoding'));
    const etag = `"${variants.etag}-${encoding}"`;
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', etag);
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    if (
      req
        .get('If-None-Match')
        ?.split(',')
        .some((tag) => tag.trim().replace(/^W\//, '') === etag)
    ) {
      res.status(304).end();
      return;
    }
    const body = variants.bodies[encoding];
    res.setHeader('Content-Length', body.length);
    res.status(200).end(req.method === 'HEAD' ? undefined : body);
  }

  private variants(file: string): Promise<Variants> {
    let found = this.cache.get(file);
    if (!found) {
      found = compress(file);
      this.cache.set(file, found);
      found.catch(() => this.cache.delete(file)); // a failed read is tried again by the next request
    }
    return found;
  }
}

async function compress(file: string): Promise<Variants> {
  const identity = await readFile(file);
  const [br, gz] = await Promise.all([
    brotli(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzipped(identity, { level: 9 }),
  ]);
  return { etag: createHash('sha256').update(identity).digest('base64url').slice(0, 27), bodies: { br, gzip: gz, identity } };
}

/** br over gzip over none, as the Accept-Encoding header allows (a coding with q=0 is refused). */
export function chooseEncoding(header: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    accepted.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const allows = (coding: string) => (accepted.get(coding) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return 'identity';
}
