// The frameworks' own ETags as the suite finds them: reported, not fixed. Both are never stale (every request
// renders from CouchDB); what they miss is what their ETag code does not do.

import t from 'tap';
import { runConformance } from '../../harness/conformance/engine/run-conformance.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { notPassed, startEnvironment } from './fixtures/conformance-fixture.js';

// Neither framework evaluates If-None-Match on a PUT or DELETE (RFC 9110 §13.1.2: 412), nor If-Match anywhere
// (§13.1.1: a false condition is 412; Express's req.fresh and @fastify/etag look at If-None-Match only); neither
// compresses; and both read CouchDB for every 304 (the optional cost case).
const NO_WRITE_PRECONDITIONS = ['unsafe-put-star', 'unsafe-put-current', 'unsafe-delete-current'];
const NO_IF_MATCH = [
  'im-get-stale',
  'im-get-no-match',
  'im-get-weak',
  'im-head-no-match',
  'im-put-stale',
  'im-put-no-match',
  'im-put-weak',
  'im-put-star-missing',
  'im-delete-stale',
  'im-put-current',
  'im-delete-current',
  'im-delete-no-rev',
];
const NO_CODINGS = ['coding-gzip', 'coding-br', 'coding-etag-differs', 'coding-each-304'];
const BOTH = [...NO_WRITE_PRECONDITIONS, ...NO_IF_MATCH, ...NO_CODINGS, 'cost-304-no-couchdb-read'];

export const EXPRESS_FAILS = BOTH;
// @fastify/etag compares If-None-Match with its ETag as one string: a list, or `*`, is never a match.
export const FASTIFY_FAILS = ['inm-list-first', 'inm-list-middle', 'inm-list-last', 'inm-star', ...BOTH];

t.test('express and fastify: every invalidation case passes; they fail what their ETag code does not do', async (t) => {
  const environment = await startEnvironment(t);
  const [express, fastify] = await runConformance({ impls: ['express', 'fastify'].map(parseImplSpec), environment });
  t.same(notPassed(express!), EXPRESS_FAILS, 'express');
  t.same(notPassed(fastify!), FASTIFY_FAILS, 'fastify');
  for (const report of [express!, fastify!]) {
    t.same(
      report.cases.filter((c) => c.id.startsWith('inval-') && c.result !== 'pass').map((c) => c.id),
      [],
      `${report.impl}: never stale, whoever wrote`,
    );
  }
});
