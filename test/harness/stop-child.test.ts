// Stopping a child: SIGTERM first, SIGKILL after the grace period, a paused child continued first, and an
// already exited one left alone. Every long-running process the harness starts is stopped this way.

import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stopChild } from '../../harness/stop-child.js';
import { alive } from '../helpers/processes.js';

/** A node child that prints "ready" once its SIGTERM handler (if any) is installed. */
async function child(script: string) {
  const started = spawn(process.execPath, ['-e', `${script}; console.log('ready'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(started.stdout!, 'data');
  return started;
}

t.test('a child that exits on SIGTERM is stopped by it, well within the grace', async (t) => {
  const c = await child(`process.on('SIGTERM', () => process.exit(0))`);
  const start = performance.now();
  await stopChild(c, { graceMs: 5000 });
  t.ok(performance.now() - start < 2000);
  t.equal(c.exitCode, 0, 'exited on its own terms');
  t.notOk(alive(c.pid!));
});

t.test('a child that ignores SIGTERM is killed after the grace period', async (t) => {
  const c = await child(`process.on('SIGTERM', () => {})`);
  const start = performance.now();
  await stopChild(c, { graceMs: 300 });
  const took = performance.now() - start;
  t.equal(c.signalCode, 'SIGKILL');
  t.ok(took >= 250 && took < 3000, `after the grace (${took.toFixed(0)} ms)`);
  t.notOk(alive(c.pid!));
});

t.test('a paused child is continued first, so that SIGTERM works', async (t) => {
  const c = await child(`process.on('SIGTERM', () => process.exit(0))`);
  const exited = once(c, 'exit');
  c.kill('SIGSTOP');
  await stopChild(c, { exited, continueFirst: true, graceMs: 5000 });
  t.equal(c.exitCode, 0, 'SIGTERM handled, not SIGKILLed');
});

t.test('an exited child is left alone', async (t) => {
  const c = await child('');
  c.kill('SIGKILL');
  await once(c, 'exit');
  await stopChild(c);
  t.equal(c.signalCode, 'SIGKILL');
});
