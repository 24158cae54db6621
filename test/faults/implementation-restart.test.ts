// StartedImplementation.restart(): a crash on purpose (SIGKILL) and a start again on the same URL, against the
// embedded CouchDB. The harness must not read the deliberate kill as a crash, but must still see a real one.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { seedDocuments } from '../../harness/environment/seed-documents.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { StartedImplementation } from '../../harness/implementations/started-implementation.js';
import { PACKAGE_ROOT } from '../../harness/package-info.js';
import { eventually, request, startCouch } from '../helpers/stack.js';
import { alive } from '../helpers/processes.js';

async function start(t: Test, spec: string): Promise<StartedImplementation> {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 5);
  const started = await StartedImplementation.start(parseImplSpec(spec), { couchdbUrl: couch.getUrl(), db: 'bench' });
  t.teardown(() => started.stop());
  return started;
}

/** The running processes of a process group (a zombie waiting for init to reap it runs no more). */
function groupMembers(pgid: number): string {
  return execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && !stat!.startsWith('Z'))
    .map(([pid]) => pid)
    .join('\n');
}

t.test('a built-in answers on the same URL after restart, as a new process', async (t) => {
  const impl = await start(t, 'reference');
  const url = impl.url;
  t.equal((await request(`${url}/doc/doc-1`)).status, 200, 'serves before the restart');
  const oldPid = impl.pid!;

  const restarted = impl.restart();
  t.ok(impl.restarting, 'restarting while it runs');
  t.equal(impl.exit, undefined, 'exit stays undefined during the restart');
  await restarted;
  t.notOk(impl.restarting);
  t.equal(impl.exit, undefined, 'and after it: the kill was no crash');

  t.equal(impl.url, url, 'the same URL');
  t.equal((await request(`${url}/health`)).status, 200, '/health answers on it');
  t.equal((await request(`${url}/doc/doc-1`)).status, 200, 'and pages too');
  t.not(impl.pid, oldPid, 'a different pid');
  t.notOk(alive(oldPid), 'the old process is gone');

  const newPid = impl.pid!;
  await impl.stop();
  t.ok(impl.exit !== undefined, 'stop() after a restart ends the new process');
  t.notOk(alive(newPid), 'nothing is left running');
});

t.test('a crash after a restart is still reported', async (t) => {
  const impl = await start(t, 'none');
  await impl.restart();
  process.kill(impl.pid!, 'SIGKILL');
  t.ok(await eventually(async () => impl.exit !== undefined, 5000), 'exit is set');
  t.equal(impl.exit?.signal, 'SIGKILL');
  await t.rejects(impl.restart(), { code: 'EB_ERR_STARTUP' }, 'a dead implementation is not restarted');
});

t.test('a cmd: implementation is restarted as a whole process group', async (t) => {
  const main = join(PACKAGE_ROOT, 'dist', 'reference-server', 'main.js');
  // `; true` keeps the shell alive as the group's leader, with the server as its child.
  const impl = await start(t, `cmd:${process.execPath} ${main} none; true`);
  const oldGroup = impl.pid!;
  t.equal(groupMembers(oldGroup).split('\n').length, 2, 'the shell and the server');

  await impl.restart();
  t.equal(groupMembers(oldGroup), '', 'the old shell and server are gone');
  t.equal((await request(`${impl.url}/health`)).status, 200, 'the same URL answers');

  const newGroup = impl.pid!;
  await impl.stop();
  t.equal(groupMembers(newGroup), '', 'stop() leaves nothing');
});

t.test('a url: implementation is not the harness’s to restart', async (t) => {
  const running = await start(t, 'none');
  const external = await StartedImplementation.start(parseImplSpec(`url:${running.url}`), { couchdbUrl: 'unused', db: 'unused' });
  await t.rejects(external.restart(), { code: 'EB_ERR_STARTUP' });
  t.equal(external.pid, undefined);
});
