// POST /{db}/_bulk_get as CouchDB 3 (replication's batch read): one result per requested `{id, rev?}`, in
// order, each `{ok: doc}` or `{error: {id, rev, error, reason}}`; without a rev, every leaf revision
// (open_revs=all). PouchDB's own bulkGet merges requests for one id, so each is a db.get here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchCounters } from './couch-counters.js';
import { isPlainObject, NOT_AN_OBJECT, pouchErrorRefusal, readJsonBody, sendJson, sendRefusal } from './http-json.js';
import type { PouchDatabase } from './pouch-types.js';

// Per-document in the body, so refused in the query string (CouchDB's words).
const BODY_ONLY_PARAMS = ['open_revs', 'new_edits', 'w', 'rev', 'atts_since'];
const FLAGS = ['revs', 'latest', 'attachments'];

interface BulkGetResult {
  id: unknown;
  docs: unknown[];
}

// CouchDB writes a missing rev as the string "undefined" (an Erlang atom through its JSON encoder).
function failure(id: unknown, rev: unknown, error: string, reason: string): { error: Record<string, unknown> } {
  return { error: { id, rev: rev === undefined ? 'undefined' : rev, error, reason } };
}

async function openRevs(db: PouchDatabase, request: unknown, flags: Record<string, unknown>, counters: CouchCounters): Promise<BulkGetResult> {
  const item = isPlainObject(request) ? request : {};
  const { id, rev } = item;
  if (id === undefined) return { id: null, docs: [failure(null, null, 'bad_request', 'document id missed')] };
  if (typeof id !== 'string') return { id, docs: [failure(id, null, 'bad_request', 'Document id must be a string')] };
  if (rev !== undefined && typeof rev !== 'string') return { id, docs: [failure(id, rev, 'bad_request', 'Invalid rev format')] };
  const opts: Record<string, unknown> = { ...flags };
  // atts_since asks for the attachments added since those revs: sending them all is a superset.
  if (Array.isArray(item['atts_since']) && item['atts_since'].length > 0) opts['attachments'] = true;
  // A request refused above is never opened; every other one is a read, found or not.
  counters.documentsOpened();
  try {
    const leaves = await db.get(id, { ...opts, open_revs: rev === undefined ? 'all' : [rev] });
    if (leaves.length === 0) return { id, docs: [failure(id, rev, 'not_found', 'missing')] };
    return { id, docs: leaves.map((leaf) => ('ok' in leaf ? { ok: leaf.ok } : failure(id, leaf.missing, 'not_found', 'missing'))) };
  } catch (err) {
    const refusal = pouchErrorRefusal(err);
    return { id, docs: [failure(id, rev, refusal.error, refusal.reason)] };
  }
}

export async function serveBulkGet(
  req: IncomingMessage,
  res: ServerResponse,
  db: PouchDatabase,
  params: URLSearchParams,
  counters: CouchCounters,
): Promise<void> {
  const refused = BODY_ONLY_PARAMS.find((name) => params.has(name));
  if (refused) return sendRefusal(res, { status: 400, error: 'bad_request', reason: `"${refused}" query parameter is not acceptable` });
  const body = await readJsonBody(req);
  if (!('value' in body)) return sendRefusal(res, body);
  if (!isPlainObject(body.value)) return sendRefusal(res, NOT_AN_OBJECT);
  const docs = body.value['docs'];
  if (!Array.isArray(docs)) return sendRefusal(res, { status: 400, error: 'bad_request', reason: "Missing JSON list of 'docs'." });
  const flags: Record<string, unknown> = {};
  for (const name of FLAGS) if (params.get(name) === 'true') flags[name] = true;
  const results: BulkGetResult[] = [];
  for (const request of docs) results.push(await openRevs(db, request, flags, counters));
  sendJson(res, 200, { results });
}
