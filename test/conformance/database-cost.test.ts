// The registry's promise seen from CouchDB's side: 304s for current ETags cost no document read. The reference
// keeps it; the `couchdb` implementation, which hands the condition to CouchDB, answers the same 304s and is
// caught by CouchDB's own database_reads counter (here the embedded server's, counted as CouchDB counts).
import t from 'tap';
import { DATABASE_COST_CASES } from '../../harness/conformance/cases/database-cost.js';
import { runConformance } from '../../harness/conformance/engine/run-conformance.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { startEnvironment } from './fixtures/conformance-fixture.js';

t.test('reference passes; couchdb answers every 304 and still fails, with the reads CouchDB counted', async (t) => {
  const environment = await startEnvironment(t);
  const [reference, couchdb] = await runConformance({ impls: ['reference', 'couchdb'].map(parseImplSpec), environment, cases: DATABASE_COST_CASES });
  t.match(reference!.cases, [{ id: 'cost-304-no-couchdb-read', result: 'pass' }]);
  const failed = couchdb!.cases[0]!;
  t.equal(failed.result, 'optional fail', `an optional case: HTTP allows reading (${failed.detail})`);
  t.match(failed.detail, /^50 × GET \/doc\/\S+, 3 times: CouchDB read \d+, \d+, \d+ document\(s\) \(database_reads\), at most 0 expected$/);
  const reads = /read (\d+), (\d+), (\d+) document/.exec(failed.detail)!.slice(1).map(Number);
  t.ok(
    reads.every((n) => n >= 50),
    `at least one read per 304, every time (${reads.join(', ')})`,
  );
});

t.test('a CouchDB without counters: the case cannot be judged, and says so (never a pass)', async (t) => {
  const environment = await startEnvironment(t);
  const blind = { ...environment, counters: async () => 'GET /_node/_local/_stats/couchdb answered 401 (server admin credentials needed)' };
  const [report] = await runConformance({ impls: [parseImplSpec('reference')], environment: blind, cases: DATABASE_COST_CASES });
  t.match(report!.cases, [{ result: 'harness fail', detail: /cannot be read here.*answered 401/ }]);
});
