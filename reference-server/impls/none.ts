// No caching at all: every request renders from CouchDB and no ETag is sent. The baseline for what
// caching saves (hit rate 0, one CouchDB request per page).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_CACHE_CONTROL, sendError, sendPage } from '../http/respond.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import type { PageRoute } from './implementation.js';
import { UncachedWrites } from './uncached-writes.js';

export class NoCacheImplementation extends UncachedWrites {
  readonly name = 'none';

  async read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void> {
    if (route.kind === 'doc') {
      const doc = await this.database.getDocument(route.name);
      if (doc === undefined) return sendError(res, 404, 'not_found', 'missing');
      return sendPage(req, res, renderDocPage(doc), { cacheControl: PAGE_CACHE_CONTROL });
    }
    const members = await this.database.groupMembers(route.name);
    sendPage(req, res, renderGroupPage(route.name, members), { cacheControl: PAGE_CACHE_CONTROL });
  }
}
