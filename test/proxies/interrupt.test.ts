// Ctrl-C during a run behind a proxy: the run ends (exit 130) and no proxy process is left behind.

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { CLI, ROOT } from '../helpers/processes.js';

const ours = (): string => {
  try {
    return execFileSync('pgrep', ['-af', 'etag-bench-varnish-'], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
};

t.test('SIGINT behind varnish stops varnishd too', async (t) => {
  const child = spawn(process.execPath, [CLI, 'run', '-e', 'embedded', '-s', 'smoke', '-i', 'reference', '-p', 'varnish', '-d', '60', '--no-conformance', '--quiet', '-o', join(t.testdir(), 'out')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
