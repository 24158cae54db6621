// The request handler placed in front of express-pouchdb: counts every request by route template, checks
// admin auth, serves the routes stock express-pouchdb gets wrong (documents, `_changes`, databases, `/`,
// `/_up`, stats) and passes everything else through untouched.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBasicAuth, type AdminCredentials } from './basic-auth.js';
import { serveChanges } from './changes-feed.js';
import { parseChangesRequest } from './changes-options.js';
import { createDatabase, databaseInfo, deleteDatabase, sendUp, sendWelcome } from './database-routes.js';
import type { DbRegistry } from './db-registry.js';
import { deleteDocument, getDocument, putDocument, type DocumentRequest } from './document-routes.js';
import type { FeedTracker } from './feed-tracker.js';
import { attachmentProblem } from './attachment-guard.js';
import { DB_MISSING, isPlainObject, readJsonBody, sendJson, sendRefusal } from './http-json.js';
import type { RequestStats } from './request-stats.js';
import { routeTemplate, splitPath } from './route-template.js';

export const STATS_PATH = '/_etag_bench/stats';

export interface FrontRouterDeps {
  registry: DbRegistry;
  stats: RequestStats;
  tracker: FeedTracker;
  admin: AdminCredentials | undefined;
  /** express-pouchdb, for every route not handled here. */
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
}

type Handler = () => Promise<void> | void;

function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** The document id a path names, decoded: `{id}`, `_design/{x}` or `_local/{x}`; undefined otherwise. */
function documentId(segments: string[]): string | undefined {
  const [, second, third] = segments;
  if (second === undefined) return undefined;
  if (segments.length === 3 && (second === '_design' || second === '_local')) return `${second}/${decodeURIComponent(third ?? '')}`;
  if (segments.length !== 2) return undefined;
  const id = decodeURIComponent(second);
  if (!id.startsWith('_') || /^_(design|local)\/[^/]/.test(id)) return id;
  return undefined;
}

function route(req: IncomingMessage, res: ServerResponse, deps: FrontRouterDeps, segments: string[], query: URLSearchParams): Handler | undefined {
  const method = req.method ?? 'GET';
  const [first, second] = segments;
  if (first === undefined) return isReadMethod(method) ? () => sendWelcome(res) : undefined;
  if (first.startsWith('_')) {
    if (segments.length === 1 && first === '_up' && isReadMethod(method)) return () => sendUp(res);
    return undefined;
  }
  const dbName = decodeURIComponent(first);
  if (second === undefined) {
    if (method === 'PUT') return () => createDatabase(req, res, deps.registry, dbName);
    if (method === 'DELETE') return () => deleteDatabase(res, deps.registry, dbName, query);
    if (isReadMethod(method)) return () => databaseInfo(res, deps.registry, dbName);
    return undefined;
  }
  if (segments.length === 2 && second === '_changes' && (method === 'GET' || method === 'POST')) {
    return async () => {
      const db = deps.registry.get(dbName);
      if (!db) return sendRefusal(res, DB_MISSING);
      const body = method === 'POST' ? await readJsonBody(req) : { value: undefined };
      if (!('value' in body)) return sendRefusal(res, body);
      const lastEventId = req.headers['last-event-id'];
      const request = parseChangesRequest(query, body.value, typeof lastEventId === 'string' ? lastEventId : undefined);
      if ('status' in request) return sendRefusal(res, request);
      await serveChanges({ req, res, db, request, tracker: deps.tracker });
    };
  }
  if (segments.length === 2 && second === '_bulk_docs' && method === 'POST') {
    return () => guardBulkDocs(req, res, deps);
  }
  const id = documentId(segments);
  if (id === undefined) return undefined;
  const serve = isReadMethod(method) ? getDocument : method === 'PUT' ? putDocument : method === 'DELETE' ? deleteDocument : undefined;
  if (!serve) return undefined;
  return async () => {
    const db = deps.registry.get(dbName);
    if (!db) return sendRefusal(res, DB_MISSING);
    const request: DocumentRequest = { req, res, db, dbName, id, query };
    await serve(request);
  };
}

/**
 * `_bulk_docs` stays express-pouchdb's, but its body is read and checked here first: a malformed inline
 * attachment would otherwise throw inside PouchDB out of reach of any handler and end the process.
 * body-parser leaves an already-parsed body (`req._body`) alone.
 */
async function guardBulkDocs(req: IncomingMessage, res: ServerResponse, deps: FrontRouterDeps): Promise<void> {
  const body = await readJsonBody(req);
  if (!('value' in body)) return sendRefusal(res, body);
  const docs = Array.isArray(body.value) ? body.value : isPlainObject(body.value) ? body.value['docs'] : undefined;
  if (Array.isArray(docs)) {
    for (const doc of docs) {
      const problem = isPlainObject(doc) ? attachmentProblem(doc) : undefined;
      if (problem) return sendRefusal(res, problem);
    }
  }
  Object.assign(req, { body: body.value ?? {}, _body: true });
  deps.fallback(req, res);
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

    const isPublic = isReadMethod(method) && (segments.length === 0 || path === '/_up');
    if (deps.admin && !isPublic) {
      const refusal = checkBasicAuth(req.headers.authorization, deps.admin);
      if (refusal) return sendRefusal(res, refusal);
    }
    if (isStats) {
      if (!isReadMethod(method)) return sendRefusal(res, { status: 405, error: 'method_not_allowed', reason: 'Only GET,HEAD allowed' });
      return sendJson(res, 200, deps.stats.snapshot(deps.tracker.openFeeds));
    }

    let handler: Handler | undefined;
    try {
      handler = route(req, res, deps, segments, new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)));
    } catch (err) {
      // decodeURIComponent on a malformed escape
      if (err instanceof URIError) return sendRefusal(res, { status: 400, error: 'bad_request', reason: `malformed URL ${path}` });
      return sendInternalError(res, err);
    }
    if (!handler) return deps.fallback(req, res);
    Promise.resolve()
      .then(handler)
      .catch((err: unknown) => sendInternalError(res, err));
  };
}
