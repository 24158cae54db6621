import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import { validateResults } from '../../harness/results/validate-results.js';
import { containersOf, requireRuntime, spawnCli, startupMsOf } from './fixtures/containers.js';
import { shortSmoke } from '../helpers/scenario-file.js';

// A shortened smoke on the containers environment, judged the way an embedded run of the same scenario is.
t.test('run --env containers: reference and seed classified as on the embedded environment; nothing left behind', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-'));
  const scenario = shortSmoke(dir);
  const args = (env: string, out: string): string[] => ['run', '--env', env, '-s', scenario, '-i', 'reference,seed', '-d', '2', '--no-conformance', '-o', out];

  const containers = spawnCli(t, args('containers', join(dir, 'containers')));
  const code = await containers.exited;
  t.equal(code, 0, `exit 0 (stderr ends: ${containers.stderr().slice(-600)})`);
  const startupMs = startupMsOf(containers.stderr());
  t.ok(startupMs !== undefined && startupMs > 0, `the environment reports its start-up time (${startupMs} ms)`);
  t.comment(
    `containers environment start-up: ${startupMs} ms (${/built \S+ .* in \d+ ms/.test(containers.stderr()) ? 'project image built in this run' : 'project image already built'})`,
  );
  t.same(await containersOf(endpoint, containers.child.pid!), [], 'no container of the run is left, running or stopped');

  const raw = JSON.parse(readFileSync(join(dir, 'containers', 'results.json'), 'utf8')) as unknown;
  const validation = validateResults(raw);
  t.ok(validation.ok, `results.json validates: ${validation.ok ? '' : validation.errors.join('; ')}`);
  const results = raw as ResultsFile;
  t.equal(results.environment.kind, 'containers');
  t.match(results.environment.couchdb, { vendor: /\S/, version: /\S/, image: /\S/ }, `says which CouchDB ran: ${JSON.stringify(results.environment.couchdb)}`);

  const embedded = spawnCli(t, args('embedded', join(dir, 'embedded')));
  t.equal(await embedded.exited, 0, `the embedded run exits 0 (stderr ends: ${embedded.stderr().slice(-400)})`);
  const reference = JSON.parse(readFileSync(join(dir, 'embedded', 'results.json'), 'utf8')) as ResultsFile;

  for (const [name, runs] of [
    ['containers', results.runs],
    ['embedded', reference.runs],
  ] as const) {
    const ref = find(runs, 'reference');
    const seed = find(runs, 'seed');
    t.equal(ref.failure, undefined, `${name}: reference ran`);
    t.equal(seed.failure, undefined, `${name}: seed ran`);
    t.ok(ref.requests > 0 && ref.conditionalRequests > 0, `${name}: reference measured (${ref.requests} requests)`);
    t.same(ref.stale, { '304': 0, '200': 0 }, `${name}: reference has no stale response`);
    t.equal(ref.errors, 0, `${name}: reference has no error (${JSON.stringify(ref.errorReasons)})`);
    t.equal(ref.invalidationLagMs.timeouts, 0, `${name}: reference saw every probed write`);
    t.ok(ref.hitRate > 0, `${name}: reference hit rate ${ref.hitRate} > 0`);
    t.ok(seed.stale['304'] > 0, `${name}: seed shows stale 304s (${seed.stale['304']})`);
    t.ok(seed.invalidationLagMs.timeouts > 0, `${name}: seed never sees some writes straight to CouchDB (${seed.invalidationLagMs.timeouts} probe timeouts)`);
    t.equal(seed.errors, 0, `${name}: seed has no error (${JSON.stringify(seed.errorReasons)})`);
  }
  // CouchDB's own counters, on whichever CouchDB ran (CI: Apache CouchDB 3.4.3): the reference's 304s read nothing.
  for (const [name, runs] of [
    ['containers', results.runs],
    ['embedded', reference.runs],
  ] as const) {
    const costs = find(runs, 'reference').couchdbCounters?.readCosts;
    t.match(costs?.conditional, { statuses: { '304': costs?.conditional.requests }, reads: 0 }, `${name}: the reference's 304s cost CouchDB no read`);
    t.ok((costs?.unconditional.reads ?? 0) >= (costs?.unconditional.requests ?? 1), `${name}: its 200s read each document (${costs?.unconditional.reads})`);
    t.ok((find(runs, 'reference').couchdbCounters?.window?.databaseReads ?? 0) > 0, `${name}: the window's reads are counted`);
  }
});

t.test('--couchdb-image etag-bench: the compatible server, by choice, with its per-route counts', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-compatible-'));
  const out = join(dir, 'out');
  const run = spawnCli(t, [
    'run',
    '--env',
    'containers',
    '--couchdb-image',
    'etag-bench',
    '-s',
    shortSmoke(dir, 1),
    '-i',
    'reference',
    '--no-conformance',
    '-o',
    out,
  ]);
  t.equal(await run.exited, 0, `exit 0 (stderr ends: ${run.stderr().slice(-400)})`);
  t.same(await containersOf(endpoint, run.child.pid!), [], 'nothing left');
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.match(results.environment.couchdb, { vendor: /etag-bench/i, image: /^localhost\/etag-bench\/app:/ }, 'the environment says the compatible server ran');
  t.ok(find(results.runs, 'reference').couchRequests !== null, 'CouchDB requests counted per route on the compatible server');
});

function find(runs: readonly RunResult[], impl: string): RunResult {
  const run = runs.find((r) => r.impl === impl);
  if (run === undefined) throw new Error(`no run of ${impl}`);
  return run;
}
