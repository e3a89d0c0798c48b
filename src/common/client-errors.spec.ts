import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { answerClientErrors } from './client-errors.js';

/** What a raw client reads back after sending `text` (and waiting, when the server is to time it out). */
function exchange(server: Server, text: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe("answerClientErrors: what Node's parser refuses, as Node would answer it, in problem+json", () => {
  let server: Server;
  beforeAll(async () => {
    // timeouts checked every 50 ms, so that a request cut short is timed out quickly
    server = createServer({ connectionsCheckingInterval: 50, headersTimeout: 200, requestTimeout: 300 }, (_req, res) => res.end('ok'));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const problemOf = (answer: string) => JSON.parse(answer.split('\r\n\r\n')[1]);

  it('answers a request whose headers never end with 408 REQUEST_TIMEOUT, not 400', async () => {
    const answer = await exchange(server, 'GET / HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(problemOf(answer)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  });

  it('answers a malformed request line with 400 MALFORMED_REQUEST, in Spanish by default', async () => {
    const answer = await exchange(server, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-language: es/i);
    expect(problemOf(answer)).toEqual({
      status: 400,
      code: 'MALFORMED_REQUEST',
      message: 'La solicitud HTTP está mal formada.',
      requestId: expect.any(String),
    });
  });

  it('writes nothing on a socket whose response has begun: a bad request after a good one on the same connection closes it', async () => {
    const answer = await exchange(server, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).not.toMatch(/MALFORMED_REQUEST/);
  });
});
