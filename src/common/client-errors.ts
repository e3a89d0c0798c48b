import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { DEFAULT_LANG, type ProblemKey, render } from '../i18n/messages.js';

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers over its 16 KB limit, a malformed
 * request line): answered as problem+json with a stable code, as every other refusal, instead of Node's bare
 * status line. The headers were not read, so the message is in the default language.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    // as Node's own handler: an answer only on a socket nothing was written to yet (not in the middle of a response)
    if (error.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const [status, reason, key] = ANSWERS[error.code ?? ''] ?? ANSWERS.default;
    const body = JSON.stringify({ status, code: key.split('.')[0], message: render(key, {}, DEFAULT_LANG), requestId: randomUUID() });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Language: ${DEFAULT_LANG}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Node's parser errors and the answers Node itself would give them (its socketOnError), as problems. */
const ANSWERS: Record<string, readonly [number, string, ProblemKey]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large', 'CHUNK_EXTENSIONS_TOO_LARGE'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT'],
  default: [400, 'Bad Request', 'MALFORMED_REQUEST'],
};
