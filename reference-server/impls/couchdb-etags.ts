// CouchDB's own ETags: the client's If-None-Match goes to CouchDB with every request, CouchDB's 304 comes
// back as is, and a 200 is rendered from CouchDB's answer with CouchDB's ETag (a document's `"<rev>"`; for a
// group page, the ETag of the view response). Correct without any registry, but every request costs a
// CouchDB request, 304s included.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { conditionalGet } from '../couch/conditional-get.js';
import { membersOfRows, type CouchDocument } from '../couch/database.js';
import { PAGE_CACHE_CONTROL, sendError, sendNotModified, sendPage } from '../http/respond.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import type { PageRoute } from './implementation.js';
import { UncachedWrites } from './uncached-writes.js';

export class CouchDbEtagImplementation extends UncachedWrites {
  readonly name = 'couchdb';

  async read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void> {
    const header = req.headers['if-none-match'];
    const ifNoneMatch = Array.isArray(header) ? header.join(', ') : header;
    const db = encodeURIComponent(this.database.name);
    const path =
      route.kind === 'doc'
        ? `${db}/${encodeURIComponent(route.name)}`
        : `${db}/_design/etag-bench/_view/by-group?include_docs=true&key=${encodeURIComponent(JSON.stringify(route.name))}`;
    const reply = await conditionalGet(this.database.url, path, ifNoneMatch);
    // No Vary: this design sends one coding only (identity), so nothing varies with the request's headers.
    const validators = { etag: reply.etag, cacheControl: PAGE_CACHE_CONTROL };
    if (reply.status === 304) return sendNotModified(res, validators);
    if (reply.status === 404) return sendError(res, 404, 'not_found', 'missing');
    if (reply.status !== 200) throw Object.assign(new Error(`CouchDB answered ${reply.status}`), { statusCode: reply.status, scope: 'couch' });
    if (route.kind === 'doc') return sendPage(req, res, renderDocPage(reply.body as CouchDocument), validators);
    const rows = (reply.body as { rows?: { doc?: unknown }[] }).rows ?? [];
    sendPage(req, res, renderGroupPage(route.name, membersOfRows(rows, route.name)), validators);
  }
}
