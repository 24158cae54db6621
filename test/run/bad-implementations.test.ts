// Implementations that do not start, never become healthy, or die mid-run: one clear line and an exit code
// (2 when one did not start, 1 when one crashed), no stack trace, the other runs measured and written, and every
// process started so far stopped.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { ResultsFile } from '../../harness/results/types.js';
import { fixtureSpec } from '../conformance/fixtures/conformance-fixture.js';
import { runCli } from '../helpers/processes.js';
import { shortScenario } from '../helpers/scenario-file.js';

const lastLine = (text: string): string => text.trim().split('\n').at(-1) ?? '';
const results = (dir: string): ResultsFile => JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsFile;

function running(pattern: string): string {
  try {
    return execFileSync('pgrep', ['-af', pattern], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

t.test('a cmd: that exits at once: exit 2, one line naming it, the results written', async (t) => {
  const dir = t.testdir();
  const { code, stderr } = await runCli([
    'run',
    '-e',
    'embedded',
    '-s',
    shortScenario(dir, 'bad-impl'),
    '-i',
    'cmd:exit 3',
    '--no-conformance',
    '--quiet',
    '-o',
    join(dir, 'out'),
  ]);
  t.equal(code, 2);
  t.equal(lastLine(stderr), 'etag-bench: bad-impl × cmd:exit 3: cmd:exit 3 exited (code 3) before it was ready');
  t.notMatch(stderr, /^\s+at /m, 'no stack trace');
  t.match(results(dir).runs[0], { impl: 'cmd:exit 3', failureKind: 'start', requests: 0 });
});

t.test('a cmd: that never becomes healthy, beside reference: reference is measured, the other stopped, exit 2', async (t) => {
  const dir = t.testdir();
  const { code, stderr } = await runCli(
    ['run', '-e', 'embedded', '-s', shortScenario(dir, 'bad-impl'), '-i', 'reference,cmd:sleep 987', '--no-conformance', '--quiet', '-o', join(dir, 'out')],
    { ETAG_BENCH_READY_TIMEOUT_MS: '2000' },
  );
  t.equal(code, 2);
  t.match(lastLine(stderr), /^etag-bench: bad-impl × cmd:sleep 987: cmd:sleep 987 not ready after 2000 ms/);
  const [reference, never] = results(dir).runs;
  t.ok(reference!.requests > 0 && reference!.failure === undefined, `reference ran (${reference!.requests} requests)`);
  t.match(never, { failureKind: 'start' });
  t.equal(running('sleep 987'), '', 'the process that never answered was stopped');
});

t.test('an implementation that dies mid-run: reported as crashed with its last output, the next one runs, exit 1', async (t) => {
  const dir = t.testdir();
  const dying = fixtureSpec('exits-after', 'EXIT_AFTER=100');
  // No warm-up: what it answered before dying falls in the measured window.
  const { code, stderr } = await runCli([
    'run',
    '-e',
    'embedded',
    '-s',
    shortScenario(dir, 'bad-impl', { warmupS: 0 }),
    '-i',
    dying,
    '-i',
    'reference',
    '--no-conformance',
    '--quiet',
    '-o',
    join(dir, 'out'),
  ]);
  t.equal(code, 1, stderr.slice(-300));
  t.match(lastLine(stderr), /^etag-bench: a run failed: bad-impl × cmd:.*exits-after\.mjs: .* exited during the run/);
  t.notMatch(stderr, /^\s+at /m, 'no stack trace');
  const [crashed, reference] = results(dir).runs;
  t.match(crashed, { failureKind: 'crash', failure: /exited during the run/ });
  t.ok(crashed!.requests > 0, 'what it answered before it died is kept');
  t.ok(reference!.requests > 0 && reference!.failure === undefined, 'the next implementation ran');
});
