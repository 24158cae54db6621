// The server's request handler: counts every request by route template (and, once answered, in CouchDB's
// `httpd.requests`), checks admin auth, serves the harness's stats, and answers everything else through
// route-table.ts (documents, `_changes`, `_all_docs`, `_bulk_docs`, views… over the PouchDB API), JSON errors included.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AdminCredentials, checkBasicAuth } from './basic-auth.js';
import type { CouchCounters } from './couch-counters.js';
import type { DbRegistry } from './db-registry.js';
import type { FeedTracker } from './feed-tracker.js';
import { methodNotAllowed, sendJson, sendRefusal } from './http-json.js';
import type { RequestStats } from './request-stats.js';
import { type Handler, route } from './route-table.js';
import { routeTemplate, splitPath } from './route-template.js';

export const STATS_PATH = '/_etag_bench/stats';

export interface FrontRouterDeps {
  registry: DbRegistry;
  stats: RequestStats;
  counters: CouchCounters;
  tracker: FeedTracker;
  admin: AdminCredentials | undefined;
}

function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function sendInternalError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const reason = err instanceof Error ? err.message : String(err);
  sendJson(res, 500, { error: 'unknown_error', reason });
}

export function createFrontRouter(deps: FrontRouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const method = req.method ?? 'GET';
    const segments = splitPath(path);
    const isStats = path === STATS_PATH;
    // Counted before anything asynchronous, so a snapshot taken after a response includes its request.
    if (!isStats) deps.stats.count(routeTemplate(method, segments));
    // CouchDB counts a request once its response is sent, every route and status alike; a client that
    // leaves first makes it an aborted request instead, which is not counted here.
    res.once('finish', () => deps.counters.requestAnswered());

    const isPublic = isReadMethod(method) && (segments.length === 0 || path === '/_up');
    if (deps.admin && !isPublic) {
      const refusal = checkBasicAuth(req.headers.authorization, deps.admin);
      if (refusal) return sendRefusal(res, refusal);
    }
    if (isStats) {
      if (!isReadMethod(method)) return sendRefusal(res, methodNotAllowed('GET,HEAD'));
      return sendJson(res, 200, deps.stats.snapshot(deps.tracker.openFeeds));
    }

    let handler: Handler;
    try {
      const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
      handler = route({ req, res, registry: deps.registry, tracker: deps.tracker, counters: deps.counters, segments, query });
    } catch (err) {
      // decodeURIComponent on a malformed escape
      if (err instanceof URIError) return sendRefusal(res, { status: 400, error: 'bad_request', reason: `malformed URL ${path}` });
      return sendInternalError(res, err);
    }
    Promise.resolve()
      .then(handler)
      .catch((err: unknown) => sendInternalError(res, err));
  };
}
