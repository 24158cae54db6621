// CouchDB's own counters, as CouchDB keeps them (`GET /_node/_local/_stats/couchdb`): documents read and written,
// HTTP requests. Apache CouchDB answers it to a server admin; the embedded compatible server answers the same
// route with the same meaning (harness/couchdb-compatible/README.md). "A 304 costs the database nothing" is
// checked against `database_reads`, the one figure that counts a document opened, whoever opened it.

import type { CouchCounters } from '../contract/environment.js';
import { withoutCredentials } from './couch-auth.js';

const COUNTERS_PATH = '/_node/_local/_stats/couchdb';
const TIMEOUT_MS = 5_000;

interface Counter {
  readonly value?: unknown;
}

/** The counters now; a string saying why when this CouchDB does not give them (no admin, an old server). */
export async function readCouchCounters(couchdbUrl: string): Promise<CouchCounters | string> {
  const { url, headers } = withoutCredentials(couchdbUrl);
  let response: Response;
  try {
    response = await fetch(url.replace(/\/+$/, '') + COUNTERS_PATH, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return `GET ${COUNTERS_PATH} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return `GET ${COUNTERS_PATH} answered ${response.status}${response.status === 401 || response.status === 403 ? ' (server admin credentials needed)' : ''}`;
  }
  const body = (await response.json().catch(() => undefined)) as
    | { database_reads?: Counter; database_writes?: Counter; httpd?: { requests?: Counter } }
    | undefined;
  const databaseReads = body?.database_reads?.value;
  const databaseWrites = body?.database_writes?.value;
  const httpdRequests = body?.httpd?.requests?.value;
  if (typeof databaseReads !== 'number' || typeof databaseWrites !== 'number' || typeof httpdRequests !== 'number') {
    return `GET ${COUNTERS_PATH} has no database_reads, database_writes and httpd.requests counters`;
  }
  return { databaseReads, databaseWrites, httpdRequests };
}

/** A cluster's counters: each node's, added (every node counts what it did itself). */
export async function sumCounters(nodeUrls: readonly string[]): Promise<CouchCounters | string> {
  const each = await Promise.all(nodeUrls.map(readCouchCounters));
  const problem = each.find((counters): counters is string => typeof counters === 'string');
  if (problem !== undefined) return problem;
  const all = each as CouchCounters[];
  const sum = (pick: (counters: CouchCounters) => number): number => all.reduce((total, counters) => total + pick(counters), 0);
  return { databaseReads: sum((c) => c.databaseReads), databaseWrites: sum((c) => c.databaseWrites), httpdRequests: sum((c) => c.httpdRequests) };
}

const QUIET_MS = 250;
const QUIET_LIMIT_MS = 5_000;

/** The counters once `database_reads` has stood still for 250 ms (a feed follower may still be reading the last
 *  writes' documents); a string when they cannot be read or never stand still within 5 s. */
export async function quietCounters(read: () => Promise<CouchCounters | string>): Promise<CouchCounters | string> {
  const deadline = performance.now() + QUIET_LIMIT_MS;
  let last = await read();
  for (;;) {
    if (typeof last === 'string') return last;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const next = await read();
    if (typeof next === 'string') return next;
    if (next.databaseReads === last.databaseReads) return next;
    if (performance.now() > deadline) return `CouchDB's database_reads did not stand still for ${QUIET_MS} ms within ${QUIET_LIMIT_MS / 1000} s`;
    last = next;
  }
}
