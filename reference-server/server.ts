// The HTTP server shared by the built-in implementations: routing, id checks, /health, and errors that
// become JSON answers (a failing CouchDB is a 502, a bug a 500) instead of a crash.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Database } from './couch/database.js';
import { sendFailure } from './http/failure.js';
import { closeServer } from './http/close-server.js';
import { sendError, sendJson } from './http/respond.js';
import { routeOf } from './http/route.js';
import { createImplementation, type ImplementationOptions } from './impls/index.js';
import type { Implementation, OwnServer, RoutedImplementation } from './impls/implementation.js';

export interface ServeOptions extends ImplementationOptions {
  readonly impl: string;
  readonly couchdbUrl: string;
  readonly db: string;
  readonly host?: string;
  readonly port?: number;
}

export interface RunningImplementation {
  readonly implementation: Implementation;
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const READ = new Set(['GET', 'HEAD']);

export function handlerFor(impl: RoutedImplementation) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Synchronous where the answer is (a 304 from memory): no promise per request on the hot path.
    try {
      dispatch(impl, req, res)?.catch((error: unknown) => sendFailure(res, error));
    } catch (error) {
      sendFailure(res, error);
    }
  };
}

function dispatch(impl: RoutedImplementation, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const route = routeOf(req.url ?? '/');
  const method = req.method ?? 'GET';
  switch (route.kind) {
    case 'health': {
      if (!READ.has(method)) return methodNotAllowed(res, 'GET, HEAD');
      return sendJson(res, 200, { impl: impl.name, ...impl.health() });
    }
    case 'invalid':
      return sendError(res, 400, 'bad_request', route.reason);
    case 'not-found':
      return sendError(res, 404, 'not_found', 'no such page');
    case 'group':
      if (!READ.has(method)) return methodNotAllowed(res, 'GET, HEAD');
      return impl.read(req, res, { kind: 'group', name: route.name, page: route.page });
    case 'doc':
      if (READ.has(method)) return impl.read(req, res, { kind: 'doc', name: route.id, page: route.page });
      if (method === 'PUT') return impl.save(req, res, route.id);
      if (method === 'DELETE') return impl.remove(req, res, route.id);
      return methodNotAllowed(res, 'GET, HEAD, PUT, DELETE');
  }
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendError(res, 405, 'method_not_allowed', `only ${allow}`);
}

/** Starts an implementation and its HTTP server; resolves once both are ready. */
export async function serveImplementation(options: ServeOptions): Promise<RunningImplementation> {
  const database = new Database(options.couchdbUrl, options.db);
  const implementation = createImplementation(options.impl, database, options);
  await implementation.start();
  const host = options.host ?? '127.0.0.1';
  let own: OwnServer;
  try {
    own = 'listen' in implementation ? await implementation.listen(host, options.port ?? 0) : await listenShared(implementation, host, options.port ?? 0);
  } catch (error) {
    await implementation.stop();
    throw error;
  }
  return {
    implementation,
    port: own.port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${own.port}`,
    stop: () =>
      Promise.all([own.close(), implementation.stop()])
        .finally(() => database.close())
        .then(() => undefined),
  };
}

async function listenShared(implementation: RoutedImplementation, host: string, port: number): Promise<OwnServer> {
  const server = createServer(handlerFor(implementation));
  server.listen(port, host);
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}
