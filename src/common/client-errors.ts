import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { DEFAULT_LANG, render } from '../i18n/messages.js';

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers over its 16 KB limit, a malformed
 * request line): answered as problem+json with a stable code, as every other refusal, instead of Node's bare
 * status line. The headers were not read, so the message is in the default language.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const [status, reason, key] = tooLarge
      ? ([431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE'] as const)
      : ([400, 'Bad Request', 'MALFORMED_REQUEST'] as const);
    const body = JSON.stringify({ status, code: key, message: render(key, {}, DEFAULT_LANG), requestId: randomUUID() });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
