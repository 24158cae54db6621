// `run --agents N`: the readers on N worker threads. Verdicts do not depend on N (the implementations flagged with
// one agent are flagged with two, the reference stays at 0), every request is counted once in every histogram, and
// nothing is left running.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { decodeHistogram } from '../../harness/results/latency-histogram.js';
import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import { runCli } from '../helpers/processes.js';
import { shortSmoke } from '../helpers/scenario-file.js';

t.setTimeout(600_000);

const stale = (run: RunResult): number => run.stale['200'] + run.stale['304'];

async function runWith(t: Tap.Test, agents: number): Promise<ResultsFile> {
  const dir = t.testdir();
  const out = join(dir, 'out');
  // Exact ones (reference; none renders every page) and flawed ones (seed's stale 304s; ttl's stale copies).
  const args = ['run', '-e', 'embedded', '-s', shortSmoke(dir, 3), '-i', 'reference,none,seed,ttl', '--agents', String(agents)];
  const { code, stderr } = await runCli([...args, '--no-conformance', '--quiet', '-o', out]);
  t.equal(code, 0, `--agents ${agents}: exit 0${code === 0 ? '' : ` (${stderr.slice(-500)})`}`);
  return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
}

declare namespace Tap {
  type Test = import('tap').Test;
}

t.test('--agents 2 judges as --agents 1: the same implementations flagged, the reference at 0', async (t) => {
  const one = await runWith(t, 1);
  const two = await runWith(t, 2);
  for (const results of [one, two]) {
    for (const run of results.runs) t.ok(run.requests > 200, `${run.impl}: enough responses to judge (${run.requests})`);
  }
  const flagged = (results: ResultsFile) => results.runs.filter((run) => stale(run) > 0).map((run) => run.impl);
  t.same(flagged(one), ['seed', 'ttl'], 'one agent: the seed and ttl are stale');
  t.same(flagged(two), flagged(one), 'two agents: the same verdicts');
  t.equal(stale(two.runs[0]!), 0, `reference exact with two agents: ${JSON.stringify(two.runs[0]!.stale)}`);
});

t.test('with two agents every request is counted once: statuses, classes and histograms add up', async (t) => {
  const results = await runWith(t, 2);
  t.ok(results.environment.harnessCeilingRps !== null && results.environment.harnessCeilingRps > 0, 'the ceiling is measured with the agents');
  for (const run of results.runs) {
    const statuses = Object.values(run.status).reduce((a, b) => a + b, 0);
    t.equal(statuses, run.requests, `${run.impl}: statuses add up to the requests`);
    const classes = Object.values(run.classes).reduce((a, b) => a + b, 0);
    t.equal(classes, run.requests, `${run.impl}: every response judged once`);
    for (const [status, encoded] of Object.entries(run.histograms)) {
      t.equal(decodeHistogram(encoded).totalCount, run.status[status], `${run.impl}: the ${status} histogram counts each ${status} once`);
    }
    // The timeline buckets responses by arrival on the coordinator's clock: the agents' clocks must agree with it,
    // or their responses would fall outside the window's buckets.
    const perBucket = run.timeline!.responses.reduce((a, b) => a + b, 0);
    t.ok(Math.abs(perBucket - run.requests) <= run.requests * 0.05, `${run.impl}: the timeline holds the agents' responses (${perBucket} of ${run.requests})`);
  }
});

t.test('--agents refused before anything starts when an agent would have nothing to send (exit 2)', async (t) => {
  const dir = t.testdir();
  const { code, stderr } = await runCli(['run', '-e', 'embedded', '-s', shortSmoke(dir, 2), '--agents', '999', '--no-conformance', '-o', join(dir, 'out')]);
  t.equal(code, 2);
  t.match(stderr.trim().split('\n').at(-1), /^etag-bench: --agents: 999 is not possible for smoke: 999 agents need at least 999 connections$/);
  const bad = await runCli(['run', '-e', 'embedded', '--agents', 'many', '-o', join(dir, 'out')]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--agents.*expected a whole number ≥ 1, or auto/);
});
