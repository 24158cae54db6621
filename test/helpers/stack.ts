// Test fixtures: the embedded CouchDB and implementations on free loopback ports, each stopped by the
// test that started it.

import nano from 'nano';
import type { Test } from 'tap';
import { EmbeddedCouchDb, type StartedEmbeddedCouchDb } from '../../harness/couchdb-compatible/embedded-couchdb.js';
import { seedDocuments } from '../../harness/environment/seed-documents.js';
import { serveImplementation, type RunningImplementation } from '../../reference-server/server.js';

export async function startCouch(t: Test): Promise<StartedEmbeddedCouchDb> {
  const couch = await new EmbeddedCouchDb().start();
  t.teardown(() => couch.stop());
  return couch;
}

export async function startImplementation(
  t: Test,
  impl: string,
  couchdbUrl: string,
  db: string,
  options: { heartbeatMs?: number } = {},
): Promise<RunningImplementation> {
  const running = await serveImplementation({ impl, couchdbUrl, db, port: 0, ...options });
  t.teardown(() => running.stop());
  return running;
}

/** A CouchDB with `count` seeded documents and one implementation in front of it. */
export async function startStack(t: Test, impl: string, count = 20, options: { heartbeatMs?: number } = {}) {
  const couch = await startCouch(t);
  const db = 'bench';
  await seedDocuments(couch.getUrl(), db, count);
  const app = await startImplementation(t, impl, couch.getUrl(), db, options);
  return { couch, db, app, direct: nano(couch.getUrl()).use<Record<string, unknown>>(db) };
}

/** Total requests CouchDB has received (the embedded server's counter). */
export async function couchRequests(couchUrl: string): Promise<number> {
  const response = await fetch(`${couchUrl}/_etag_bench/stats`);
  const stats = (await response.json()) as { total: number };
  return stats.total;
}

export interface Exchange {
  readonly status: number;
  readonly etag: string | null;
  readonly headers: Headers;
  readonly body: string;
}

/** fetch, asking for identity unless the test names an Accept-Encoding (fetch would send `gzip, deflate` and decode). */
export async function request(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Exchange> {
  const named = Object.keys(init.headers ?? {}).some((name) => name.toLowerCase() === 'accept-encoding');
  const response = await fetch(url, named ? init : { ...init, headers: { ...init.headers, 'accept-encoding': 'identity' } });
  const body = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), headers: response.headers, body };
}

/** Polls `probe` until it returns true or `ms` have passed; returns whether it did. */
export async function eventually(probe: () => Promise<boolean>, ms = 1000, every = 20): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** The revision a page shows (the data-rev of a document page). */
export function revInBody(body: string): string | undefined {
  return /data-rev="([^"]+)"/.exec(body)?.[1];
}
