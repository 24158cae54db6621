// Robustness and security: huge If-None-Match values get an answer and leave the server healthy; ids that
// name CouchDB's system paths or walk out of the database are refused and never answered from CouchDB.

import type { ConformanceCase } from '../case-types.js';
import { CONTRACT, create, doc, get } from './templates.js';

const hugeHeaderCase = (id: string, title: string, ifNoneMatch: string): ConformanceCase => ({
  id,
  title,
  rfc: 'RFC 9110 §13.1.2, §5.4',
  kind: 'required',
  // Any answer will do (431 included), as long as it is one, is no 304 and no 5xx, and the server lives on.
  steps: [create(), get(doc(), { 'If-None-Match': ifNoneMatch }, [{ notStatus: 304 }, { statusBelow: 500 }]), { health: 'answers' }],
});

const refused = (id: string, title: string, path: string, before: ConformanceCase['steps'] = [create()]): ConformanceCase => ({
  id,
  title,
  rfc: CONTRACT,
  kind: 'required',
  steps: [...before, { request: { method: 'GET', target: { path } }, expect: [{ status: [400, 404] }, { bodyFree: COUCHDB_CONTENT }] }],
});

/** Markers of CouchDB's own answers: _all_docs, documents, database info, the welcome. */
const COUCHDB_CONTENT = ['"rows"', '"total_rows"', '"_rev"', '"couchdb"', '"db_name"', '"update_seq"', '"doc_count"'];

export const ROBUSTNESS_CASES: readonly ConformanceCase[] = [
  hugeHeaderCase('robust-inm-8k', 'an If-None-Match of 8 KiB gets an answer and /health still answers', '{bytes:8192}'),
  hugeHeaderCase('robust-inm-1000-tags', 'an If-None-Match of 1,000 tags gets an answer and /health still answers', '{tags:1000}'),
  refused('sec-id-all-docs', 'id _all_docs → 400 or 404, nothing from CouchDB', '/doc/_all_docs'),
  refused('sec-id-design', 'id _design/x → 400 or 404, nothing from CouchDB', '/doc/_design/x', [{ couch: 'create', doc: '_design/x', literalId: true }]),
  refused('sec-id-dotdot-users', 'id %2E%2E%2F_users → 400 or 404, nothing from CouchDB', '/doc/%2E%2E%2F_users'),
  refused('sec-id-dotdot-bench', 'id ..%2Fbench → 400 or 404, nothing from CouchDB', '/doc/..%2Fbench'),
  refused('sec-id-dotdot-db', 'id ..%2F<its own database> → 400 or 404, nothing from CouchDB', '/doc/..%2F{db}'),
];
