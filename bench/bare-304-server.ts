// Baseline for the 304 path: bare node:http answering a fixed 304 with the reference's headers, written the
// cheapest way node:http offers (one flat header list to writeHead): the least any server can do.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The ETag to send: the first argument (the reference's, so that both answers have the same size).
const HEADERS = ['ETag', process.argv[2] ?? '"1-abc"', 'Cache-Control', 'no-cache', 'Vary', 'Accept-Encoding'];

// BUSY_US: CPU spent per request before answering, for a target that is the bottleneck (harness-vs-wrk).
const busyMs = Number(process.env.BUSY_US ?? 0) / 1000;

const server = createServer((_req, res) => {
  if (busyMs > 0) for (const until = performance.now() + busyMs; performance.now() < until; );
  res.writeHead(304, HEADERS);
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
