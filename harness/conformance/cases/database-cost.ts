// What the registry is for: a conditional GET naming the current ETag is answered 304 without opening the
// document in CouchDB (the check touches no database). Judged from CouchDB's side, by its own `database_reads`
// counter: an implementation that forwards the condition to CouchDB, or reads the document to compute the ETag,
// answers correctly and still fails here. Optional: HTTP allows it; the design this project measures does not.

import type { ConformanceCase } from '../case-types.js';
import { CONTRACT, create, doc, fetchPage } from './templates.js';

/** Enough 304s that one read each cannot hide among CouchDB's own background reads. */
const BURST = 50;

export const DATABASE_COST_CASES: readonly ConformanceCase[] = [
  {
    id: 'cost-304-no-couchdb-read',
    title: `${BURST} conditional GETs with the current ETag are 304s for which CouchDB reads no document`,
    rfc: `${CONTRACT} (the registry's check)`,
    kind: 'optional',
    // A proxy answering from its copy reads nothing either: the registry's own check is not what is measured.
    originOnly: "it counts the origin's reads of CouchDB per 304; a proxy answering from its copy would pass it for the app",
    steps: [
      create(),
      fetchPage(),
      { request: { method: 'GET', target: doc(), headers: { 'If-None-Match': '{etag:first}' } }, expect: [{ status: 304 }], setup: true },
      { burst: { method: 'GET', target: doc(), headers: { 'If-None-Match': '{etag:first}' } }, times: BURST, expect: [{ status: 304 }], couchReadsAtMost: 0 },
    ],
  },
];
