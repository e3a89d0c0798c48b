import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalRefused, parseWebhookUrl } from './url-guard.js';

/** The headers a receiver reads: the delivery's id (the same on every attempt) and the body's signature. */
export const DELIVERY_HEADER = 'X-Canon-Delivery';
export const SIGNATURE_HEADER = 'X-Canon-Signature-256';
export const ATTEMPT_HEADER = 'X-Canon-Attempt';

/** "sha256=" and the hex HMAC-SHA256 of the body's bytes under the subscription's secret (as GitHub signs). */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface SendResult {
  /** The receiver's HTTP status, when it answered. */
  status: number | null;
  /** Why the attempt failed without an answer (timeout, refused address, connection error). */
  error: string | null;
  durationMs: number;
}

export interface Outgoing {
  url: string;
  secret: string;
  deliveryId: string;
  attempt: number;
  body: string;
}

/**
 * One POST of a delivery, with node's own http: at most `timeoutMs` from start to the end of the
 * answer, redirects not followed (a 3xx is a failure: it could point anywhere), the answer's body
 * read and dropped (at most 64 KB of it).
 */
export function send(out: Outgoing, options: { timeoutMs: number; allowPrivate: boolean }): Promise<SendResult> {
  const started = Date.now();
  const done = (status: number | null, error: string | null): SendResult => ({ status, error, durationMs: Date.now() - started });
  let url: URL;
  try {
    url = parseWebhookUrl(out.url);
  } catch {
    return Promise.resolve(done(null, 'the URL is not a valid http(s) address'));
  }
  const literal = literalRefused(url, options.allowPrivate);
  if (literal) return Promise.resolve(done(null, `${literal} is not a public address`));
  const body = Buffer.from(out.body, 'utf8');
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': body.length,
          'User-Agent': 'canon-tracker-webhooks',
          [DELIVERY_HEADER]: out.deliveryId,
          [ATTEMPT_HEADER]: String(out.attempt),
          [SIGNATURE_HEADER]: signature(out.secret, out.body),
        },
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) res.destroy();
        });
        res.on('close', () => {
          clearTimeout(deadline);
          resolve(done(res.statusCode ?? null, null));
        });
      },
    );
    // the socket's timeout is per inactivity: this one bounds the whole exchange
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (err) => {
      clearTimeout(deadline);
      resolve(done(null, err.message.slice(0, 500)));
    });
    req.end(body);
  });
}
