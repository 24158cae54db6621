// No caching at all: every request renders from CouchDB and no ETag is sent. The baseline for what
// caching saves (hit rate 0, one CouchDB request per page).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../couch/database.js';
import { PAGE_CACHE_CONTROL, sendError, sendPage } from '../http/respond.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import { deleteThroughApp, saveThroughApp } from './app-writes.js';
import type { HealthReport, Implementation, PageRoute } from './implementation.js';

export class NoCacheImplementation implements Implementation {
  readonly name = 'none';

  constructor(private readonly database: Database) {}

  start(): Promise<void> {
    return this.database.prepare();
  }

  async stop(): Promise<void> {}

  health(): HealthReport {
    return { status: 'ok' };
  }

  async read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void> {
    if (route.kind === 'doc') {
      const doc = await this.database.getDocument(route.name);
      if (doc === undefined) return sendError(res, 404, 'not_found', 'missing');
      return sendPage(req, res, renderDocPage(doc), { cacheControl: PAGE_CACHE_CONTROL });
    }
    const members = await this.database.groupMembers(route.name);
    sendPage(req, res, renderGroupPage(route.name, members), { cacheControl: PAGE_CACHE_CONTROL });
  }

  save(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return saveThroughApp(req, res, this.database, id, { checkIfNoneMatch: true, onSaved: () => {} });
  }

  remove(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return deleteThroughApp(req, res, this.database, id, { checkIfNoneMatch: true, onSaved: () => {} });
  }
}
