// HEAD is GET without a body (RFC 9110 §9.3.2), conditional requests included.

import type { ConformanceCase } from '../case-types.js';
import { create, doc, fetchPage, RFC_CONDITIONAL, RFC_HEAD } from './templates.js';

export const HEAD_CASES: readonly ConformanceCase[] = [
  {
    id: 'head-inm-304',
    title: 'HEAD with the current ETag in If-None-Match → 304',
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [create(), fetchPage(), { request: { method: 'HEAD', target: doc(), headers: { 'If-None-Match': '{etag:first}' } }, expect: [{ status: 304 }] }],
  },
  {
    id: 'head-200',
    title: "HEAD → 200 with GET's ETag and no body",
    rfc: RFC_HEAD,
    kind: 'required',
    steps: [create(), fetchPage(), { request: { method: 'HEAD', target: doc() }, expect: [{ status: 200 }, { noBody: true }, { etagEquals: 'first' }] }],
  },
  {
    // SHOULD, not MUST: a server may leave out headers only known while generating the content.
    id: 'head-200-headers',
    title: 'HEAD → 200 with every header GET had',
    rfc: RFC_HEAD,
    kind: 'optional',
    steps: [create(), fetchPage(), { request: { method: 'HEAD', target: doc() }, expect: [{ status: 200 }, { headersOf: 'first' }] }],
  },
];
