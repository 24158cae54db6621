// Interrupts the way users send them, against a real `etag-bench run` on the embedded default: a terminal's
// Ctrl-C (SIGINT to the whole foreground process group, CouchDB and the implementation included), SIGTERM to the
// main process, and a second Ctrl-C. The first stops the load, keeps the children until the results are read and
// written (marked partial), then stops them: exit 130 (143 for SIGTERM), nothing left running.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ResultsFile } from '../../harness/results/types.js';
import { shortSmoke } from '../helpers/scenario-file.js';
import { processesLeft, startTerminalRun } from '../helpers/terminal-run.js';

const dir = mkdtempSync(join(tmpdir(), 'eb-pgroup-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
// Long enough that an interrupt always lands inside the measured load.
const scenario = shortSmoke(dir, 120);
const LOAD_RUNNING = /load running/;
const runArgs = (out: string): string[] => ['run', '--env', 'embedded', '-s', scenario, '-i', 'reference', '--no-conformance', '-o', out];

function checkPartialResults(t: Test, out: string): void {
  t.ok(
    ['results.json', 'report.html', 'summary.md'].every((f) => existsSync(join(out, f))),
    'results, report and summary written',
  );
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  const measured = results.runs[0]!;
  t.equal(measured.partial, true, 'marked partial');
  t.ok(measured.requests > 0, `what was measured is kept (${measured.requests} requests)`);
  t.not(results.environment.harnessCeilingRps, null, 'the ceiling was measured before the interrupt');
}

t.test('Ctrl-C from a terminal, through npx: everything written and stopped, though npm returns at once', async (t) => {
  const out = join(dir, 'npx-ctrl-c');
  const run = startTerminalRun(t, runArgs(out));
  await run.waitFor(LOAD_RUNNING, 120_000);
  const started = performance.now();
  run.signalGroup('SIGINT');
  const npx = await run.exited;
  // npm exec dies of the signal itself (the shell shows 130) and does not wait for its child: etag-bench
  // finishes in the background, which is why nothing may depend on its children getting that signal.
  t.ok(npx.signal === 'SIGINT' || npx.code === 130, `npx reports the interrupt (${JSON.stringify(npx)})`);
  t.same(await processesLeft(run.mark, 20_000), [], 'no process left: CouchDB, the implementation, the harness');
  t.comment(`Ctrl-C to the last process gone, through npx: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  t.notMatch(run.stderr(), /unexpected error|TypeError|fetch failed/, 'the children outlived the signal: no failure reading them');
  t.match(run.stderr(), /interrupted: the results are partial/);
  checkPartialResults(t, out);
});

t.test('Ctrl-C from a terminal, the bin run directly: exit 130, partial results, nothing left', async (t) => {
  const out = join(dir, 'bin-ctrl-c');
  const run = startTerminalRun(t, runArgs(out), 'bin');
  await run.waitFor(LOAD_RUNNING, 120_000);
  const started = performance.now();
  run.signalGroup('SIGINT');
  const { code } = await run.exited;
  const tookS = (performance.now() - started) / 1000;
  t.comment(`Ctrl-C to exit: ${tookS.toFixed(1)} s`);
  t.equal(code, 130, `exit 130 (stderr ends: ${run.stderr().slice(-400)})`);
  t.ok(tookS < 60, `stopped long before the scenario's 120 s (${tookS.toFixed(1)} s)`);
  checkPartialResults(t, out);
  t.same(await processesLeft(run.mark, 5000), [], 'no process left');
});

t.test('SIGTERM to the main process: partial results, exit 143 (through npx, which passes its code on), nothing left', async (t) => {
  const out = join(dir, 'sigterm');
  const run = startTerminalRun(t, runArgs(out));
  await run.waitFor(LOAD_RUNNING, 120_000);
  const main = run.mainPid();
  t.ok(main, 'found the harness process');
  process.kill(main!, 'SIGTERM');
  t.same(await run.exited, { code: 143, signal: null }, `exit 143 (stderr ends: ${run.stderr().slice(-300)})`);
  checkPartialResults(t, out);
  t.same(await processesLeft(run.mark, 5000), [], 'no process left');
});

t.test('a second Ctrl-C stops at once, and still leaves nothing running', async (t) => {
  const out = join(dir, 'twice');
  const run = startTerminalRun(t, runArgs(out), 'bin');
  await run.waitFor(LOAD_RUNNING, 120_000);
  run.signalGroup('SIGINT');
  // The second one while the first is being handled (writing the results takes under a second).
  await new Promise((resolve) => setTimeout(resolve, 50));
  run.signalGroup('SIGINT');
  t.same(await run.exited, { code: 130, signal: null }, `exit 130 (stderr ends: ${run.stderr().slice(-300)})`);
  t.match(run.stderr(), /interrupted again: stopping everything now/);
  t.same(await processesLeft(run.mark, 5000), [], 'no process left, though the harness did not stop them one by one');
});
