// What every built-in implementation provides to the shared HTTP server (server.ts), which does the
// routing, the id checks, /health and the error handling around it.

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PageRoute {
  readonly kind: 'doc' | 'group';
  /** The document id or the group name. */
  readonly name: string;
  /** The page's cache key: its path. */
  readonly page: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly [detail: string]: unknown;
}

/** The server an implementation listens on: the shared node:http one, or a framework's own. */
export interface OwnServer {
  readonly port: number;
  close(): Promise<void>;
}

interface ImplementationLife {
  readonly name: string;
  /** Resolves once the implementation can serve correctly (e.g. its changes feed is live). */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): HealthReport;
}

/** Served by the shared server (server.ts), which does the routing, the id checks, /health and the errors. */
export interface RoutedImplementation extends ImplementationLife {
  /** GET or HEAD of a document or group page; may answer synchronously (a 304 from memory needs no promise). */
  read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void> | void;
  /** PUT of a document through the app (the seed's save()). */
  save(req: IncomingMessage, res: ServerResponse, id: string): Promise<void>;
  /** DELETE of a document through the app. */
  remove(req: IncomingMessage, res: ServerResponse, id: string): Promise<void>;
}

/** A framework (express, fastify) that serves every route with its own app and server, as its documentation says. */
export interface FrameworkImplementation extends ImplementationLife {
  listen(host: string, port: number): Promise<OwnServer>;
}

export type Implementation = RoutedImplementation | FrameworkImplementation;
