// Nobody in: during a run every server the harness starts (the embedded CouchDB, implementations, memcached,
// the proxy, the counting hop, the invalidator) listens on loopback only. Sampled from the outside with `ss`,
// over the whole process tree of the CLI, while it runs.

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { CLI, ROOT } from '../helpers/processes.js';
import { invalidatorScenario } from '../helpers/scenario-file.js';

/** The pid and every descendant of it, from `ps`. */
function processTree(root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid === undefined || ppid === undefined || Number.isNaN(pid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree = new Set<number>();
  const visit = (pid: number): void => {
    tree.add(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** Listening TCP sockets as `address:port` with the pids holding them. */
function listening(): Array<{ local: string; pids: number[] }> {
  return execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      return { local: columns[3]!, pids: [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])) };
    });
}

const isLoopback = (local: string): boolean => /^(127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:127\.\d+\.\d+\.\d+\]):\d+$/.test(local);

t.test('run (with memcached, Varnish purging and the invalidator): every listening socket is on loopback', async (t) => {
  const dir = t.testdir();
  const scenario = invalidatorScenario(dir, 'loopback-check', { description: 'long enough to look at every server it starts', durationS: 3 });
  const child = spawn(
    process.execPath,
    [CLI, 'run', '-e', 'embedded', '-s', scenario, '-i', 'reference,ttl', '--no-conformance', '--quiet', '-o', join(dir, 'out')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  t.teardown(() => void child.kill('SIGKILL'));

  const seen = new Map<string, number>();
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    const tree = processTree(child.pid!);
    for (const socket of listening()) if (socket.pids.some((pid) => tree.has(pid))) seen.set(socket.local, (seen.get(socket.local) ?? 0) + 1);
    await sleep(200);
  }
  const [code] = (await exited) as [number | null];
  t.equal(code, 0, `the run exits 0: ${stderr.slice(-400)}`);
  // CouchDB, two implementations, memcached, Varnish and two counting hops at least.
  t.ok(seen.size >= 5, `servers seen listening: ${[...seen.keys()].join(', ')}`);
  t.same(
    [...seen.keys()].filter((local) => !isLoopback(local)),
    [],
    'none listens beyond loopback',
  );
});
