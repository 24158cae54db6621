// If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2): with a non-matching tag, a date that would
// give a 304 on its own must be ignored.

import type { ConformanceCase } from '../case-types.js';
import { create, doc, fetchPage, get, NO_MATCH, RFC_PRECEDENCE } from './templates.js';

const precedenceCase = (id: string, title: string, ifModifiedSince: string): ConformanceCase => ({
  id,
  title,
  rfc: RFC_PRECEDENCE,
  kind: 'required',
  steps: [create(), fetchPage(), get(doc(), { 'If-None-Match': NO_MATCH, 'If-Modified-Since': ifModifiedSince }, [{ status: 200 }, { bodyShowsRev: 'a' }])],
});

export const PRECEDENCE_CASES: readonly ConformanceCase[] = [
  precedenceCase(
    'prec-inm-over-ims',
    "a non-matching If-None-Match with If-Modified-Since at the page's Last-Modified (far future when none) → 200",
    '{ims:first}',
  ),
  precedenceCase('prec-inm-over-ims-future', 'a non-matching If-None-Match with a far-future If-Modified-Since → 200', 'Fri, 01 Jan 2100 00:00:00 GMT'),
];
