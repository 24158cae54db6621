// `image:` implementations under --env containers: the project's own image (ETAG_BENCH_IMPL names the built-in it
// serves) and small images built here — a correct one, one with a planted flaw, one that exits at once, one that
// exits during the run — judged, reported and cleaned up like the built-ins.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ConformanceReport } from '../../harness/conformance/results.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { SESSION_LABEL } from '../../harness/environment/containers/container-reaper.js';
import { containerImages } from '../../harness/environment/containers/container-images.js';
import { startContainersEnvironment } from '../../harness/environment/containers/containers-environment.js';
import { listContainers } from '../../harness/environment/containers/docker-api.js';
import { READY_TIMEOUT_MS } from '../../harness/environment/containers/implementation-container.js';
import type { ResultsFile } from '../../harness/results/types.js';
import { shortSmoke } from '../helpers/scenario-file.js';
import { containersOf, requireRuntime, spawnCli } from './fixtures/containers.js';
import { buildTestImage, projectImage, STALE_304_WRAPPER } from './fixtures/test-images.js';

type Cases = ConformanceReport[number]['cases'];
const failedRequired = (cases: Cases): string[] => cases.filter((c) => c.kind === 'required' && !c.ok).map((c) => c.id);

t.test("conformance -i image:<the project's image> --impl-env ETAG_BENCH_IMPL=reference passes", async (t) => {
  const endpoint = await requireRuntime(t);
  const image = await projectImage(endpoint);
  const named = spawnCli(t, ['image']);
  t.equal(await named.exited, 0, `etag-bench image exits 0 (stderr: ${named.stderr()})`);
  t.equal(named.stdout(), `${image}\n`, 'etag-bench image names it, for a user to pass as image:');
  const started = performance.now();
  const run = spawnCli(t, ['conformance', '--env', 'containers', '-i', `image:${image}`, '--impl-env', 'ETAG_BENCH_IMPL=reference', '--reporter', 'json']);
  const code = await run.exited;
  t.comment(`conformance --env containers -i image:<project image>: ${Math.round(performance.now() - started)} ms`);
  t.equal(code, 0, `exit 0 (stderr ends: ${run.stderr().slice(-600)})`);
  const [report] = JSON.parse(run.stdout()) as ConformanceReport;
  t.equal(report?.impl, `image:${image}`, 'reported under its spec');
  t.same(failedRequired(report!.cases), [], 'every required case passes');
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left');
});

t.test('test images built here: a correct one passes, one with a planted flaw fails and the report names the cases', async (t) => {
  const endpoint = await requireRuntime(t);
  const base = await projectImage(endpoint);
  const correct = await buildTestImage(t, endpoint, 'correct', {
    Dockerfile: `FROM ${base}\nCMD ["node", "dist/reference-server/main.js", "reference"]\n`,
  });
  const flawed = await buildTestImage(t, endpoint, 'stale-304', {
    Dockerfile: `FROM ${base}\nCOPY stale-304.mjs /stale-304.mjs\nCMD ["node", "/stale-304.mjs"]\n`,
    'stale-304.mjs': STALE_304_WRAPPER,
  });
  const run = spawnCli(t, ['conformance', '--env', 'containers', '-i', `image:${correct},image:${flawed}`, '--reporter', 'json']);
  t.equal(await run.exited, 1, `exit 1: the flawed image fails required cases (stderr ends: ${run.stderr().slice(-600)})`);
  const [good, bad] = JSON.parse(run.stdout()) as ConformanceReport;
  t.same(failedRequired(good!.cases), [], 'the correct image passes every required case');
  const failed = failedRequired(bad!.cases);
  for (const id of ['inm-no-match', 'inm-other-page', 'inval-direct-update', 'inval-group-member']) t.ok(failed.includes(id), `the flawed one fails ${id}`);
  t.notOk(failed.includes('inm-strong') || failed.includes('nm-304-etag'), `and only where its flaw shows (failed: ${failed.join(', ')})`);
  t.notOk(
    bad!.cases.some((c) => /did not start|exited/.test(c.detail)),
    'it started and stayed up: its cases failed on their own',
  );
  t.match(run.stderr(), new RegExp(`image:${flawed.replaceAll('.', '\\.')} failed \\d+ required case\\(s\\): .*inm-no-match`), 'stderr names them');
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left');
});

t.test('an image that exits at once: a clear error at once, with its exit code and last log lines; one that exits later: its log kept', async (t) => {
  const endpoint = await requireRuntime(t);
  const base = await projectImage(endpoint);
  const exitsAtOnce = await buildTestImage(t, endpoint, 'exits-at-once', {
    Dockerfile: `FROM ${containerImages(process.env).node}\nCMD ["sh", "-c", "echo 'etag-bench-test: starting' >&2; echo 'etag-bench-test: cannot start, no config' >&2; exit 3"]\n`,
  });
  const exitsLater = await buildTestImage(t, endpoint, 'exits-later', {
    Dockerfile: `FROM ${base}\nCMD ["sh", "-c", "node dist/reference-server/main.js reference & sleep 3; echo 'etag-bench-test: giving up' >&2; exit 4"]\n`,
  });
  const environment = await startContainersEnvironment();
  t.teardown(() => environment.stop());
  const db = await environment.database('image-exits');
  const target = { couchdbUrl: environment.couchdbUrl, db: db.name };

  const started = performance.now();
  const error = await environment.startImplementation(parseImplSpec(`image:${exitsAtOnce}`), target).then(
    () => undefined,
    (caught: unknown) => caught as Error & { code?: string },
  );
  const tookMs = performance.now() - started;
  t.equal(error?.code, 'EB_ERR_STARTUP');
  t.match(error?.message, new RegExp(`^image:${exitsAtOnce.replaceAll('.', '\\.')} exited with code 3 before it was ready`), 'says it exited, and how');
  t.match(error?.message, /its log ends:\n {2}etag-bench-test: starting\n {2}etag-bench-test: cannot start, no config$/, 'with its last log lines');
  t.ok(tookMs < READY_TIMEOUT_MS / 3, `at once: ${Math.round(tookMs)} ms, not the ${READY_TIMEOUT_MS} ms start-up timeout`);
  const session = await listContainers(endpoint, [`${SESSION_LABEL}=${environment.session}`]);
  t.notOk(
    session.some((c) => (c as { Image?: string }).Image === exitsAtOnce),
    'no container of it is left',
  );

  const later = await environment.startImplementation(parseImplSpec(`image:${exitsLater}`), target);
  t.equal((await fetch(`${later.url}/health`)).status, 200, 'ready first');
  const deadline = Date.now() + 15_000;
  while (later.exit === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  t.same(later.exit, { code: 4, signal: null }, 'its exit is seen, with its code');
  t.match(later.stderrTail(), /etag-bench-test: giving up/, 'and its log is kept for the report');
  t.equal(later.restart, undefined, 'no restart: nothing in its container would start it again');
  await later.stop();
  await db.release();
  await environment.stop();
  t.same(await containersOf(endpoint, process.pid), [], 'nothing left once the environment stopped');

  // What a user of `run` reads: one line, the log's last lines on it, exit 2 (the command as given cannot work).
  const dir = mkdtempSync(join(tmpdir(), 'eb-image-exits-'));
  const run = spawnCli(t, [
    'run',
    '--env',
    'containers',
    '-s',
    shortSmoke(dir),
    '-i',
    `image:${exitsAtOnce}`,
    '--no-conformance',
    '--quiet',
    '-o',
    join(dir, 'out'),
  ]);
  t.equal(await run.exited, 2, 'run: exit 2');
  t.match(
    run.stderr().trim().split('\n').at(-1),
    /^etag-bench: smoke × image:\S+: image:\S+ exited with code 3 before it was ready .*its log ends: etag-bench-test: starting \| etag-bench-test: cannot start, no config$/,
  );
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container of the run left');
});

t.test("run --env containers -i image:<the project's image>: measured behind a Varnish container", async (t) => {
  const endpoint = await requireRuntime(t);
  const image = await projectImage(endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'eb-image-run-'));
  const out = join(dir, 'out');
  const run = spawnCli(t, [
    'run',
    '--env',
    'containers',
    '-s',
    shortSmoke(dir),
    '-i',
    `image:${image}`,
    '-p',
    'varnish',
    '-d',
    '2',
    '--no-conformance',
    '-o',
    out,
  ]);
  t.equal(await run.exited, 0, `exit 0 (stderr ends: ${run.stderr().slice(-600)})`);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  const [result] = results.runs;
  t.equal(results.runs.length, 1);
  t.equal(result?.impl, `image:${image}`);
  t.equal(result?.proxy, 'varnish:revalidate');
  t.equal(result?.failure, undefined, 'it ran');
  t.ok((result?.requests ?? 0) > 0 && (result?.status['304'] ?? 0) > 0, `measured: ${result?.requests} requests, ${result?.status['304']} 304s`);
  t.same(result?.stale, { '304': 0, '200': 0 }, 'no stale response: it is the reference');
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left');
});
