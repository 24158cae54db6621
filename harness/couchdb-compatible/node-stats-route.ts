// GET /_node/{node}/_stats[/…] and GET /_membership as a single CouchDB 3 node answers them (chttpd_node.erl,
// couch_stats_httpd.erl, mem3_httpd.erl): {node} is `_local` or this node's name, any other is CouchDB's 404
// "no such node"; a path below `_stats` answers that sub-tree, and `null` (a 200) where there is nothing,
// as CouchDB's extract_path does. The counters are couch-counters.ts's.
import type { ServerResponse } from 'node:http';
import { type CouchCounters, NODE_NAME } from './couch-counters.js';
import { isPlainObject, type Refusal, sendJson } from './http-json.js';

export const INCOMPLETE_NODE_PATH: Refusal = { status: 400, error: 'bad_request', reason: 'Incomplete path to _node request' };

/** CouchDB's refusal for a {node} (decoded) that is not this one; undefined for `_local` and this node's name. */
export function nodeProblem(node: string): Refusal | undefined {
  if (node === '_local' || node === NODE_NAME) return undefined;
  return { status: 404, error: 'not_found', reason: `no such node: ${node}` };
}

export function sendNodeName(res: ServerResponse): void {
  sendJson(res, 200, { name: NODE_NAME });
}

export function sendMembership(res: ServerResponse): void {
  sendJson(res, 200, { all_nodes: [NODE_NAME], cluster_nodes: [NODE_NAME] });
}

/** The stats at `path` (the decoded segments after `_stats`): the whole tree, a sub-tree, a leaf, or null. */
export function sendStats(res: ServerResponse, counters: CouchCounters, path: string[]): void {
  let at: unknown = counters.tree();
  for (const key of path) {
    at = isPlainObject(at) && Object.hasOwn(at, key) ? at[key] : null;
  }
  sendJson(res, 200, at);
}
