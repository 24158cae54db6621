// A trivial page server, run as its own process, to measure the harness's own ceiling: the same hook path
// as a real run against a server that costs next to nothing. Prints {"url"} once listening.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = Buffer.from('<!doctype html><p data-rev="1-0123456789abcdef0123456789abcdef">ceiling</p>\n');

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': BODY.length, ETag: '"1-0123456789abcdef0123456789abcdef"' });
  res.end(BODY);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
