// GET/HEAD/PUT/DELETE of one document, and POST /{db}, as CouchDB 3 answers them: `ETag: "<rev>"`, 304 on
// a matching If-None-Match, 409 on a missing or stale rev, and the rev taken from the body, `?rev=` or If-Match.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attachmentProblem } from './attachment-guard.js';
import type { CouchCounters } from './couch-counters.js';
import { revFromIfMatch } from '../../protocol/http/if-match.js';
import { matchesCurrent, parseIfNoneMatch } from '../../protocol/http/if-none-match.js';
import { CONFLICT, isPlainObject, pouchErrorRefusal, readJsonBody, sendJson, sendRefusal, type Refusal } from './http-json.js';
import type { Doc, PouchDatabase } from './pouch-types.js';
import { newUuid } from './uuids.js';

export interface DocumentRequest {
  req: IncomingMessage;
  res: ServerResponse;
  db: PouchDatabase;
  dbName: string;
  id: string;
  query: URLSearchParams;
  counters: CouchCounters;
}

const BOOLEAN_GET_OPTIONS = ['revs', 'revs_info', 'conflicts', 'deleted_conflicts', 'latest', 'local_seq'];

function getOptions(query: URLSearchParams): { opts: Record<string, unknown> } | Refusal {
  const opts: Record<string, unknown> = {};
  const rev = query.get('rev');
  if (rev !== null) opts['rev'] = rev;
  for (const name of BOOLEAN_GET_OPTIONS) if (query.get(name) === 'true') opts[name] = true;
  const openRevs = query.get('open_revs');
  if (openRevs !== null) {
    if (openRevs === 'all') opts['open_revs'] = 'all';
    else {
      try {
        const revs: unknown = JSON.parse(openRevs);
        if (!Array.isArray(revs) || !revs.every((r) => typeof r === 'string')) throw new TypeError('not a list');
        opts['open_revs'] = revs;
      } catch {
        return { status: 400, error: 'bad_request', reason: 'open_revs must be "all" or a JSON list of revisions' };
      }
    }
  }
  return { opts };
}

export async function getDocument(r: DocumentRequest): Promise<void> {
  const options = getOptions(r.query);
  if (!('opts' in options)) return sendRefusal(r.res, options);
  let doc: unknown;
  // A read whatever comes of it: a 404, a 200, or a 304 (CouchDB opens the document to compare its rev).
  r.counters.documentsOpened();
  try {
    doc = await r.db.get(r.id, options.opts);
  } catch (err) {
    return sendRefusal(r.res, pouchErrorRefusal(err));
  }
  // open_revs answers a list of {ok}/{missing}: no single rev, so no ETag.
  if (Array.isArray(doc)) return sendJson(r.res, 200, doc);
  const etag = `"${(doc as Doc)._rev ?? ''}"`;
  const condition = parseIfNoneMatch(r.req.headers['if-none-match']);
  if (condition !== undefined && matchesCurrent(condition, etag)) {
    r.res.writeHead(304, { ETag: etag, 'Cache-Control': 'must-revalidate' });
    r.res.end();
    return;
  }
  sendJson(r.res, 200, doc, { ETag: etag });
}

/** The one rev a write names, from `?rev=` and If-Match (and the body for PUT); they must agree. */
export function requestedRev(r: DocumentRequest, bodyRev: unknown): { rev: string | undefined } | Refusal {
  const queryRev = r.query.get('rev') ?? undefined;
  const headerRev = revFromIfMatch(r.req.headers['if-match']);
  if (queryRev !== undefined && headerRev !== undefined && queryRev !== headerRev) {
    return { status: 400, error: 'bad_request', reason: 'Document rev and etag have different values.' };
  }
  const explicit = queryRev ?? headerRev;
  if (bodyRev !== undefined && typeof bodyRev !== 'string') {
    return { status: 400, error: 'bad_request', reason: '_rev must be a string' };
  }
  if (bodyRev !== undefined && explicit !== undefined && bodyRev !== explicit) {
    return {
      status: 400,
      error: 'bad_request',
      reason: 'Document rev from request body and query string have different values',
    };
  }
  return { rev: bodyRev ?? explicit };
}

function location(r: DocumentRequest): string {
  const host = r.req.headers.host ?? 'localhost';
  return `http://${host}/${encodeURIComponent(r.dbName)}/${r.id.split('/').map(encodeURIComponent).join('/')}`;
}

async function write(r: DocumentRequest, doc: Doc, status: number): Promise<void> {
  const opts: Record<string, unknown> = {};
  if (r.query.get('new_edits') === 'false') opts['new_edits'] = false;
  try {
    const result = await r.db.put(doc, opts);
    r.counters.databaseChanged();
    const body = { ok: true, id: result.id, rev: result.rev };
    const headers: Record<string, string> = { ETag: `"${result.rev}"` };
    if (status === 201) headers['Location'] = location(r);
    sendJson(r.res, status, body, headers);
  } catch (err) {
    sendRefusal(r.res, writeRefusal(r.counters, err));
  }
}

/**
 * A write PouchDB refused, as a refusal. A conflict is found by the database in CouchDB too, so the write
 * was counted there (couch_db:update_docs); what else PouchDB refuses, CouchDB refuses before any write.
 */
export function writeRefusal(counters: CouchCounters, err: unknown): Refusal {
  const refusal = pouchErrorRefusal(err);
  if (refusal === CONFLICT) counters.databaseChanged();
  return refusal;
}

/** A document in a request body: JSON, an object, with only attachments PouchDB can take (else CouchDB's 400). */
async function readDocumentBody(req: DocumentRequest['req']): Promise<{ value: Doc } | Refusal> {
  const body = await readJsonBody(req);
  if (!('value' in body)) return body;
  if (!isPlainObject(body.value)) return { status: 400, error: 'bad_request', reason: 'Document must be a JSON object' };
  return attachmentProblem(body.value) ?? { value: body.value as Doc };
}

export async function putDocument(r: DocumentRequest): Promise<void> {
  const body = await readDocumentBody(r.req);
  if (!('value' in body)) return sendRefusal(r.res, body);
  const rev = requestedRev(r, body.value['_rev']);
  if (!('rev' in rev)) return sendRefusal(r.res, rev);
  // The id in the URL wins over a body `_id`, as in CouchDB.
  const doc: Doc = { ...body.value, _id: r.id };
  if (rev.rev === undefined) delete doc._rev;
  else doc._rev = rev.rev;
  await write(r, doc, 201);
}

/** POST /{db}: the document's `_id`, or a new one as CouchDB makes them; `_rev` only from the body. */
export async function postDocument(r: Omit<DocumentRequest, 'id'>): Promise<void> {
  const body = await readDocumentBody(r.req);
  if (!('value' in body)) return sendRefusal(r.res, body);
  const given = body.value['_id'];
  const id = given === undefined || given === '' ? newUuid() : given;
  if (typeof id !== 'string') return sendRefusal(r.res, { status: 400, error: 'bad_request', reason: 'Document id must be a string' });
  await write({ ...r, id }, { ...body.value, _id: id }, 201);
}

export async function deleteDocument(r: DocumentRequest): Promise<void> {
  const rev = requestedRev(r, undefined);
  if (!('rev' in rev)) return sendRefusal(r.res, rev);
  // CouchDB opens the document first: a missing or deleted one is a 404 whatever the rev.
  r.counters.documentsOpened();
  try {
    await r.db.get(r.id);
  } catch (err) {
    return sendRefusal(r.res, pouchErrorRefusal(err));
  }
  if (rev.rev === undefined) {
    // CouchDB then writes a deletion without a rev, which the database finds in conflict: a write counted.
    r.counters.databaseChanged();
    return sendRefusal(r.res, CONFLICT);
  }
  await write(r, { _id: r.id, _rev: rev.rev, _deleted: true }, 200);
}
