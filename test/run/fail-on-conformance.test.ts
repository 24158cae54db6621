// A default run does not hide conformance: the table ends with each stack's required and optional cases and the
// failing ids, summary.md says it in its verdict, and --fail-on-conformance turns a failed required case into exit 1
// for CI (refused with --no-conformance, which would skip what it fails on).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/processes.js';
import { shortSmoke } from '../helpers/scenario-file.js';

const dir = mkdtempSync(join(tmpdir(), 'eb-fail-conf-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const scenario = shortSmoke(dir, 2);

// `none` answers every request fresh from CouchDB: no stale response (its thresholds hold) and no 304 (it fails the
// required If-None-Match cases): a run that passes its thresholds and fails conformance. One run shows both what
// is reported and what the flag does; the reference beside it shows the flag fails on no conforming stack.
t.test('reported in the table and summary.md; --fail-on-conformance exits 1 naming the failing stack alone', async (t) => {
  const out = join(dir, 'failing');
  const { code, stdout, stderr } = await runCli(['run', '--env', 'embedded', '-s', scenario, '-i', 'none,reference', '-o', out, '--fail-on-conformance']);
  t.equal(code, 1, stderr.slice(-400));
  t.match(stdout, /^conformance:$/m, 'a conformance block under the runs table');
  t.match(stdout, /^ {2}none {7}✗ required \d+\/\d+, optional \d+\/\d+ — fails inm-strong, /m, 'none: counts and the failing ids');
  t.match(stdout, /^ {2}reference {2}✓ required (\d+)\/\1, optional (\d+)\/\2$/m, 'the reference passes every case');
  const md = readFileSync(join(out, 'summary.md'), 'utf8');
  t.match(md, /✗ conformance: none failed \d+ required case\(s\): inm-strong/, "summary.md's verdict");
  const [error] = stderr.split('\n').filter((line) => line.startsWith('etag-bench:'));
  t.match(error, /^etag-bench: conformance \(--fail-on-conformance\): none failed \d+ required case\(s\): inm-strong/);
  t.notMatch(error, /reference/, 'the conforming stack is not named');
  t.notMatch(error, /threshold/, 'no threshold failed: the exit is the flag');
  t.ok(readFileSync(join(out, 'results.json'), 'utf8').length > 0, 'results written');
});

t.test('--fail-on-conformance with --no-conformance is refused up front (exit 2)', async (t) => {
  const { code, stderr } = await runCli([
    'run',
    '--env',
    'embedded',
    '-s',
    scenario,
    '-i',
    'none',
    '-o',
    join(dir, 'x'),
    '--fail-on-conformance',
    '--no-conformance',
  ]);
  t.equal(code, 2);
  t.match(stderr, /^etag-bench: --fail-on-conformance: true is not usable with --no-conformance/m);
});
