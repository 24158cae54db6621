// What a 304 carries (RFC 9110 §15.4.5): no body, the current ETag, and each of Cache-Control, Content-Location,
// Date, Expires and Vary whenever the 200 had it. A missing 304 makes these a setup fail (inm-strong says it).

import type { ConformanceCase, Expectation } from '../case-types.js';
import { create, doc, fetchPage, RFC_304 } from './templates.js';

function notModifiedCase(id: string, title: string, expectation: Expectation): ConformanceCase {
  return {
    id,
    title,
    rfc: RFC_304,
    kind: 'required',
    steps: [
      create(),
      fetchPage(),
      { request: { method: 'GET', target: doc(), headers: { 'If-None-Match': '{etag:first}' } }, expect: [{ status: 304 }], save: 'revalidated', setup: true },
      { inspect: 'revalidated', expect: [expectation] },
    ],
  };
}

const kept = (header: string): ConformanceCase =>
  notModifiedCase(`nm-304-${header.toLowerCase()}`, `a 304 carries ${header} when the 200 did`, { headerKept: header, from: 'first' });

export const NOT_MODIFIED_CASES: readonly ConformanceCase[] = [
  notModifiedCase('nm-304-no-body', 'a 304 has no body', { noBody: true }),
  notModifiedCase('nm-304-etag', "a 304's ETag is the current one", { etagEquals: 'first' }),
  kept('Cache-Control'),
  kept('Vary'),
  kept('Content-Location'),
  kept('Expires'),
  kept('Date'),
];
