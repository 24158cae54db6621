// The server-wide lists: GET /_all_dbs (this server's databases only, with CouchDB's startkey/endkey,
// inclusive_end, descending, skip and limit) and GET /_uuids (ids as CouchDB makes them, never cached).
import type { ServerResponse } from 'node:http';
import type { DbRegistry } from './db-registry.js';
import { sendJson, sendRefusal } from './http-json.js';
import { newUuid } from './uuids.js';
import { readViewQuery } from './view-query.js';

// CouchDB's [uuids] max_count default.
const MAX_UUIDS = 1000;

export function serveAllDbs(res: ServerResponse, registry: DbRegistry, params: URLSearchParams): void {
  const read = readViewQuery({}, params, false);
  if (!('query' in read)) {
    sendRefusal(res, read);
    return;
  }
  const { startkey, endkey, descending = false, inclusive_end = true, skip = 0, limit } = read.query;
  const names = registry.names();
  if (descending) names.reverse();
  // As in _all_docs, startkey and endkey bound the walk in its own direction.
  const before = (a: string, b: string): boolean => (descending ? a > b : a < b);
  const inRange = names.filter((name) => {
    if (typeof startkey === 'string' && before(name, startkey)) return false;
    if (typeof endkey === 'string' && (before(endkey, name) || (!inclusive_end && name === endkey))) return false;
    return true;
  });
  sendJson(res, 200, inRange.slice(skip, limit === undefined ? undefined : skip + limit));
}

export function serveUuids(res: ServerResponse, params: URLSearchParams): void {
  const raw = params.get('count') ?? '1';
  const count = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : undefined;
  if (count === undefined || count > MAX_UUIDS) {
    sendRefusal(res, { status: 400, error: 'bad_request', reason: count === undefined ? 'count must be a positive integer' : 'count parameter too large' });
    return;
  }
  const uuids = Array.from({ length: count }, () => newUuid());
  sendJson(res, 200, { uuids }, { 'Cache-Control': 'no-cache', Pragma: 'no-cache', Expires: 'Mon, 01 Jan 1990 00:00:00 GMT' });
}
