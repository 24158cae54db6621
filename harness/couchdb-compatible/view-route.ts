// GET/HEAD/POST /{db}/_design/{ddoc}/_view/{view} over PouchDB's db.query(): CouchDB's 404s for a missing
// design document or view, its 400s for options that do not fit the view (view-query.ts), and a POST
// body's `queries` (several queries in one request, each over the query string's options).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchCounters } from './couch-counters.js';
import { compileProblem } from './design-functions.js';
import { isPlainObject, NOT_AN_OBJECT, pouchErrorRefusal, readJsonBody, sendJson, sendRefusal, type Refusal } from './http-json.js';
import type { PouchDatabase, ViewResult } from './pouch-types.js';
import { encodeSeq, newSeqSalt } from './seq-codec.js';
import { checkViewQuery, emptyRange, pouchOptions, readViewQuery, type ViewQuery } from './view-query.js';

export interface ViewRequest {
  req: IncomingMessage;
  res: ServerResponse;
  db: PouchDatabase;
  ddoc: string;
  view: string;
  params: URLSearchParams;
  counters: CouchCounters;
}

// The builtins pouchdb-mapreduce knows (it matches them by prefix, as here).
const BUILTIN_REDUCE = /^_(sum|count|stats)/;

/**
 * Whether the view has a reduce, once its design document and code are known good: a view PouchDB cannot
 * compile would otherwise answer empty rows (or null values) with a stack trace on the console.
 */
async function viewHasReduce(db: PouchDatabase, ddocName: string, viewName: string): Promise<{ hasReduce: boolean } | Refusal> {
  let ddoc: Record<string, unknown>;
  try {
    ddoc = await db.get(`_design/${ddocName}`);
  } catch (err) {
    return pouchErrorRefusal(err);
  }
  const views = ddoc['views'];
  const view = isPlainObject(views) ? views[viewName] : undefined;
  if (!isPlainObject(view) || typeof view['map'] !== 'string') return { status: 404, error: 'not_found', reason: 'missing_named_view' };
  const mapProblem = compileProblem('views', view['map']);
  if (mapProblem) return mapProblem;
  const reduce = view['reduce'];
  if (!reduce) return { hasReduce: false };
  const bad = (reason: string): Refusal => ({ status: 400, error: 'compilation_error', reason });
  if (typeof reduce !== 'string') return bad('reduce function must be a string');
  if (reduce.startsWith('_')) return BUILTIN_REDUCE.test(reduce) ? { hasReduce: true } : bad(`${reduce} is not a supported reduce function.`);
  return compileProblem('views', reduce) ?? { hasReduce: true };
}

/** One query's answer, keys in CouchDB's order; `update_seq` an opaque seq as everywhere here. */
function answer(result: ViewResult, q: ViewQuery): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (result.total_rows !== undefined) out['total_rows'] = result.total_rows;
  if (result.offset !== undefined) out['offset'] = result.offset;
  if (q.update_seq === true && result.update_seq !== undefined) out['update_seq'] = encodeSeq(result.update_seq, newSeqSalt());
  out['rows'] = result.rows;
  return out;
}

async function runQuery(r: ViewRequest, q: ViewQuery, hasReduce: boolean): Promise<{ answer: Record<string, unknown> } | Refusal> {
  const checked = checkViewQuery(q, hasReduce);
  if (!('level' in checked)) return checked;
  try {
    const result = await r.db.query(`${r.ddoc}/${r.view}`, pouchOptions(q, checked.level));
    // CouchDB opens each row's document for include_docs, whether it is found (`doc: null`) or not.
    if (q.include_docs === true) r.counters.documentsOpened(result.rows.length);
    return { answer: answer(result, q) };
  } catch (err) {
    const refusal = pouchErrorRefusal(err);
    // pouchdb-mapreduce's wording of CouchDB's check, which names the wrong fix when descending.
    if (refusal.error === 'query_parse_error' && refusal.reason.startsWith('No rows can match')) return emptyRange(q.descending === true);
    return refusal;
  }
}

/** A POST body's `queries`: each is applied over the query string, and answered in order. */
async function runQueries(r: ViewRequest, queries: unknown, base: ViewQuery, hasReduce: boolean): Promise<void> {
  if (!Array.isArray(queries) || !queries.every(isPlainObject)) {
    return sendRefusal(r.res, { status: 400, error: 'bad_request', reason: '`queries` member must be an array of JSON objects.' });
  }
  const results: Record<string, unknown>[] = [];
  for (const members of queries) {
    const read = readViewQuery(base, Object.entries(members), true);
    if (!('query' in read)) return sendRefusal(r.res, read);
    const one = await runQuery(r, read.query, hasReduce);
    if (!('answer' in one)) return sendRefusal(r.res, one);
    results.push(one.answer);
  }
  sendJson(r.res, 200, { results });
}

export async function serveView(r: ViewRequest): Promise<void> {
  const body = r.req.method === 'POST' ? await readJsonBody(r.req) : { value: undefined };
  if (!('value' in body)) return sendRefusal(r.res, body);
  if (body.value !== undefined && !isPlainObject(body.value)) return sendRefusal(r.res, NOT_AN_OBJECT);
  const members = body.value ?? {};
  const view = await viewHasReduce(r.db, r.ddoc, r.view);
  if (!('hasReduce' in view)) return sendRefusal(r.res, view);
  const fromQueryString = readViewQuery({}, r.params, false);
  if (!('query' in fromQueryString)) return sendRefusal(r.res, fromQueryString);
  if (members['queries'] !== undefined) return runQueries(r, members['queries'], fromQueryString.query, view.hasReduce);
  // A body's options, then the query string's over them, as CouchDB reads a POST.
  const fromBody = readViewQuery({}, Object.entries(members), true);
  if (!('query' in fromBody)) return sendRefusal(r.res, fromBody);
  const read = readViewQuery(fromBody.query, r.params, false);
  if (!('query' in read)) return sendRefusal(r.res, read);
  const one = await runQuery(r, read.query, view.hasReduce);
  if (!('answer' in one)) return sendRefusal(r.res, one);
  sendJson(r.res, 200, one.answer);
}
