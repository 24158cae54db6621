// The engine's HTTP client sees what node's parser hides: a body after a 304 or a HEAD's header block.
import t, { type Test } from 'tap';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { exchange, NoAnswerError } from '../../harness/conformance/engine/http-exchange.js';

/** A raw TCP server answering every request with `answer` and closing. */
async function rawServer(t: Test, answer: string | Buffer | undefined): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => {
      if (answer !== undefined) socket.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('a 304 that carries a body is seen with its body', async (t) => {
  const url = await rawServer(t, 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nConnection: close\r\n\r\n<html>leaked</html>');
  const response = await exchange(url, { method: 'GET', path: '/doc/a', headers: { 'if-none-match': '"x"' } });
  t.equal(response.status, 304);
  t.equal(response.body, '<html>leaked</html>');
});

t.test('a clean 304 has an empty body', async (t) => {
  const url = await rawServer(t, 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nConnection: close\r\n\r\n');
  const response = await exchange(url, { method: 'GET', path: '/doc/a', headers: {} });
  t.equal(response.body, '');
  t.equal(response.headers.etag, '"x"');
});

t.test('a server that never answers is a NoAnswerError after the timeout, not a hang', async (t) => {
  const url = await rawServer(t, undefined);
  const error = await exchange(url, { method: 'GET', path: '/', headers: {} }, 200).catch((e: unknown) => e);
  t.ok(error instanceof NoAnswerError, 'NoAnswerError');
  t.match((error as Error).message, /no answer within 200 ms/);
});

t.test('a coded body is read as a client reads it: decoded; one that does not decode says why', async (t) => {
  const { gzipSync, brotliCompressSync } = await import('node:zlib');
  const { check } = await import('../../harness/conformance/engine/expectations.js');
  const page = '<p data-rev="1-abc">page</p>';
  const answer = (encoding: string, bytes: Buffer): Buffer =>
    Buffer.concat([
      Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nVary: Accept-Encoding\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`),
      bytes,
    ]);
  const context = { saved: new Map(), docs: undefined as never };
  for (const [encoding, bytes] of [
    ['gzip', gzipSync(page)],
    ['br', brotliCompressSync(page)],
  ] as const) {
    const url = await rawServer(t, answer(encoding, bytes));
    const response = await exchange(url, { method: 'GET', path: '/doc/a', headers: { 'accept-encoding': encoding } });
    t.equal(response.body, page, `${encoding}: decoded`);
    t.equal(await check({ contentCoding: encoding }, response, context), undefined, `${encoding}: the coding expected`);
    t.equal(await check({ contentCoding: 'identity' }, response, context), `Content-Encoding is ${encoding}, not identity`);
    t.equal(await check({ varies: 'accept-encoding' }, response, context), undefined, 'Vary names are case-insensitive');
  }
  const url = await rawServer(t, answer('gzip', Buffer.from('not gzip')));
  const broken = await exchange(url, { method: 'GET', path: '/doc/a', headers: {} });
  t.equal(broken.body, 'not gzip', 'the bytes as sent');
  t.match(await check({ contentCoding: 'gzip' }, broken, context), /the body is not valid gzip/);
  t.equal(await check({ varies: 'Cookie' }, broken, context), 'Vary is Accept-Encoding, not listing Cookie');
});
