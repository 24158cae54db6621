// POST /{db}/_bulk_docs as CouchDB 3: 201 with one result per document, `{ok, id, rev}` or `{id, error,
// reason}` (a conflict refuses that document, not the request); with `new_edits: false`, the errors only.
// The whole body is checked before PouchDB sees it: a malformed inline attachment would throw inside
// PouchDB, out of reach of any handler, and end the process (attachment-guard.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attachmentProblem } from './attachment-guard.js';
import type { CouchCounters } from './couch-counters.js';
import { isPlainObject, NOT_AN_OBJECT, pouchErrorRefusal, readJsonBody, sendJson, sendRefusal, type Refusal } from './http-json.js';
import type { BulkResult, Doc, PouchDatabase } from './pouch-types.js';
import { newUuid } from './uuids.js';

function bad(reason: string): Refusal {
  return { status: 400, error: 'bad_request', reason };
}

function wireResult(result: BulkResult): Record<string, unknown> {
  if (!('error' in result)) return { ok: true, id: result.id, rev: result.rev };
  const refusal = pouchErrorRefusal(result);
  return { id: result.id, error: refusal.error, reason: refusal.reason };
}

/** The documents to write, or why the request is refused as a whole (as CouchDB refuses it). */
function readDocs(body: unknown): { docs: Record<string, unknown>[]; newEdits: boolean } | Refusal {
  if (!isPlainObject(body)) return NOT_AN_OBJECT;
  const docs = body['docs'];
  if (docs === undefined) return bad('POST body must include `docs` parameter.');
  if (!Array.isArray(docs)) return bad('`docs` parameter must be an array.');
  const newEdits = body['new_edits'] ?? true;
  if (typeof newEdits !== 'boolean') return bad('`new_edits` parameter must be a boolean.');
  for (const doc of docs) {
    if (!isPlainObject(doc)) return bad('Document must be a JSON object');
    const problem = attachmentProblem(doc);
    if (problem) return problem;
  }
  return { docs, newEdits };
}

export async function serveBulkDocs(req: IncomingMessage, res: ServerResponse, db: PouchDatabase, counters: CouchCounters): Promise<void> {
  const body = await readJsonBody(req);
  if (!('value' in body)) return sendRefusal(res, body);
  const read = readDocs(body.value);
  if (!('docs' in read)) return sendRefusal(res, read);
  const docs = read.docs.map((doc) => (read.newEdits && (doc['_id'] === undefined || doc['_id'] === '') ? { ...doc, _id: newUuid() } : doc));
  try {
    const results = await db.bulkDocs({ docs: docs as Doc[] }, { new_edits: read.newEdits });
    // One change of the database per batch, whatever its documents' fates, as couch_db:update_docs counts
    // (CouchDB counts one per shard the batch reaches: up to q; this server's databases are one shard).
    if (docs.length > 0) counters.databaseChanged();
    sendJson(res, 201, results.map(wireResult));
  } catch (err) {
    // A document PouchDB refuses outright (an `_id` that is not a string, a reserved one…) refuses them all, as in CouchDB.
    sendRefusal(res, pouchErrorRefusal(err));
  }
}
