// Short runs of `reference` and `seed` behind Debian's varnishd and nginx, through the CLI: how each mode
// classifies, and what reached the origin. Each run stops every process it started (checked at the end).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import type { ScenarioFile } from '../../harness/scenario/scenario.js';
import { runCli } from '../helpers/processes.js';
import { scenarioFile } from '../helpers/scenario-file.js';

t.setTimeout(600_000);

interface ScenarioExtras {
  readonly writers?: Partial<ScenarioFile['writers']>;
  readonly proxy?: string;
  readonly purgeBy?: ScenarioFile['purgeBy'];
  readonly groupPageShare?: number;
  /** Run the conformance cases too (the run's own stacks). */
  readonly conformance?: boolean;
}

async function runBehind(t: Test, impl: string, proxy: string | undefined, extras: ScenarioExtras = {}): Promise<{ run: RunResult; results: ResultsFile }> {
  const dir = t.testdir();
  const scenario: ScenarioFile = {
    name: 'proxy-check',
    description: 'a short run behind a proxy',
    documents: { count: 50, groups: 5 },
    durationS: 2.5,
    warmupS: 0.5,
    readers: { connections: 4, clients: 32, groupPageShare: extras.groupPageShare ?? 0.1 },
    writers: { ratePerSecond: 20, throughAppShare: 0.5, ...extras.writers },
    probes: { everyNthWrite: 2 },
    ...(extras.proxy ? { proxy: extras.proxy } : {}),
    ...(extras.purgeBy ? { purgeBy: extras.purgeBy } : {}),
  };
  const file = scenarioFile(dir, scenario);
  const conformance = extras.conformance === true ? [] : ['--no-conformance'];
  const args = ['run', '-e', 'embedded', '-s', file, '-i', impl, ...conformance, '--quiet', '-o', join(dir, 'out'), ...(proxy ? ['--proxy', proxy] : [])];
  const { code, stderr } = await runCli(args);
  t.equal(code, 0, `run exits 0: ${stderr.slice(-800)}`);
  const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsFile;
  const run = results.runs[0]!;
  t.equal(run.failure, undefined, 'the implementation ran');
  t.ok(run.requests > 100, `enough responses to judge (${run.requests})`);
  t.equal(run.errors, 0, `no errors: ${JSON.stringify(run.errorReasons)}`);
  return { run, results };
}

declare namespace Tap {}

const stale = (run: RunResult): number => run.stale['200'] + run.stale['304'];

t.test('reference behind varnish:revalidate: no staleness, the origin answers 304', async (t) => {
  const { run, results } = await runBehind(t, 'reference', 'varnish');
  t.equal(run.proxy, 'varnish:revalidate');
  t.match(results.environment.proxyVersions, { varnish: /^varnish-\d/ });
  t.equal(stale(run), 0, `stale: ${JSON.stringify(run.stale)}`);
  t.ok((run.origin?.status['304'] ?? 0) > 0, `origin 304s: ${JSON.stringify(run.origin)}`);
  t.ok((run.status['304'] ?? 0) > 0, 'clients get 304s from Varnish');
});

// The purge races (a render overtaken by a write, landing after the purge) are closed: see purge-races.test.ts.
t.test('reference behind varnish:purge (the reference purges by xkey): no staleness, fewer origin requests', async (t) => {
  const { run } = await runBehind(t, 'reference', 'varnish:purge');
  t.equal(stale(run), 0, `stale: ${JSON.stringify(run.stale)} of ${run.requests}`);
  // Fewer, not a fixed share: Varnish stores no page fetched while a purge came, so on a loaded machine (slow
  // fetches) more of them go to the origin again (measured: 3 % of client responses quiet, 58 % saturated).
  t.ok(run.origin !== undefined && run.origin.requests < run.requests, `origin requests ${run.origin?.requests} of ${run.requests}`);
});

t.test("a run's conformance judges each implementation alone and behind the run's proxy; summary.md has the table", async (t) => {
  const { results } = await runBehind(t, 'reference', 'nginx:purge', { conformance: true });
  t.same(
    results.conformance?.map((entry) => entry.proxy ?? 'none'),
    ['none', 'nginx:purge'],
    'two stacks',
  );
  const behind = results.conformance![1]!;
  t.match(behind, { impl: 'reference', proxyVersion: /^nginx\/1\./ });
  t.same(
    behind.cases.filter((c) => !c.ok && c.notApplicable !== true && c.kind === 'required').map((c) => c.id),
    [],
    'reference behind nginx:purge fails nothing',
  );
  t.same(
    behind.cases.filter((c) => c.notApplicable === true).map((c) => c.id),
    ['cost-304-no-couchdb-read'],
    'the origin-only case is marked not applicable',
  );
  const summary = readFileSync(join(t.testdirName, 'out', 'summary.md'), 'utf8');
  // nginx asks the origin for identity: the optional coding cases are not met through it.
  t.match(
    summary,
    /\| implementation \| no proxy \| nginx:purge \|\n\|---\|---\|---\|\n\| reference \| ✓ required (\d+)\/\1, optional (\d+)\/\2 \| ✓ required (\d+)\/\3, optional \d+\/\d+ \(1 n\/a\); optional not met: coding-gzip, coding-br, coding-etag-differs, coding-each-304 \|/,
  );
});

t.test('reference behind nginx:purge (the reference refreshes pages): no staleness, fewer origin requests', async (t) => {
  const { run, results } = await runBehind(t, 'reference', 'nginx');
  t.equal(run.proxy, 'nginx:purge');
  t.match(results.environment.proxyVersions, { nginx: /^nginx\/\d/ });
  t.equal(stale(run), 0, `stale: ${JSON.stringify(run.stale)} of ${run.requests}`);
  // Fewer, not a fixed share: a render an invalidation overtook is stored expired and revalidated, and on a
  // loaded machine (slow renders) more are overtaken (measured: 4 % of client responses quiet, 62 % loaded).
  t.ok(run.origin !== undefined && run.origin.requests < run.requests, `origin requests ${run.origin?.requests} of ${run.requests}`);
});

for (const [proxy, boundMs] of [
  ['varnish:ttl', 1000 + 500],
  ['nginx:ttl', 2000 + 500],
] as const) {
  t.test(`reference behind ${proxy}: the oracle sees the TTL window`, async (t) => {
    const { run } = await runBehind(t, 'reference', proxy);
    t.ok(stale(run) > 0, `stale responses within the TTL: ${JSON.stringify(run.stale)}`);
    for (const status of ['200', '304'] as const) {
      const max = run.staleAgeMs[status]?.max ?? 0;
      t.ok(max <= boundMs, `stale ${status} ages bounded by the TTL (max ${max} ms ≤ ${boundMs} ms)`);
    }
  });
}

t.test('seed behind varnish:revalidate still shows its stale responses', async (t) => {
  const { run } = await runBehind(t, 'seed', 'varnish');
  t.ok(stale(run) > 0, `the seed's staleness passes through the proxy: ${JSON.stringify(run.stale)}`);
});

for (const proxy of ['varnish:purge', 'nginx:purge']) {
  t.test(`the invalidator purges ${proxy} for an app that does not (scenario purgeBy)`, async (t) => {
    // Every write straight to CouchDB: the invalidator learns of writes from the feed, as the app would.
    const { run } = await runBehind(t, 'none', undefined, { proxy, purgeBy: 'invalidator', writers: { throughAppShare: 0, moveShare: 0.3 } });
    t.equal(run.proxy, proxy);
    t.equal(stale(run), 0, `stale: ${JSON.stringify(run.stale)}`);
    // Each change costs the origin a few refreshes (nginx) or nothing until the next miss (Varnish).
    t.ok((run.origin?.requests ?? 0) > 0, `the origin hop is counted: ${JSON.stringify(run.origin)}`);
  });
}

t.test('no proxy process is left running', async (t) => {
  // Orphans only: a proxy another test file runs at the same time has its parent alive.
  const orphans = execFileSync('ps', ['-eo', 'ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /etag-bench-(varnish|nginx)-/.test(line) && line.trim().startsWith('1 '));
  t.same(orphans, [], 'no varnishd or nginx of ours outlived its harness');
});
