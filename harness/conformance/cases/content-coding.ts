// Content-codings and their validators. Compressing is a choice (RFC 9110 §12.5.3), so the cases that need a
// coded answer are optional; what a coded answer must then be is not: a strong validator per representation
// (§8.8.3; a gzip body is another representation), its own 304 (§13.1.2) with the Vary of its 200 (§15.4.5), and
// never a 304 for an older revision's coded ETag (the case every implementation must pass, coded or not). A
// request without Accept-Encoding gets identity: RFC 9110 would allow any coding, the implementation contract
// does not (the harness's readers send none and read the bytes as the page).

import type { ConformanceCase, RequestStep } from '../case-types.js';
import { CONTRACT, create, doc, fetchPage, get, RFC_ACCEPT_ENCODING, RFC_CONDITIONAL, RFC_VALIDATOR_PER_REPRESENTATION, saveThroughApp } from './templates.js';

const GZIP = { 'Accept-Encoding': 'gzip' };

/** The page fetched accepting gzip, kept as `gz`: a gzip-coded 200 with an ETag. */
const fetchGzip = (setup = false): RequestStep => ({
  request: { method: 'GET', target: doc(), headers: GZIP },
  expect: [{ status: 200 }, { contentCoding: 'gzip' }, { etag: 'present' }],
  save: 'gz',
  ...(setup ? { setup: true as const } : {}),
});

export const CONTENT_CODING_CASES: readonly ConformanceCase[] = [
  {
    id: 'coding-identity-default',
    title: 'a request without Accept-Encoding gets the page as is (identity)',
    rfc: CONTRACT,
    kind: 'required',
    steps: [create(), get(doc(), {}, [{ status: 200 }, { contentCoding: 'identity' }, { bodyShowsRev: 'a' }])],
  },
  {
    id: 'coding-gzip',
    title: 'Accept-Encoding: gzip → a gzip page showing the current revision, Vary: Accept-Encoding',
    rfc: RFC_ACCEPT_ENCODING,
    kind: 'optional',
    steps: [create(), get(doc(), GZIP, [{ status: 200 }, { contentCoding: 'gzip' }, { bodyShowsRev: 'a' }, { varies: 'Accept-Encoding' }])],
  },
  {
    id: 'coding-br',
    title: 'Accept-Encoding: br → a br page showing the current revision',
    rfc: RFC_ACCEPT_ENCODING,
    kind: 'optional',
    steps: [create(), get(doc(), { 'Accept-Encoding': 'br' }, [{ status: 200 }, { contentCoding: 'br' }, { bodyShowsRev: 'a' }])],
  },
  {
    id: 'coding-etag-differs',
    title: "the gzip page's ETag differs from the identity page's (a strong validator per representation)",
    rfc: RFC_VALIDATOR_PER_REPRESENTATION,
    kind: 'optional',
    steps: [create(), fetchPage(doc(), 'plain'), { ...fetchGzip(), expect: [...fetchGzip().expect, { etagDiffers: 'plain' }] }],
  },
  {
    id: 'coding-each-304',
    title: 'the identity and the gzip ETag each revalidate to 304 naming their own ETag, with the Vary of their 200',
    rfc: RFC_CONDITIONAL,
    kind: 'optional',
    steps: [
      create(),
      fetchPage(doc(), 'plain'),
      fetchGzip(),
      get(doc(), { 'If-None-Match': '{etag:plain}' }, [{ status: 304 }, { etagEquals: 'plain' }, { headerKept: 'Vary', from: 'plain' }]),
      get(doc(), { ...GZIP, 'If-None-Match': '{etag:gz}' }, [{ status: 304 }, { etagEquals: 'gz' }, { headerKept: 'Vary', from: 'gz' }]),
    ],
  },
  {
    id: 'coding-stale-gzip-etag',
    title: "an older revision's gzip ETag → 200 with the current revision, never a 304",
    rfc: RFC_CONDITIONAL,
    kind: 'required',
    steps: [
      create(),
      { request: { method: 'GET', target: doc(), headers: GZIP }, expect: [{ status: 200 }, { etag: 'present' }], save: 'gz', setup: true },
      saveThroughApp(),
      get(doc(), { ...GZIP, 'If-None-Match': '{etag:gz}' }, [{ status: 200 }, { bodyShowsRev: 'a' }, { etagDiffers: 'gz' }]),
    ],
  },
];
