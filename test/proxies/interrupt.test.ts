// Ctrl-C during a run behind a proxy: the run ends (exit 130) and no proxy process is left behind.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { CLI, markedProcesses, ROOT, TEST_MARK } from '../helpers/processes.js';

// Only this test's varnishd (marked through the environment it inherits), not one another test file started.
const mark = randomUUID();
// By the program run ("pid: /usr/sbin/varnishd …"), not anywhere in the line: the output folder's name has it too.
const ours = (): string =>
  markedProcesses(mark)
    .filter((line) => /^\d+: \S*varnishd\s/.test(line))
    .join('\n');

t.test('SIGINT behind varnish stops varnishd too', async (t) => {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'run',
      '-e',
      'embedded',
      '-s',
      'smoke',
      '-i',
      'reference',
      '-p',
      'varnish',
      '-d',
      '60',
      '--no-conformance',
      '--quiet',
      '-o',
      join(t.testdir(), 'out'),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, [TEST_MARK]: mark },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const deadline = Date.now() + 60_000;
  while (ours() === '' && Date.now() < deadline && child.exitCode === null) await sleep(200);
  t.not(ours(), '', 'varnishd was started');
  child.kill('SIGINT');
  const [code] = await exited;
  t.equal(code, 130, `interrupted: ${stderr.slice(-400)}`);
  t.equal(ours(), '', 'no varnishd of ours left');
});
