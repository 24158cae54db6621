// The suite against the implementations that ship: the reference passes everything, the seed fails exactly
// the cases its known flaws break (README: "The seed's flaws").
import t from 'tap';
import { runConformance } from '../../harness/conformance/engine/run-conformance.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { notPassed, startEnvironment } from './fixtures/conformance-fixture.js';

export const SEED_FAILS = [
  'inm-star', // its regex finds no quoted tag in `*`
  'inm-other-page', // one global list of ETags: cross-resource 304
  'nm-304-cache-control', // the 304 drops Cache-Control
  'unsafe-put-star', // no If-None-Match precondition on PUT/DELETE
  'unsafe-put-current',
  'unsafe-delete-current',
  'im-get-stale', // If-Match is never evaluated on a read
  'im-get-no-match',
  'im-get-weak',
  'im-head-no-match',
  'im-put-stale', // If-Match goes to CouchDB as the revision to write: its 409, 400 or 201, never 412
  'im-put-no-match',
  'im-put-weak',
  'im-put-star-missing',
  'im-delete-stale',
  'im-delete-no-rev', // optional: CouchDB's 409, not 428
  'coding-gzip', // optional: nothing is ever compressed
  'coding-br',
  'coding-etag-differs',
  'coding-each-304',
  'inval-direct-update', // writes straight to CouchDB are never seen
  'inval-direct-delete',
  'inval-group-member', // a group page is keyed on its first document only
  'inval-group-join',
  'inval-group-leave',
  'inval-group-direct',
];

t.test('reference passes every case; seed fails the cases of its flaws', async (t) => {
  const environment = await startEnvironment(t);
  const [reference, seed] = await runConformance({ impls: ['reference', 'seed'].map(parseImplSpec), environment });
  t.equal(reference!.impl, 'reference');
  t.same(notPassed(reference!), [], `reference passes all ${reference!.cases.length} cases: ${JSON.stringify(reference!.cases.filter((c) => !c.ok))}`);
  t.equal(seed!.impl, 'seed');
  t.same(notPassed(seed!), SEED_FAILS, 'seed fails exactly the cases its flaws break');
  for (const failed of seed!.cases.filter((c) => c.result !== 'pass')) {
    const wanted = failed.kind === 'required' ? 'fail' : 'optional fail';
    t.equal(failed.result, wanted, `${failed.id} is the implementation's failure, not setup or harness: ${failed.detail}`);
  }
});
