// If-None-Match on GET (RFC 9110 §13.1.2): weak comparison, lists, `*`, one page's tag never valid for
// another, and malformed values that earn no 304 and break nothing.

import type { ConformanceCase } from '../case-types.js';
import { create, doc, fetchPage, get, ifNoneMatchCase, malformedCase, NO_MATCH, NO_MATCH_2, RFC_CONDITIONAL, RFC_WEAK } from './templates.js';

export const IF_NONE_MATCH_CASES: readonly ConformanceCase[] = [
  ifNoneMatchCase({ id: 'inm-strong', title: 'the current ETag as sent → 304', ifNoneMatch: '{etag:first}', expect: [{ status: 304 }] }),
  ifNoneMatchCase({
    id: 'inm-weak-client',
    title: 'the current ETag with W/ added → 304 (weak comparison)',
    rfc: RFC_WEAK,
    ifNoneMatch: '{weak:first}',
    expect: [{ status: 304 }],
  }),
  ifNoneMatchCase({
    id: 'inm-weak-server',
    title: 'the current ETag without its W/ → 304 (weak comparison)',
    rfc: RFC_WEAK,
    ifNoneMatch: '{strong:first}',
    expect: [{ status: 304 }],
  }),
  ifNoneMatchCase({
    id: 'inm-list-first',
    title: 'a list with the current ETag first → 304',
    ifNoneMatch: `{etag:first}, ${NO_MATCH}, ${NO_MATCH_2}`,
    expect: [{ status: 304 }],
  }),
  ifNoneMatchCase({
    id: 'inm-list-middle',
    title: 'a list with the current ETag in the middle → 304',
    ifNoneMatch: `${NO_MATCH}, {etag:first}, ${NO_MATCH_2}`,
    expect: [{ status: 304 }],
  }),
  ifNoneMatchCase({
    id: 'inm-list-last',
    title: 'a list with the current ETag last → 304',
    ifNoneMatch: `${NO_MATCH}, ${NO_MATCH_2}, {etag:first}`,
    expect: [{ status: 304 }],
  }),
  {
    id: 'inm-star',
    title: '`*` on an existing document → 304',
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [create(), get(doc(), { 'If-None-Match': '*' }, [{ status: 304 }])],
  },
  {
    id: 'inm-star-missing',
    title: '`*` on a missing document → 404',
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [get(doc('never-created'), { 'If-None-Match': '*' }, [{ status: 404 }])],
  },
  ifNoneMatchCase({
    id: 'inm-no-match',
    title: 'a tag that does not match → 200 with the current revision',
    ifNoneMatch: NO_MATCH,
    expect: [{ status: 200 }, { bodyShowsRev: 'a' }],
  }),
  {
    id: 'inm-other-page',
    title: "another page's ETag → 200 (no cross-resource 304)",
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [
      create('a'),
      create('b'),
      fetchPage(doc('a')),
      fetchPage(doc('b'), 'b'),
      get(doc('b'), { 'If-None-Match': '{etag:first}' }, [{ status: 200 }, { bodyShowsRev: 'b' }]),
    ],
  },
  malformedCase('inm-malformed-unquoted', 'the current ETag without quotes (malformed) → no 304, no 5xx', '{bare:first}'),
  malformedCase('inm-malformed-unterminated', 'the current ETag with no closing quote (malformed) → no 304, no 5xx', '{open:first}'),
  malformedCase('inm-malformed-empty', 'an empty If-None-Match → no 304, no 5xx', ''),
  malformedCase('inm-malformed-commas', 'an If-None-Match of commas only → no 304, no 5xx', ', ,,'),
];
