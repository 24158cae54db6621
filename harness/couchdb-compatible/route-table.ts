// Which handler answers a request, from its method and its path's segments (raw, still percent-encoded):
// every route this server has, CouchDB's 405 for a known path asked with another method, its 404
// (`{"error":"not_found","reason":"missing"}`) for any other path. Decoding happens here, before any
// handler runs, so a malformed escape is the front router's 400.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveAllDocs } from './all-docs-route.js';
import { deleteAttachment, getAttachment, putAttachment, type AttachmentRequest } from './attachment-routes.js';
import { serveBulkDocs } from './bulk-docs-route.js';
import { serveBulkGet } from './bulk-get-route.js';
import { serveChanges } from './changes-feed.js';
import { parseChangesRequest } from './changes-options.js';
import type { CouchCounters } from './couch-counters.js';
import { createDatabase, databaseInfo, deleteDatabase, sendUp, sendWelcome } from './database-routes.js';
import type { DbRegistry } from './db-registry.js';
import { deleteDocument, getDocument, postDocument, putDocument, type DocumentRequest } from './document-routes.js';
import type { FeedTracker } from './feed-tracker.js';
import { DB_MISSING, methodNotAllowed, NOT_FOUND, readJsonBody, sendRefusal } from './http-json.js';
import type { PouchDatabase } from './pouch-types.js';
import { INCOMPLETE_NODE_PATH, nodeProblem, sendMembership, sendNodeName, sendStats } from './node-stats-route.js';
import { serveRevsDiff } from './revs-diff-route.js';
import { serveAllDbs, serveUuids } from './server-lists.js';
import { serveView } from './view-route.js';

export type Handler = () => Promise<void> | void;

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  registry: DbRegistry;
  tracker: FeedTracker;
  /** CouchDB's own counters, which the routes move as CouchDB would (couch-counters.ts). */
  counters: CouchCounters;
  /** The path's segments, still percent-encoded. */
  segments: string[];
  query: URLSearchParams;
}

/** The handler for the request's method, or CouchDB's 405 listing `allowed`. */
function byMethod(ctx: RouteContext, handlers: Partial<Record<string, Handler>>, allowed: string): Handler {
  return handlers[ctx.req.method ?? 'GET'] ?? (() => sendRefusal(ctx.res, methodNotAllowed(allowed)));
}

function readOnly(handler: Handler): Partial<Record<string, Handler>> {
  return { GET: handler, HEAD: handler };
}

function notFound(ctx: RouteContext): Handler {
  return () => sendRefusal(ctx.res, NOT_FOUND);
}

/** A handler that needs database `dbName`: CouchDB's 404 when there is none. */
function inDb(ctx: RouteContext, dbName: string, serve: (db: PouchDatabase) => Promise<void> | void): Handler {
  return () => {
    const db = ctx.registry.get(dbName);
    if (!db) return sendRefusal(ctx.res, DB_MISSING);
    return serve(db);
  };
}

async function changes(ctx: RouteContext, db: PouchDatabase): Promise<void> {
  const { req, res } = ctx;
  const body = req.method === 'POST' ? await readJsonBody(req) : { value: undefined };
  if (!('value' in body)) return sendRefusal(res, body);
  const lastEventId = req.headers['last-event-id'];
  const request = parseChangesRequest(ctx.query, body.value, typeof lastEventId === 'string' ? lastEventId : undefined);
  if ('status' in request) return sendRefusal(res, request);
  await serveChanges({ req, res, db, request, tracker: ctx.tracker, counters: ctx.counters });
}

function welcomeRoute(ctx: RouteContext): Handler {
  const welcome: Handler = () => sendWelcome(ctx.res);
  return byMethod(ctx, readOnly(welcome), 'GET,HEAD');
}

/** `/_…` endpoints, all read-only. */
function serverHandler(ctx: RouteContext, name: string): Handler | undefined {
  const { res, registry, query } = ctx;
  switch (name) {
    case '_up':
      return () => sendUp(res);
    case '_all_dbs':
      return () => serveAllDbs(res, registry, query);
    case '_uuids':
      return () => serveUuids(res, query);
    case '_membership':
      return () => sendMembership(res);
    default:
      return undefined;
  }
}

function serverRoute(ctx: RouteContext, name: string): Handler {
  const handler = ctx.segments.length === 1 ? serverHandler(ctx, name) : undefined;
  // CouchDB serves HEAD as GET everywhere, but names GET alone in _membership's 405.
  return handler ? byMethod(ctx, readOnly(handler), name === '_membership' ? 'GET' : 'GET,HEAD') : notFound(ctx);
}

/** `/_node/{node}/…`: the node's name and CouchDB's counters (node-stats-route.ts); nothing else of a node. */
function nodeRoute(ctx: RouteContext): Handler {
  const [, nodeSegment, endpoint, ...path] = ctx.segments;
  if (nodeSegment === undefined) return () => sendRefusal(ctx.res, INCOMPLETE_NODE_PATH);
  const node = decodeURIComponent(nodeSegment);
  // CouchDB answers this one whatever the method.
  if (node === '_local' && endpoint === undefined) return () => sendNodeName(ctx.res);
  const problem = nodeProblem(node);
  if (problem) return () => sendRefusal(ctx.res, problem);
  if (endpoint !== '_stats') return notFound(ctx);
  const stats: Handler = () => sendStats(ctx.res, ctx.counters, path.map(decodeURIComponent));
  return byMethod(ctx, readOnly(stats), 'GET');
}

function databaseRoute(ctx: RouteContext, dbName: string): Handler {
  const { req, res, registry, query } = ctx;
  return byMethod(
    ctx,
    {
      ...readOnly(() => databaseInfo(res, registry, dbName)),
      PUT: () => createDatabase(req, res, registry, dbName),
      DELETE: () => deleteDatabase(res, registry, dbName, query),
      POST: inDb(ctx, dbName, (db) => postDocument({ req, res, db, dbName, query, counters: ctx.counters })),
    },
    'DELETE,GET,HEAD,POST,PUT',
  );
}

function documentRoute(ctx: RouteContext, dbName: string, id: string): Handler {
  const serve = (handler: (r: DocumentRequest) => Promise<void>): Handler =>
    inDb(ctx, dbName, (db) => handler({ req: ctx.req, res: ctx.res, db, dbName, id, query: ctx.query, counters: ctx.counters }));
  return byMethod(ctx, { ...readOnly(serve(getDocument)), PUT: serve(putDocument), DELETE: serve(deleteDocument) }, 'DELETE,GET,HEAD,PUT');
}

function attachmentRoute(ctx: RouteContext, dbName: string, id: string, nameSegments: string[]): Handler {
  const name = nameSegments.map(decodeURIComponent).join('/');
  const serve = (handler: (r: AttachmentRequest) => Promise<void>): Handler =>
    inDb(ctx, dbName, (db) => handler({ req: ctx.req, res: ctx.res, db, dbName, id, name, query: ctx.query, counters: ctx.counters }));
  return byMethod(ctx, { ...readOnly(serve(getAttachment)), PUT: serve(putAttachment), DELETE: serve(deleteAttachment) }, 'DELETE,GET,HEAD,PUT');
}

/** `/{db}/_…` endpoints of one segment. */
function databaseEndpoint(ctx: RouteContext, dbName: string, name: string): Handler | undefined {
  const { req, res, query, counters } = ctx;
  const on = (serve: (db: PouchDatabase) => Promise<void>): Handler => inDb(ctx, dbName, serve);
  switch (name) {
    case '_changes':
      return byMethod(ctx, { GET: on((db) => changes(ctx, db)), POST: on((db) => changes(ctx, db)) }, 'GET,POST');
    case '_all_docs': {
      const allDocs = on((db) => serveAllDocs(req, res, db, query, counters));
      return byMethod(ctx, { ...readOnly(allDocs), POST: allDocs }, 'GET,HEAD,POST');
    }
    case '_bulk_docs':
      return byMethod(ctx, { POST: on((db) => serveBulkDocs(req, res, db, counters)) }, 'POST');
    case '_bulk_get':
      return byMethod(ctx, { POST: on((db) => serveBulkGet(req, res, db, query, counters)) }, 'POST');
    case '_revs_diff':
      return byMethod(ctx, { POST: on((db) => serveRevsDiff(req, res, db)) }, 'POST');
    default:
      return undefined;
  }
}

/** `/{db}/_design/{ddoc}/…`: the design document, its views, its attachments. */
function designRoute(ctx: RouteContext, dbName: string): Handler {
  const [, , ddocSegment = '', fourth, fifth] = ctx.segments;
  const ddoc = decodeURIComponent(ddocSegment);
  if (fourth === undefined) return documentRoute(ctx, dbName, `_design/${ddoc}`);
  if (fourth === '_view' && fifth !== undefined && ctx.segments.length === 5) {
    const view = viewHandler(ctx, dbName, ddoc, decodeURIComponent(fifth));
    return byMethod(ctx, { ...readOnly(view), POST: view }, 'GET,HEAD,POST');
  }
  // `_show`, `_list`, `_update`, `_info`…: not served here.
  if (fourth.startsWith('_')) return notFound(ctx);
  return attachmentRoute(ctx, dbName, `_design/${ddoc}`, ctx.segments.slice(3));
}

function viewHandler(ctx: RouteContext, dbName: string, ddoc: string, view: string): Handler {
  return inDb(ctx, dbName, (db) => serveView({ req: ctx.req, res: ctx.res, db, ddoc, view, params: ctx.query, counters: ctx.counters }));
}

export function route(ctx: RouteContext): Handler {
  const { segments } = ctx;
  const [first, second] = segments;
  if (first === undefined) return welcomeRoute(ctx);
  if (first === '_node') return nodeRoute(ctx);
  if (first.startsWith('_')) return serverRoute(ctx, first);
  const dbName = decodeURIComponent(first);
  if (second === undefined) return databaseRoute(ctx, dbName);
  if (segments.length === 2) {
    const endpoint = databaseEndpoint(ctx, dbName, second);
    if (endpoint) return endpoint;
  }
  if (second === '_design' && segments.length > 2) return designRoute(ctx, dbName);
  if (second === '_local' && segments.length === 3) return documentRoute(ctx, dbName, `_local/${decodeURIComponent(segments[2] ?? '')}`);
  // Otherwise an id, maybe with its slash encoded (`_design%2Fapp`); other `_` names are not documents.
  const id = decodeURIComponent(second);
  if (id.startsWith('_') && !/^_(design|local)\/[^/]/.test(id)) return notFound(ctx);
  if (segments.length === 2) return documentRoute(ctx, dbName, id);
  // Local documents have no attachments.
  if (id.startsWith('_local/')) return notFound(ctx);
  return attachmentRoute(ctx, dbName, id, segments.slice(2));
}
