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
