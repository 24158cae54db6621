// The HTTP server shared by the built-in implementations: routing, id checks, /health, and errors that
// become JSON answers (a failing CouchDB is a 502, a bug a 500) instead of a crash.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Database, statusOf } from './couch/database.js';
import { CouchUnreachableError } from './couch/document-reader.js';
import { BadRequestBody, sendError, sendJson } from './http/respond.js';
import { routeOf } from './http/route.js';
import { createImplementation, type ImplementationOptions } from './impls/index.js';
import type { Implementation } from './impls/implementation.js';

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

export function handlerFor(impl: Implementation) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Synchronous where the answer is (a 304 from memory): no promise per request on the hot path.
    try {
      dispatch(impl, req, res)?.catch((error: unknown) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  };
}

function dispatch(impl: Implementation, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
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

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof BadRequestBody) {
    sendError(res, error.status, 'bad_request', error.message);
    return;
  }
  const couchStatus = statusOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (couchStatus !== undefined || error instanceof CouchUnreachableError || /connection|fetch failed|ECONN|socket hang up|EPIPE|ETIMEDOUT/i.test(reason)) {
    sendError(res, 502, 'bad_gateway', `CouchDB: ${reason}`);
    return;
  }
  sendError(res, 500, 'internal_error', reason);
}

/** Starts an implementation and its HTTP server; resolves once both are ready. */
export async function serveImplementation(options: ServeOptions): Promise<RunningImplementation> {
  const database = new Database(options.couchdbUrl, options.db);
  const implementation = createImplementation(options.impl, database, options);
  await implementation.start();
  const server = createServer(handlerFor(implementation));
  try {
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    await once(server, 'listening');
  } catch (error) {
    await implementation.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    implementation,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () => stopServer(server, implementation).finally(() => database.close()),
  };
}

async function stopServer(server: Server, implementation: Implementation): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections();
  await Promise.all([closed, implementation.stop()]);
}
