// Reads a `_changes` request (query string, POST body, Last-Event-ID) into one validated value, with
// CouchDB's defaults and CouchDB-style 400s, before any byte of the response is written.
import { isPlainObject, type Refusal } from './http-json.js';
import { decodeSince } from './seq-codec.js';

export type FeedKind = 'normal' | 'longpoll' | 'continuous' | 'eventsource';

export type FilterSpec =
  | { kind: 'none' }
  | { kind: 'doc_ids'; docIds: string[] }
  | { kind: 'selector'; selector: Record<string, unknown> }
  | { kind: 'design' }
  | { kind: 'view'; view: string }
  | { kind: 'ddoc'; name: string };

export interface ChangesRequest {
  feed: FeedKind;
  since: number | 'now';
  includeDocs: boolean;
  conflicts: boolean;
  style: 'main_only' | 'all_docs';
  descending: boolean;
  limit: number | undefined;
  /** Keeps a live feed open indefinitely, writing a heartbeat this often; undefined = no heartbeat. */
  heartbeatMs: number | undefined;
  /** Ends a live feed after this long without a change (ignored when heartbeatMs is set, as CouchDB does). */
  timeoutMs: number;
  filter: FilterSpec;
  queryParams: Record<string, string>;
}

// CouchDB's chttpd changes_timeout: the default and the cap for `timeout` and `heartbeat`.
export const MAX_TIMEOUT_MS = 60000;
const FEEDS: Record<string, FeedKind> = {
  normal: 'normal',
  longpoll: 'longpoll',
  continuous: 'continuous',
  live: 'continuous',
  eventsource: 'eventsource',
};

function bad(reason: string): Refusal {
  return { status: 400, error: 'bad_request', reason };
}

function nonNegativeInt(name: string, raw: string): number | Refusal {
  if (!/^[0-9]{1,15}$/.test(raw)) return bad(`${name} must be a non-negative integer, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

function flag(query: URLSearchParams, name: string): boolean {
  return query.get(name) === 'true';
}

function parseFilter(name: string | null, query: URLSearchParams, body: Record<string, unknown>): FilterSpec | Refusal {
  if (name === null || name === '') return { kind: 'none' };
  if (name === '_doc_ids') {
    let ids: unknown = body['doc_ids'];
    const fromQuery = query.get('doc_ids');
    if (ids === undefined && fromQuery !== null) {
      try {
        ids = JSON.parse(fromQuery);
      } catch {
        ids = undefined;
      }
    }
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      return bad('`doc_ids` filter parameter is not a list of doc ids.');
    }
    return { kind: 'doc_ids', docIds: ids };
  }
  if (name === '_selector') {
    const selector = body['selector'];
    if (!isPlainObject(selector)) return bad('Selector must be specified in POST payload');
    return { kind: 'selector', selector };
  }
  if (name === '_design') return { kind: 'design' };
  if (name === '_view') {
    const view = query.get('view');
    if (view === null || !/^[^/]+\/[^/]+$/.test(view)) return bad('`view` filter parameter is not provided.');
    return { kind: 'view', view };
  }
  if (/^[^/_][^/]*\/[^/]+$/.test(name)) return { kind: 'ddoc', name };
  return { status: 404, error: 'not_found', reason: `unknown filter ${JSON.stringify(name)}` };
}

export function parseChangesRequest(query: URLSearchParams, rawBody: unknown, lastEventId: string | undefined): ChangesRequest | Refusal {
  const body = isPlainObject(rawBody) ? rawBody : {};
  const feed = FEEDS[query.get('feed') ?? 'normal'];
  if (feed === undefined) return bad('Supported `feed` types: normal, continuous, live, longpoll, eventsource');

  const sinceRaw = query.get('since') ?? (feed === 'eventsource' ? lastEventId : undefined) ?? '0';
  const since = decodeSince(sinceRaw);
  if (since === undefined) return bad("Malformed sequence supplied in 'since' parameter.");

  let limit: number | undefined;
  const limitRaw = query.get('limit');
  if (limitRaw !== null) {
    const parsed = nonNegativeInt('limit', limitRaw);
    if (typeof parsed !== 'number') return parsed;
    limit = parsed;
  }

  let heartbeatMs: number | undefined;
  const heartbeatRaw = query.get('heartbeat');
  if (heartbeatRaw !== null && heartbeatRaw !== 'false') {
    const parsed = heartbeatRaw === 'true' ? MAX_TIMEOUT_MS : nonNegativeInt('heartbeat', heartbeatRaw);
    if (typeof parsed !== 'number') return parsed;
    heartbeatMs = Math.min(Math.max(parsed, 1), MAX_TIMEOUT_MS);
  }

  let timeoutMs = MAX_TIMEOUT_MS;
  const timeoutRaw = query.get('timeout');
  if (timeoutRaw !== null) {
    const parsed = nonNegativeInt('timeout', timeoutRaw);
    if (typeof parsed !== 'number') return parsed;
    timeoutMs = Math.min(parsed, MAX_TIMEOUT_MS);
  }

  const style = query.get('style') ?? 'main_only';
  if (style !== 'main_only' && style !== 'all_docs') return bad('style must be main_only or all_docs');

  const filter = parseFilter(query.get('filter'), query, body);
  if ('status' in filter) return filter;

  return {
    feed,
    since,
    includeDocs: flag(query, 'include_docs'),
    conflicts: flag(query, 'conflicts'),
    style,
    descending: flag(query, 'descending'),
    limit,
    heartbeatMs,
    timeoutMs,
    filter,
    queryParams: Object.fromEntries(query),
  };
}
