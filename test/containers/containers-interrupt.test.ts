import t from 'tap';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultsFile } from '../../harness/results/types.js';
import { containersOf, requireRuntime, spawnCli, waitForContainers, waitForNone } from './fixtures/containers.js';
import { shortSmoke } from '../helpers/scenario-file.js';
import { processesLeft, startTerminalRun } from '../helpers/terminal-run.js';

// CouchDB and the implementation are containers: Ctrl-C must stop them; a harness that dies without stopping
// them (a second Ctrl-C quits at once, a crash, SIGKILL) leaves them to the environment's reaper.
const RUNNING = 2; // the CouchDB-compatible server and the reference

t.test('Ctrl-C: exit 130, partial results, every container stopped and removed', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-int-'));
  const out = join(dir, 'out');
  const run = spawnCli(t, ['run', '--env', 'containers', '-s', shortSmoke(dir, 60), '-i', 'reference', '--no-conformance', '-o', out, '--quiet']);
  const pid = run.child.pid!;
  const running = await waitForContainers(endpoint, pid, RUNNING, 120_000);
  t.equal(running.length, RUNNING, `the run started its containers (${running.map((c) => c.Names?.[0]).join(', ')})`);
  await sleep(1500);
  run.child.kill('SIGINT');
  const code = await run.exited;
  t.equal(code, 130, `exit 130 after Ctrl-C (stderr ends: ${run.stderr().slice(-400)})`);
  t.same(await waitForNone(endpoint, pid, 1000), [], 'no container left, running or stopped');
  t.ok(existsSync(join(out, 'results.json')), 'what was measured is written');
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.equal(results.runs[0]?.partial, true, 'marked partial');
});

t.test('the harness gone without stopping anything (SIGKILL, a crash, a second Ctrl-C): the reaper removes the containers', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-int2-'));
  const run = spawnCli(t, ['run', '--env', 'containers', '-s', shortSmoke(dir, 60), '-i', 'reference', '--no-conformance', '-o', join(dir, 'out'), '--quiet']);
  const pid = run.child.pid!;
  const running = await waitForContainers(endpoint, pid, RUNNING, 120_000);
  t.equal(running.length, RUNNING, 'the run started its containers');
  run.child.kill('SIGKILL');
  await run.exited;
  const left = await waitForNone(endpoint, pid, 20_000);
  t.same(left, [], 'the reaper removed every container within 20 s');
});

t.test('Ctrl-C from a terminal (SIGINT to the group of `npx etag-bench run --env containers`): written, stopped, removed', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-pgroup-'));
  const out = join(dir, 'out');
  const run = startTerminalRun(t, ['run', '--env', 'containers', '-s', shortSmoke(dir, 120), '-i', 'reference', '--no-conformance', '-o', out]);
  await run.waitFor(/load running/, 180_000);
  const pid = run.mainPid()!;
  t.equal((await containersOf(endpoint, pid)).length, RUNNING, 'the run has its containers');
  const started = performance.now();
  run.signalGroup('SIGINT');
  await run.exited;
  t.same(await processesLeft(run.mark, 30_000), [], 'the harness finished and left no process');
  t.comment(`Ctrl-C to the last process gone, containers: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  t.same(await containersOf(endpoint, pid), [], 'no container left, running or stopped');
  t.notMatch(run.stderr(), /unexpected error/, 'no failure reading the containers after the signal');
  t.match(run.stderr(), /interrupted: the results are partial/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.equal(results.runs[0]?.partial, true, 'results written, marked partial');
  t.ok((results.runs[0]?.requests ?? 0) > 0, 'with what was measured');
});
