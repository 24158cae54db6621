// GET/HEAD/POST /{db}/_all_docs as CouchDB 3 answers it: the options of view-query.ts, `keys` from the
// query string or the body (a missing key is a `{key, error: "not_found"}` row, a deleted one has
// `value.deleted` and `doc: null`), and `offset: null` when keys are given.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchCounters } from './couch-counters.js';
import { isPlainObject, NOT_AN_OBJECT, pouchErrorRefusal, readJsonBody, sendJson, sendRefusal, type Refusal } from './http-json.js';
import type { PouchDatabase, ViewRow } from './pouch-types.js';
import { encodeSeq, newSeqSalt } from './seq-codec.js';
import { checkViewQuery, emptyRange, pouchOptions, readViewQuery, type ViewQuery } from './view-query.js';

/** CouchDB compares document ids as raw UTF-8 bytes; PouchDB answers no rows for a reversed range. */
function rangeProblem(q: ViewQuery): Refusal | undefined {
  const { startkey, endkey } = q;
  if (typeof startkey !== 'string' || typeof endkey !== 'string' || startkey === endkey) return undefined;
  const ascending = Buffer.compare(Buffer.from(startkey), Buffer.from(endkey)) < 0;
  return ascending === (q.descending === true) ? emptyRange(q.descending === true) : undefined;
}

/**
 * The rows for `keys`, as CouchDB's fabric_view_all_docs makes them: the keys reversed when descending,
 * then skip and limit, one row per key. Looked up one by one: PouchDB's own keys query answers the first
 * document for a `null` key. CouchDB opens each of these keys' documents, include_docs or not, found or not:
 * each is a read.
 */
function rowsForKeys(db: PouchDatabase, keys: unknown[], q: ViewQuery, counters: CouchCounters): Promise<ViewRow[]> {
  const ordered = q.descending === true ? [...keys].reverse() : keys;
  const skip = q.skip ?? 0;
  const wanted = ordered.slice(skip, q.limit === undefined ? undefined : skip + q.limit);
  counters.documentsOpened(wanted.length);
  const docOptions = Object.fromEntries(
    Object.entries({ include_docs: q.include_docs, conflicts: q.conflicts, attachments: q.attachments }).filter(([, v]) => v),
  );
  return Promise.all(
    wanted.map(async (key): Promise<ViewRow> => {
      const missing = { key, error: 'not_found' };
      if (typeof key !== 'string') return missing;
      // deleted: 'ok' is how PouchDB's keys query gets the `{deleted: true}` rows CouchDB answers.
      const { rows } = await db.allDocs({ ...docOptions, key, deleted: 'ok' });
      return rows[0] ?? missing;
    }),
  );
}

async function answer(db: PouchDatabase, q: ViewQuery, level: number | 'exact', counters: CouchCounters): Promise<Record<string, unknown>> {
  if (q.keys !== undefined) {
    const rows = await rowsForKeys(db, q.keys, q, counters);
    const { doc_count } = await db.info();
    return { total_rows: doc_count, offset: null, ...(q.update_seq === true && { update_seq: null }), rows };
  }
  const result = await db.allDocs(pouchOptions(q, level));
  // Without keys, only include_docs opens documents: one per row.
  if (q.include_docs === true) counters.documentsOpened(result.rows.length);
  const seq = q.update_seq === true && result.update_seq !== undefined ? { update_seq: encodeSeq(result.update_seq, newSeqSalt()) } : {};
  return { total_rows: result.total_rows, offset: result.offset, ...seq, rows: result.rows };
}

export async function serveAllDocs(
  req: IncomingMessage,
  res: ServerResponse,
  db: PouchDatabase,
  params: URLSearchParams,
  counters: CouchCounters,
): Promise<void> {
  const body = req.method === 'POST' ? await readJsonBody(req) : { value: undefined };
  if (!('value' in body)) return sendRefusal(res, body);
  if (body.value !== undefined && !isPlainObject(body.value)) return sendRefusal(res, NOT_AN_OBJECT);
  // The body's options, then the query string's over them, as CouchDB reads a POST.
  const fromBody = readViewQuery({}, Object.entries(body.value ?? {}), true);
  if (!('query' in fromBody)) return sendRefusal(res, fromBody);
  const read = readViewQuery(fromBody.query, params, false);
  if (!('query' in read)) return sendRefusal(res, read);
  const q = read.query;
  const checked = checkViewQuery(q, false);
  if (!('level' in checked)) return sendRefusal(res, checked);
  const range = rangeProblem(q);
  if (range) return sendRefusal(res, range);
  try {
    sendJson(res, 200, await answer(db, q, checked.level, counters));
  } catch (err) {
    sendRefusal(res, pouchErrorRefusal(err));
  }
}
