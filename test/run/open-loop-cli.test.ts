// `etag-bench run` with an open-loop scenario, and with --rate, on the embedded environment.

import t, { type Test } from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateResults } from '../../harness/results/validate-results.js';
import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import type { ScenarioFile } from '../../harness/scenario/scenario.js';
import { runCli } from '../helpers/processes.js';
import { scenarioFile } from '../helpers/scenario-file.js';

const DURATION_S = 3;

const OPEN_TINY: ScenarioFile = {
  name: 'open-tiny',
  description: 'a short open-loop load',
  documents: { count: 30, groups: 3 },
  durationS: DURATION_S,
  warmupS: 0.5,
  readers: { connections: 4, clients: 8 },
  writers: { ratePerSecond: 10 },
  probes: { everyNthWrite: 2, deadlineMs: 1000 },
};

/** OPEN_TINY with this `load`, or closed loop (no `load`) without one. */
function openTiny(dir: string, load?: ScenarioFile['load']): string {
  return scenarioFile(dir, OPEN_TINY, load === undefined ? {} : { load }, `open-${load === undefined ? 'closed' : 'open'}`);
}

async function runOnce(t: Test, scenario: string, extra: string[] = []): Promise<RunResult> {
  const out = join(mkdtempSync(join(tmpdir(), 'eb-open-')), 'out');
  const { code, stderr } = await runCli(['run', '-e', 'embedded', '-s', scenario, '-i', 'reference', '--no-conformance', '--quiet', '-o', out, ...extra]);
  t.equal(code, 0, `exit 0 (stderr: ${stderr.slice(-500)})`);
  const value = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as unknown;
  const validation = validateResults(value);
  t.ok(validation.ok, `results.json validates: ${validation.ok ? '' : validation.errors.join('; ')}`);
  return (value as ResultsFile).runs[0]!;
}

t.test('an open-loop scenario sends at its rate and reports the load it ran', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-open-'));
  // Well under what the embedded reference serves (about 150/s with 4 connections on a busy 2-core machine).
  const run = await runOnce(t, openTiny(dir, { mode: 'open', ratePerSecond: 80, maxInFlight: 16 }));
  t.equal(run.load?.mode, 'open');
  t.equal(run.load?.targetRps, 80);
  t.equal(run.load?.maxInFlight, 16);
  t.ok((run.load?.missedSends ?? -1) >= 0, `missed sends counted (${run.load?.missedSends})`);
  const expected = 80 * run.durationS;
  t.ok(Math.abs(run.requests - expected) <= expected * 0.15, `${run.requests} requests in ${run.durationS} s, about 80/s (${expected})`);
  t.equal(run.errors, 0, `no errors ${JSON.stringify(run.errorReasons)}`);
  t.equal(run.stale['304'] + run.stale['200'], 0, 'the reference serves nothing stale');
});

t.test('--rate runs a closed scenario open loop at that rate', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-open-'));
  const run = await runOnce(t, openTiny(dir), ['--rate', '50']);
  t.equal(run.load?.mode, 'open');
  t.equal(run.load?.targetRps, 50);
  t.equal(run.load?.maxInFlight, 4, 'at most readers.connections in flight by default');
  const expected = 50 * run.durationS;
  t.ok(Math.abs(run.requests - expected) <= expected * 0.15, `${run.requests} requests, about 50/s (${expected})`);
});

t.test('without load or --rate the run is closed loop, and says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-open-'));
  const run = await runOnce(t, openTiny(dir), ['-d', '1']);
  t.same(run.load, { mode: 'closed' });
});

t.test('--rate must be a number > 0', async (t) => {
  const { code, stderr } = await runCli(['run', '--rate', '0']);
  t.equal(code, 2);
  t.match(stderr, /--rate.*'0' is invalid/);
});
