// The fault proxy's control API, for a harness that runs the proxy in another process or container and commands
// it over HTTP (`etag-bench fault-proxy`; its client is fault-proxy-client.ts). No auth: it listens only where it
// is told to, and in the containers environment only its mapped port is published, on the host's loopback.
//
//   GET  /health         200 {"ok":true,"openConnections":n,"openFeeds":n}
//   POST /cut-feeds      200 {"cut":n}
//   POST /stall-feeds    200 {"ok":true}
//   POST /unstall-feeds  200 {"ok":true}
//   anything else        404, or 405 on a known path with another method; {"error","reason"} as CouchDB answers

import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the control API acts on and reports (a TcpFaultProxy). */
export interface ControlledFeedFaults {
  cutFeeds(): number;
  stallFeeds(): void;
  unstallFeeds(): void;
  readonly openConnections: number;
  readonly openFeeds: number;
}

export interface FaultProxyControl {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface Route {
  readonly method: 'GET' | 'POST';
  answer(proxy: ControlledFeedFaults): unknown;
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/health', { method: 'GET', answer: (proxy) => ({ ok: true, openConnections: proxy.openConnections, openFeeds: proxy.openFeeds }) }],
  ['/cut-feeds', { method: 'POST', answer: (proxy) => ({ cut: proxy.cutFeeds() }) }],
  [
    '/stall-feeds',
    {
      method: 'POST',
      answer: (proxy) => {
        proxy.stallFeeds();
        return { ok: true };
      },
    },
  ],
  [
    '/unstall-feeds',
    {
      method: 'POST',
      answer: (proxy) => {
        proxy.unstallFeeds();
        return { ok: true };
      },
    },
  ],
]);

/** Starts the control API for `proxy` on `host` (default loopback) and `port` (default 0: any free port); rejects
 *  with the listen error. */
export async function startFaultProxyControl(
  proxy: ControlledFeedFaults,
  { host = '127.0.0.1', port = 0 }: { host?: string; port?: number } = {},
): Promise<FaultProxyControl> {
  const server = createServer((req, res) => answer(proxy, req, res));
  server.listen(port, host);
  await once(server, 'listening');
  return {
    host,
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections of a client (fetch keeps them) would hold close() up.
      server.closeAllConnections();
      await closed;
    },
  };
}

function answer(proxy: ControlledFeedFaults, req: IncomingMessage, res: ServerResponse): void {
  // A body is never read: drained so the connection can serve the next request.
  req.resume();
  const path = (req.url ?? '/').split('?')[0]!;
  const method = req.method ?? 'GET';
  const route = ROUTES.get(path);
  if (route === undefined) {
    send(res, 404, { error: 'not_found', reason: `no ${path} here (${[...ROUTES.keys()].join(', ')})` });
  } else if (method !== route.method) {
    res.setHeader('allow', route.method);
    send(res, 405, { error: 'method_not_allowed', reason: `${path} takes ${route.method}, not ${method}` });
  } else {
    let status = 200;
    let body: unknown;
    try {
      body = route.answer(proxy);
    } catch (error) {
      status = 500;
      body = { error: 'internal_error', reason: error instanceof Error ? error.message : String(error) };
    }
    send(res, status, body);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}
