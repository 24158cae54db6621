// If-Match (RFC 9110 §13.1.1): an origin server that receives it MUST evaluate it before performing the method
// (§13.2.1), by STRONG comparison with the selected representation's ETag, and MUST NOT perform the method when it
// is false: for a read, and for a write that has not already been applied, that leaves 412. So every case where
// the condition is false is required. The cases use tags that cannot be current (another tag, the weak form, an
// ETag from before a save through the app), so an implementation with weak ETags is judged as fairly as one whose
// ETag is the revision. Where the condition is true the answer depends on how the implementation writes (If-Match
// naming the revision to write over, as CouchDB reads it): optional. A DELETE naming no revision at all may be
// refused with 428 (RFC 6585 §3, a MAY): optional.

import type { ConformanceCase, RequestStep } from '../case-types.js';
import {
  create,
  doc,
  fetchPage,
  get,
  NO_MATCH,
  RFC_IF_MATCH,
  RFC_PRECONDITION_REQUIRED,
  RFC_WHEN_EVALUATED,
  saveThroughApp,
  writeThroughApp,
} from './templates.js';

const head = (headers: Record<string, string>, status: number): RequestStep => ({ request: { method: 'HEAD', target: doc(), headers }, expect: [{ status }] });

/** Document `a` created, its page fetched (`first`), then saved through the app: `first` is stale. */
const staleSetup = [create(), fetchPage(), saveThroughApp()];

export const IF_MATCH_CASES: readonly ConformanceCase[] = [
  {
    id: 'im-get-stale',
    title: 'GET with If-Match naming the ETag from before a save → 412',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [...staleSetup, get(doc(), { 'If-Match': '{etag:first}' }, [{ status: 412 }])],
  },
  {
    id: 'im-get-no-match',
    title: 'GET with If-Match naming no ETag the page ever had → 412',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [create(), fetchPage(), get(doc(), { 'If-Match': NO_MATCH }, [{ status: 412 }])],
  },
  {
    id: 'im-get-weak',
    title: 'GET with If-Match naming the weak form of the current ETag → 412 (strong comparison)',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [create(), fetchPage(), get(doc(), { 'If-Match': '{weak:first}' }, [{ status: 412 }])],
  },
  {
    id: 'im-head-no-match',
    title: 'HEAD with If-Match naming no ETag the page ever had → 412',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [create(), fetchPage(), head({ 'If-Match': NO_MATCH }, 412)],
  },
  {
    id: 'im-get-star-missing',
    title: 'GET with If-Match: * on a missing document → 404: without the condition it is 404, so it is ignored',
    rfc: RFC_WHEN_EVALUATED,
    kind: 'required',
    steps: [get(doc('missing'), { 'If-Match': '*' }, [{ status: 404 }])],
  },
  {
    id: 'im-put-stale',
    title: 'PUT with If-Match naming the ETag from before a save, no _rev in the body → 412, not 409',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [...staleSetup, writeThroughApp('PUT', { 'If-Match': '{etag:first}' }, [{ status: 412 }], 'a', true)],
  },
  {
    id: 'im-put-no-match',
    title: 'PUT with If-Match: "nomatch-1" → 412, not CouchDB\'s 400 Invalid rev format',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [create(), writeThroughApp('PUT', { 'If-Match': NO_MATCH }, [{ status: 412 }], 'a', true)],
  },
  {
    id: 'im-put-weak',
    title: 'PUT with If-Match naming the weak form of the current ETag → 412 (strong comparison)',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [create(), fetchPage(), writeThroughApp('PUT', { 'If-Match': '{weak:first}' }, [{ status: 412 }], 'a', true)],
  },
  {
    id: 'im-put-star-missing',
    title: 'PUT with If-Match: * on a missing document → 412, nothing created',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [writeThroughApp('PUT', { 'If-Match': '*' }, [{ status: 412 }], 'missing', true), get(doc('missing'), {}, [{ status: 404 }])],
  },
  {
    id: 'im-delete-stale',
    title: 'DELETE with If-Match naming the ETag from before a save, no ?rev= → 412',
    rfc: RFC_IF_MATCH,
    kind: 'required',
    steps: [...staleSetup, writeThroughApp('DELETE', { 'If-Match': '{etag:first}' }, [{ status: 412 }], 'a', true)],
  },
  {
    id: 'im-put-current',
    title: 'PUT with If-Match naming the current ETag, no _rev in the body → written over that revision',
    rfc: RFC_IF_MATCH,
    kind: 'optional',
    steps: [create(), fetchPage(), writeThroughApp('PUT', { 'If-Match': '{etag:first}' }, [{ status: [200, 201] }], 'a', true)],
  },
  {
    id: 'im-delete-current',
    title: 'DELETE with If-Match naming the current ETag, no ?rev= → deleted',
    rfc: RFC_IF_MATCH,
    kind: 'optional',
    steps: [create(), fetchPage(), writeThroughApp('DELETE', { 'If-Match': '{etag:first}' }, [{ status: [200, 204] }], 'a', true)],
  },
  {
    id: 'im-delete-no-rev',
    title: 'DELETE naming no revision (no ?rev=, no If-Match) → 428 Precondition Required, not 409',
    rfc: RFC_PRECONDITION_REQUIRED,
    kind: 'optional',
    steps: [create(), writeThroughApp('DELETE', {}, [{ status: 428 }], 'a', true)],
  },
];
