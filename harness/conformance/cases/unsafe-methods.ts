// If-None-Match on PUT and DELETE (RFC 9110 §13.1.2): naming the current ETag, or `*` on an existing
// document, means "only if it is not there as I know it" → 412 and nothing written. And a save through the
// app is seen by the app at once.

import type { ConformanceCase, RequestStep } from '../case-types.js';
import { CONTRACT, create, doc, fetchPage, revalidate, RFC_CONDITIONAL } from './templates.js';

const write = (method: 'PUT' | 'DELETE', headers: Record<string, string>, status: readonly number[]): RequestStep => ({
  request: { method, target: doc(), headers, body: { doc: 'a' } },
  expect: [{ status }],
});

export const UNSAFE_METHOD_CASES: readonly ConformanceCase[] = [
  {
    id: 'unsafe-put-star',
    title: 'PUT with If-None-Match: * on an existing document → 412',
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [create(), write('PUT', { 'If-None-Match': '*' }, [412])],
  },
  {
    id: 'unsafe-put-current',
    title: 'PUT with If-None-Match naming the current ETag → 412',
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [create(), fetchPage(), write('PUT', { 'If-None-Match': '{etag:first}' }, [412])],
  },
  {
    id: 'unsafe-delete-current',
    title: 'DELETE with If-None-Match naming the current ETag → 412',
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [create(), fetchPage(), write('DELETE', { 'If-None-Match': '{etag:first}' }, [412])],
  },
  {
    id: 'unsafe-put-invalidates',
    title: 'after a PUT through the app the old ETag → 200 with the new revision, at once',
    rfc: CONTRACT,
    kind: 'required',
    steps: [create(), fetchPage(), write('PUT', {}, [200, 201]), revalidate(doc(), [{ status: 200 }, { bodyShowsRev: 'a' }, { etagDiffers: 'first' }])],
  },
];
