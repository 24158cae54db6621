// What a Node developer does first: an Express 5 app with Express's own ETag. `res.send` sets a weak ETag hashed
// from the body (the `etag` setting, 'weak' by default) and answers 304 itself when `req.fresh`: always correct,
// since every request reads CouchDB and renders, and the 304 saves only the bytes of the body. Nothing here is
// tuned: the settings are Express's defaults, as its documentation describes them.

import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Database } from '../couch/database.js';
import { closeServer } from '../http/close-server.js';
import { sendFailure } from '../http/failure.js';
import { PAGE_CACHE_CONTROL, sendError } from '../http/respond.js';
import { routeOf } from '../http/route.js';
import type { FrameworkImplementation, HealthReport, OwnServer } from '../impls/implementation.js';
import { deleteThroughApp, saveThroughApp } from '../impls/app-writes.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import { frameworkVersion } from './framework-version.js';

export class ExpressImplementation implements FrameworkImplementation {
  readonly name = 'express';
  readonly #version = frameworkVersion('express');

  constructor(private readonly database: Database) {}

  start(): Promise<void> {
    return this.database.prepare();
  }

  async stop(): Promise<void> {}

  health(): HealthReport {
    return { status: 'ok', version: this.#version };
  }

  /** Express routes everything, /health included; the ids are checked as every implementation checks them. */
  async listen(host: string, port: number): Promise<OwnServer> {
    const app = express();
    app.get('/health', (_req, res) => {
      res.json({ impl: this.name, ...this.health() });
    });
    app.get(
      '/doc/:id',
      this.#handle(async (req, res) => {
        const route = checkedRoute(req, res, 'doc');
        if (route === undefined) return;
        const doc = await this.database.getDocument(route);
        if (doc === undefined) return void sendError(res, 404, 'not_found', 'missing');
        res.set('Cache-Control', PAGE_CACHE_CONTROL).type('html').send(renderDocPage(doc));
      }),
    );
    app.get(
      '/group/:name',
      this.#handle(async (req, res) => {
        const route = checkedRoute(req, res, 'group');
        if (route === undefined) return;
        const members = await this.database.groupMembers(route);
        res.set('Cache-Control', PAGE_CACHE_CONTROL).type('html').send(renderGroupPage(route, members));
      }),
    );
    // Writes through the app as every implementation takes them (app-writes.ts): the body is read from the request.
    app.put(
      '/doc/:id',
      this.#handle(async (req, res) => {
        const route = checkedRoute(req, res, 'doc');
        if (route !== undefined) await saveThroughApp(req, res, this.database, route, WRITES);
      }),
    );
    app.delete(
      '/doc/:id',
      this.#handle(async (req, res) => {
        const route = checkedRoute(req, res, 'doc');
        if (route !== undefined) await deleteThroughApp(req, res, this.database, route, WRITES);
      }),
    );
    app.use((_req, res) => sendError(res, 404, 'not_found', 'no such page'));
    const server = createServer(app);
    server.listen(port, host);
    await once(server, 'listening');
    return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
  }

  /** Express 5 passes a rejected promise to its error handler; ours answers as the shared server does. */
  #handle(handler: (req: Request, res: Response) => Promise<void>) {
    return (req: Request, res: Response, _next: NextFunction): void => {
      handler(req, res).catch((error: unknown) => sendFailure(res, error));
    };
  }
}

/** The document id or group name, checked as routeOf checks it (no system ids, no traversal); answered if not. */
function checkedRoute(req: Request, res: Response, kind: 'doc' | 'group'): string | undefined {
  const route = routeOf(req.originalUrl);
  if (route.kind === kind) return route.kind === 'doc' ? route.id : route.name;
  if (route.kind === 'invalid') sendError(res, 400, 'bad_request', route.reason);
  else sendError(res, 404, 'not_found', 'no such page');
  return undefined;
}

/** Writes as every implementation takes them, with no precondition of the app's own (the framework evaluates none on
 *  a PUT or DELETE); with no registry there is nothing to invalidate. */
const WRITES = { checkIfNoneMatch: false, onSaved: () => {} };
