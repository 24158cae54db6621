// What a Node developer does first: an Express 5 app with Express's own ETag. `res.send` sets a weak ETag hashed
// from the body (the `etag` setting, 'weak' by default) and answers 304 itself when `req.fresh`: always correct,
// since every request reads CouchDB and renders, and the 304 saves only the bytes of the body. Nothing here is
// tuned: the settings are Express's defaults, as its documentation describes them.

import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { Database } from '../couch/database.js';
import { closeServer } from '../http/close-server.js';
import { sendFailure } from '../http/failure.js';
import { PAGE_CACHE_CONTROL, sendError } from '../http/respond.js';
import { deleteThroughApp, saveThroughApp } from '../impls/app-writes.js';
import type { OwnServer } from '../impls/implementation.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import { checkedName, FRAMEWORK_WRITES, FrameworkApp } from './framework-app.js';

type Handler = (req: Request, res: Response, name: string) => Promise<void>;

export class ExpressImplementation extends FrameworkApp {
  readonly name = 'express';

  constructor(database: Database) {
    super(database, ['express']);
  }

  /** Express routes everything, /health included; the ids are checked as every implementation checks them. */
  async listen(host: string, port: number): Promise<OwnServer> {
    const app = express();
    app.get('/health', (_req, res) => {
      res.json({ impl: this.name, ...this.health() });
    });
    app.get(
      '/doc/:id',
      named('doc', async (_req, res, id) => {
        const doc = await this.database.getDocument(id);
        if (doc === undefined) return void sendError(res, 404, 'not_found', 'missing');
        res.set('Cache-Control', PAGE_CACHE_CONTROL).type('html').send(renderDocPage(doc));
      }),
    );
    app.get(
      '/group/:name',
      named('group', async (_req, res, name) => {
        const members = await this.database.groupMembers(name);
        res.set('Cache-Control', PAGE_CACHE_CONTROL).type('html').send(renderGroupPage(name, members));
      }),
    );
    // Writes through the app as every implementation takes them (app-writes.ts): the body is read from the request.
    app.put(
      '/doc/:id',
      named('doc', (req, res, id) => saveThroughApp(req, res, this.database, id, FRAMEWORK_WRITES)),
    );
    app.delete(
      '/doc/:id',
      named('doc', (req, res, id) => deleteThroughApp(req, res, this.database, id, FRAMEWORK_WRITES)),
    );
    app.use((_req, res) => sendError(res, 404, 'not_found', 'no such page'));
    const server = createServer(app);
    server.listen(port, host);
    await once(server, 'listening');
    return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
  }
}

/** A route's handler, given the checked id or name (else the 400/404 answered), its failure answered as the shared
 *  server answers it (Express 5 would hand a rejected promise to its own error page). */
function named(kind: 'doc' | 'group', handler: Handler) {
  return (req: Request, res: Response): void => {
    const checked = checkedName(req.originalUrl, kind);
    if (!('name' in checked)) return void sendError(res, checked.status, checked.error, checked.reason);
    handler(req, res, checked.name).catch((error: unknown) => sendFailure(res, error));
  };
}
