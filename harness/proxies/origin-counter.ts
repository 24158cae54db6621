// A counting forwarder on the proxy → origin hop: what reached the origin (requests and statuses), for
// any implementation, even cmd: and url: ones whose own counts the harness cannot read. One per origin
// instance; bodies and headers pass through unchanged (raw headers keep their case and order). In a container
// (origin-counter-main.ts) the harness reads the counts over HTTP at COUNTS_PATH, which is never forwarded.

import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { OriginCounts } from '../contract/run-proxy.js';

/** Where a counter answers with its counts itself (no implementation serves this path). */
export const COUNTS_PATH = '/_etag_bench/origin-counts';

export type { OriginCounts };

export class OriginCounter {
  #requests = 0;
  readonly #status: Record<string, number> = {};
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 256 });

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:<port>`: where the proxy sends what was meant for the origin. */
    readonly hostPort: string,
  ) {}

  /** Forwards everything to `target` (`http://host:port`); listens on a free loopback port unless told. */
  static async start(target: string, listen: { host: string; port: number } = { host: '127.0.0.1', port: 0 }): Promise<OriginCounter> {
    const { hostname, port } = new URL(target);
    let counter: OriginCounter | undefined;
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === COUNTS_PATH)
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counter!.counts()));
      counter!.#forward(req, res, hostname, Number(port));
    });
    server.keepAliveTimeout = 60_000;
    server.listen(listen.port, listen.host);
    await once(server, 'listening');
    counter = new OriginCounter(server, `${listen.host}:${(server.address() as AddressInfo).port}`);
    return counter;
  }

  /** Counts so far; the run takes a snapshot at each end of its measured window. */
  counts(): OriginCounts {
    return { requests: this.#requests, status: { ...this.#status } };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    this.#agent.destroy();
  }

  #forward(req: IncomingMessage, res: ServerResponse, host: string, port: number): void {
    this.#requests++;
    const upstream = request({ host, port, method: req.method, path: req.url, headers: hopHeaders(req.rawHeaders), agent: this.#agent }, (answer) => {
      const status = String(answer.statusCode ?? 0);
      this.#status[status] = (this.#status[status] ?? 0) + 1;
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, hopHeaders(answer.rawHeaders));
      answer.pipe(res);
    });
    upstream.once('error', () => {
      this.#status.error = (this.#status.error ?? 0) + 1;
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
    req.pipe(upstream);
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive']);

/** Raw headers (flat, as `rawHeaders`) minus Connection: each hop keeps its own connections. */
function hopHeaders(raw: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) kept.push(raw[i]!, raw[i + 1]!);
  }
  return kept;
}

/** What reached the origin between two snapshots. */
export function countsBetween(before: OriginCounts, after: OriginCounts): OriginCounts {
  const status: Record<string, number> = {};
  for (const [code, n] of Object.entries(after.status)) {
    const delta = n - (before.status[code] ?? 0);
    if (delta > 0) status[code] = delta;
  }
  return { requests: after.requests - before.requests, status };
}

export function sumCounts(all: readonly OriginCounts[]): OriginCounts {
  const status: Record<string, number> = {};
  for (const counts of all) for (const [code, n] of Object.entries(counts.status)) status[code] = (status[code] ?? 0) + n;
  return { requests: all.reduce((sum, c) => sum + c.requests, 0), status };
}
