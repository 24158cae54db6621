// The options of `_all_docs`, views and `_all_dbs`, read and checked as CouchDB's couch_mrview does: keys
// are JSON in the query string (already JSON in a POST body), booleans are true/false, counts non-negative
// integers, unknown parameters ignored. A bad value is CouchDB's 400 before PouchDB sees anything, since
// PouchDB ignores some (reduce=true on a map view) and words others its own way.
import { INVALID_JSON, type Refusal } from './http-json.js';

export interface ViewQuery {
  keys?: unknown[];
  startkey?: unknown;
  endkey?: unknown;
  startkey_docid?: string;
  endkey_docid?: string;
  limit?: number;
  skip?: number;
  group_level?: number;
  descending?: boolean;
  inclusive_end?: boolean;
  include_docs?: boolean;
  conflicts?: boolean;
  attachments?: boolean;
  reduce?: boolean;
  group?: boolean;
  update_seq?: boolean;
  stale?: 'ok' | 'update_after';
}

type Kind = 'json' | 'boolean' | 'count' | 'docid';
type Field = keyof ViewQuery;

// CouchDB's parameter names (aliases included) and what each one sets.
const PARAMS: Record<string, [Kind, ...Field[]]> = {
  key: ['json', 'startkey', 'endkey'],
  keys: ['json', 'keys'],
  startkey: ['json', 'startkey'],
  start_key: ['json', 'startkey'],
  endkey: ['json', 'endkey'],
  end_key: ['json', 'endkey'],
  startkey_docid: ['docid', 'startkey_docid'],
  start_key_doc_id: ['docid', 'startkey_docid'],
  endkey_docid: ['docid', 'endkey_docid'],
  end_key_doc_id: ['docid', 'endkey_docid'],
  limit: ['count', 'limit'],
  skip: ['count', 'skip'],
  group_level: ['count', 'group_level'],
  descending: ['boolean', 'descending'],
  inclusive_end: ['boolean', 'inclusive_end'],
  include_docs: ['boolean', 'include_docs'],
  conflicts: ['boolean', 'conflicts'],
  attachments: ['boolean', 'attachments'],
  reduce: ['boolean', 'reduce'],
  group: ['boolean', 'group'],
  update_seq: ['boolean', 'update_seq'],
};

function queryParseError(reason: string): Refusal {
  return { status: 400, error: 'query_parse_error', reason };
}

function parseValue(kind: Kind, name: string, value: unknown, decoded: boolean): { value: unknown } | Refusal {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  if (kind === 'json') {
    if (decoded) return { value };
    try {
      return { value: JSON.parse(raw) as unknown };
    } catch {
      return INVALID_JSON;
    }
  }
  if (kind === 'docid') return typeof value === 'string' ? { value } : queryParseError(`\`${name}\` must be a string.`);
  if (kind === 'boolean') {
    if (typeof value === 'boolean') return { value };
    const lower = raw.toLowerCase();
    return lower === 'true' || lower === 'false' ? { value: lower === 'true' } : queryParseError(`Invalid boolean parameter: ${JSON.stringify(raw)}`);
  }
  const n = typeof value === 'number' ? value : /^[+-]?[0-9]{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n)) return queryParseError(`Invalid value for integer: ${JSON.stringify(raw)}`);
  return n >= 0 ? { value: n } : queryParseError(`Invalid value for positive integer: ${JSON.stringify(raw)}`);
}

/** `stale` and `update` (CouchDB 3's spelling of it) both come down to PouchDB's `stale`. */
function parseStale(name: string, value: unknown): { value: ViewQuery['stale'] } | Refusal {
  const text = String(value);
  if (name === 'stale') {
    return text === 'ok' || text === 'update_after' ? { value: text } : queryParseError('Invalid value for `stale`.');
  }
  if (text === 'true') return { value: undefined };
  if (text === 'false') return { value: 'ok' };
  if (text === 'lazy') return { value: 'update_after' };
  return queryParseError('Invalid value for `update`.');
}

/**
 * Applies `params` over `base` (a copy is returned): query-string values (`decoded` false) or the members
 * of a POST body or of one of its `queries` (`decoded` true). Later sources win, as in CouchDB.
 */
export function readViewQuery(base: ViewQuery, params: Iterable<[string, unknown]>, decoded: boolean): { query: ViewQuery } | Refusal {
  const query: ViewQuery = { ...base };
  const fields = query as Record<Field, unknown>;
  for (const [name, value] of params) {
    if (name === 'stale' || name === 'update') {
      const stale = parseStale(name, value);
      if (!('value' in stale)) return stale;
      query.stale = stale.value;
      continue;
    }
    const param = PARAMS[name];
    if (param === undefined) continue;
    const [kind, ...targets] = param;
    const parsed = parseValue(kind, name, value, decoded);
    if (!('value' in parsed)) return parsed;
    if (name === 'keys' && !Array.isArray(parsed.value)) {
      return { status: 400, error: 'bad_request', reason: decoded ? '`keys` body member must be an array.' : '`keys` parameter must be an array.' };
    }
    for (const target of targets) fields[target] = parsed.value;
  }
  return { query };
}

/** CouchDB's group level: 0 (no grouping), a level, or 'exact' (group=true). */
function groupLevel(q: ViewQuery): number | 'exact' | Refusal {
  if (q.group === false && q.group_level !== undefined && q.group_level > 0) {
    return queryParseError("Can't specify group=false and group_level>0 at the same time");
  }
  if (q.group_level !== undefined) return q.group_level;
  return q.group === true ? 'exact' : 0;
}

/**
 * Checks the options against the view they query, in couch_mrview_util:validate_args' order. `_all_docs`
 * is a map view without reduce. Returns the group level to query with.
 */
export function checkViewQuery(q: ViewQuery, hasReduce: boolean): { level: number | 'exact' } | Refusal {
  const level = groupLevel(q);
  if (typeof level === 'object') return level;
  if (!hasReduce && q.reduce === true) return queryParseError('Reduce is invalid for map-only views.');
  const reduces = hasReduce && q.reduce !== false;
  if (reduces && level !== 'exact' && q.keys !== undefined) return queryParseError('Multi-key fetchs for reduce views must use `group=true`');
  if (q.keys !== undefined && q.keys.length > 0 && (q.startkey !== undefined || q.endkey !== undefined)) {
    return queryParseError('`keys` is incompatible with `key`, `start_key` and `end_key`');
  }
  if (!reduces && level !== 0) return queryParseError('Invalid use of grouping on a map view.');
  if (reduces && q.include_docs === true) return queryParseError('`include_docs` is invalid for reduce');
  if (reduces && q.conflicts !== undefined) return queryParseError('`conflicts` is invalid for reduce views.');
  return { level };
}

export function emptyRange(descending: boolean): Refusal {
  return queryParseError(`No rows can match your key range, reverse your start_key and end_key or set descending=${descending ? 'false' : 'true'}`);
}

/** The options as PouchDB's allDocs and query take them. */
export function pouchOptions(q: ViewQuery, level: number | 'exact'): Record<string, unknown> {
  const { group: _group, group_level: _level, ...rest } = q;
  const opts: Record<string, unknown> = { ...rest };
  if (level === 'exact') opts['group'] = true;
  else if (level > 0) opts['group_level'] = level;
  return opts;
}
