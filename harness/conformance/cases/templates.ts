// Small builders shared by the case files, so that each case states only what is particular to it.

import type { ConformanceCase, CouchStep, Expectation, RequestStep, Target } from '../case-types.js';

export const RFC_CONDITIONAL = 'RFC 9110 §13.1.2';
export const RFC_WEAK = 'RFC 9110 §8.8.3.2';
export const RFC_304 = 'RFC 9110 §15.4.5';
export const RFC_HEAD = 'RFC 9110 §9.3.2';
export const RFC_PRECEDENCE = 'RFC 9110 §13.2.2';
export const RFC_IF_MATCH = 'RFC 9110 §13.1.1';
export const RFC_WHEN_EVALUATED = 'RFC 9110 §13.2.1';
export const RFC_PRECONDITION_REQUIRED = 'RFC 6585 §3';
export const RFC_ACCEPT_ENCODING = 'RFC 9110 §12.5.3';
export const RFC_VALIDATOR_PER_REPRESENTATION = 'RFC 9110 §8.8.3';
export const CONTRACT = 'docs/architecture.md §Implementation contract';

/** Tags no implementation sends. */
export const NO_MATCH = '"nomatch-1"';
export const NO_MATCH_2 = '"nomatch-2"';

export const doc = (alias = 'a'): Target => ({ doc: alias });
export const group = (alias = 'g'): Target => ({ group: alias });

/** A document written straight to CouchDB, in the group with this alias if any. */
export const create = (alias = 'a', groupAlias?: string): CouchStep =>
  groupAlias === undefined ? { couch: 'create', doc: alias } : { couch: 'create', doc: alias, group: groupAlias };

/** The page as a client first sees it: a 200 with an ETag, kept as `save`. */
export const fetchPage = (target: Target = doc(), save = 'first'): RequestStep => ({
  request: { method: 'GET', target },
  expect: [{ status: 200 }, { etag: 'present' }],
  save,
  setup: true,
});

/** A write through the app (the document's alias `a` unless named), its current `_rev` in the body or `?rev=`. */
export const writeThroughApp = (
  method: 'PUT' | 'DELETE',
  headers: Record<string, string>,
  expect: readonly Expectation[],
  alias = 'a',
  withoutRev = false,
): RequestStep => ({
  request: { method, target: doc(alias), headers, body: withoutRev ? { doc: alias, withoutRev: true } : { doc: alias } },
  expect,
});

/** A save through the app that moves the document to a new revision, preparing the case. */
export const saveThroughApp = (alias = 'a'): RequestStep => ({ ...writeThroughApp('PUT', {}, [{ status: [200, 201] }], alias), setup: true });

/** A GET of the page with these headers. */
export const get = (target: Target, headers: Record<string, string>, expect: readonly Expectation[]): RequestStep => ({
  request: { method: 'GET', target, headers },
  expect,
});

/** The same page revalidated with the ETag kept as `from`. */
export const revalidate = (target: Target, expect: readonly Expectation[], from = 'first'): RequestStep =>
  get(target, { 'If-None-Match': `{etag:${from}}` }, expect);

/** Document `a` created, fetched once, then fetched with this If-None-Match. */
export function ifNoneMatchCase(c: {
  id: string;
  title: string;
  kind?: 'required' | 'optional';
  rfc?: string;
  ifNoneMatch: string;
  expect: readonly Expectation[];
}): ConformanceCase {
  return {
    id: c.id,
    title: c.title,
    rfc: c.rfc ?? RFC_CONDITIONAL,
    kind: c.kind ?? 'required',
    steps: [create(), fetchPage(), get(doc(), { 'If-None-Match': c.ifNoneMatch }, c.expect)],
  };
}

/** A malformed If-None-Match: it must not earn a 304, and it must not break the server. */
export const malformedCase = (id: string, title: string, ifNoneMatch: string): ConformanceCase =>
  ifNoneMatchCase({ id, title, ifNoneMatch, expect: [{ notStatus: 304 }, { statusBelow: 500 }] });
