// `etag-bench conformance --env containers` (and --env auto where a runtime answers): real CouchDB, the built-ins in
// containers on its network, every case as embedded, the report's format unchanged; nothing left running.
import { parse, type TestSuites } from 'junit2json';
import t from 'tap';
import type { ConformanceReport } from '../../harness/conformance/results.js';
import { containersOf, requireRuntime, spawnCli } from './fixtures/containers.js';

t.test('conformance --env containers: reference conforms, the seed does not, JSON as ever', async (t) => {
  const endpoint = await requireRuntime(t);
  const run = spawnCli(t, ['conformance', '--env', 'containers', '-i', 'reference,seed', '--reporter', 'json']);
  const code = await run.exited;
  t.equal(code, 1, `exit 1: the seed fails required cases (stderr ends: ${run.stderr().slice(-400)})`);
  t.match(run.stderr(), /containers: CouchDB .* ready in \d+ ms/, 'CouchDB in a container');
  const report = JSON.parse(run.stdout()) as ConformanceReport;
  t.same(
    report.map((r) => r.impl),
    ['reference', 'seed'],
  );
  const [reference, seed] = report;
  const failed = (cases: ConformanceReport[number]['cases'], kind: string) => cases.filter((c) => c.kind === kind && !c.ok).map((c) => `${c.id}: ${c.detail}`);
  t.same(failed(reference!.cases, 'required'), [], 'reference passes every required case');
  t.same(failed(reference!.cases, 'optional'), [], 'and every optional one (on Apache CouchDB its 304s read nothing)');
  t.ok(failed(seed!.cases, 'required').length > 0, `the seed fails required ones (${failed(seed!.cases, 'required').length})`);
  t.notOk(
    [...reference!.cases, ...seed!.cases].some((c) => /did not start|harness/.test(c.detail)),
    'both started, and the harness judged every case',
  );
  t.match(run.stderr(), /failed \d+ required case\(s\)/);
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left');
});

t.test('conformance --env auto picks containers where a runtime answers, and says why; JUnit as ever', async (t) => {
  const endpoint = await requireRuntime(t);
  const run = spawnCli(t, ['conformance', '-i', 'reference', '--reporter', 'junit'], { ETAG_BENCH_ENV: undefined });
  t.equal(await run.exited, 0, `exit 0 (stderr ends: ${run.stderr().slice(-400)})`);
  t.match(run.stderr(), /environment: containers \(--env auto: /);
  const parsed = (await parse(run.stdout())) as TestSuites;
  t.equal(parsed.testsuite?.[0]?.name, 'reference');
  t.equal(parsed.failures, 0);
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left');
});

t.test('conformance --env containers --proxy: the proxy runs as a container in front, the stack judged; JUnit per stack', async (t) => {
  const endpoint = await requireRuntime(t);
  const run = spawnCli(t, ['conformance', '--env', 'containers', '-i', 'reference', '--proxy', 'nginx:purge,varnish:ttl', '--reporter', 'junit']);
  t.equal(await run.exited, 1, `exit 1: the TTL stack breaks invalidation (stderr ends: ${run.stderr().slice(-400)})`);
  const parsed = (await parse(run.stdout())) as TestSuites;
  t.same(
    parsed.testsuite?.map((suite) => suite.name),
    ['reference behind nginx:purge', 'reference behind varnish:ttl'],
    'one testsuite per implementation × proxy',
  );
  const [purge, ttl] = parsed.testsuite!;
  t.equal(purge!.failures, 0, 'reference behind nginx:purge fails nothing');
  t.equal(purge!.errors, 0);
  const skipped = purge!.testcase?.find((c) => c.name?.startsWith('cost-304-no-couchdb-read'));
  t.match(skipped?.skipped?.[0]?.message, /not applicable behind a proxy/, 'the origin-only case is skipped, with why');
  const failedIds = (ttl!.testcase ?? []).filter((c) => (c.failure?.length ?? 0) > 0).map((c) => c.name?.split(' - ')[0]);
  t.ok(failedIds.filter((id) => id?.startsWith('inval-')).length >= 4, `varnish:ttl breaks invalidation: ${failedIds.join(', ')}`);
  t.match(run.stderr(), /reference behind varnish:ttl failed \d+ required case\(s\)/);
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left: implementation, proxy and counting hop stopped');
});
