// The embedded environment's couchFaults: a persistent server restarted on the same URL with its data and
// seqs, feeds that end across the restart (so followers reconnect), pause/resume, and nothing left behind.
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import nano from 'nano';
import { startEmbeddedEnvironment } from '../../harness/environment/embedded-environment.js';
import type { Environment } from '../../harness/contract/environment.js';
import type { CouchFaults } from '../../harness/contract/faults.js';
import { http, openStream } from '../couchdb-compatible/fixture.js';
import { alive } from '../helpers/processes.js';

const DESIGN = { views: { 'by-group': { map: 'function (doc) { if (doc.group) emit(doc.group, null); }' } } };

interface CouchChild {
  pid: number;
  dataDir: string | undefined;
}

/** The `etag-bench couchdb` processes this test process started (the environment's child). */
function couchChildren(): CouchChild[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is no child at all
  }
  return out
    .split('\n')
    .filter((line) => / couchdb --port /.test(line))
    .map((line) => ({ pid: Number(line.trim().split(/\s+/)[0]), dataDir: /--data-dir (\S+)/.exec(line)?.[1] }));
}

async function start(t: Test, persistent: boolean): Promise<{ env: Environment; faults: CouchFaults; child: CouchChild }> {
  const before = new Set(couchChildren().map((c) => c.pid));
  const env = await startEmbeddedEnvironment({ persistent });
  t.teardown(() => env.stop());
  const child = couchChildren().find((c) => !before.has(c.pid));
  if (!child) throw new Error('no etag-bench couchdb child process found');
  if (!env.faults.couch) throw new Error('the embedded environment performs no CouchDB faults');
  return { env, faults: env.faults.couch, child };
}

t.test('restart(): same URL, documents, revs, update_seq and view kept; since=<old seq> gives only later changes', async (t) => {
  const { env, faults, child } = await start(t, true);
  t.equal(faults.persistent, true);
  t.ok(child.dataDir !== undefined && /etag-bench-couchdb-/.test(child.dataDir), `data dir ${child.dataDir}`);
  const couch = nano(env.couchdbUrl);
  await couch.db.create('db');
  const db = couch.use<{ group: string }>('db');
  const a = await db.insert({ group: 'g-1' }, 'a');
  const b = await db.insert({ group: 'g-2' }, 'b');
  await db.insert(DESIGN as never, '_design/etag-bench');
  await db.view('etag-bench', 'by-group');
  const before = await db.info();

  const started = performance.now();
  await faults.restart();
  t.comment(`restart took ${(performance.now() - started).toFixed(0)} ms`);

  t.notOk(alive(child.pid), 'the old process is gone');
  const [next] = couchChildren();
  t.ok(next && next.pid !== child.pid && next.dataDir === child.dataDir, 'a new process on the same data dir');
  t.equal((await http(env.couchdbUrl, 'GET', '/_up')).status, 200, 'the same URL answers');
  t.same(await couch.db.list(), ['db']);
  t.equal(String((await db.info()).update_seq).split('-')[0], String(before.update_seq).split('-')[0], 'update_seq kept');
  t.equal((await db.get('a'))._rev, a.rev, 'rev of a kept');
  t.equal((await db.get('b'))._rev, b.rev, 'rev of b kept');
  const c = await db.insert({ group: 'g-1' }, 'c');
  const changes = await db.changes({ since: before.update_seq });
  t.same(
    changes.results.map((row) => [row.id, row.changes[0]?.rev]),
    [['c', c.rev]],
    'only the change written after the restart',
  );
  const view = await db.view('etag-bench', 'by-group', { key: 'g-1' });
  t.same(
    view.rows.map((row) => row.id),
    ['a', 'c'],
    'the view has the old and the new documents',
  );
});

t.test('feeds open across a restart end, and a follower reconnecting with its last seq resumes', async (t) => {
  const { env, faults } = await start(t, true);
  const url = env.couchdbUrl;
  await http(url, 'PUT', '/db');
  await http(url, 'PUT', '/db/a', { body: { group: 'g-1' } });
  const seq = (await http(url, 'GET', '/db')).json.update_seq as string;
  const continuous = await openStream(url, '/db/_changes?feed=continuous&since=now&heartbeat=1000');
  const longpoll = await openStream(url, '/db/_changes?feed=longpoll&since=now&heartbeat=1000');
  t.teardown(() => {
    continuous.close();
    longpoll.close();
  });
  await faults.restart();
  await continuous.ended;
  await longpoll.ended;
  t.pass('both connections ended with the old process');
  await http(url, 'PUT', '/db/b', { body: { group: 'g-2' } });
  const resumed = await openStream(url, `/db/_changes?feed=continuous&since=${encodeURIComponent(seq)}&heartbeat=1000`);
  t.teardown(() => resumed.close());
  const text = await resumed.until((received) => received.includes('"id":"b"'));
  t.notMatch(text, /"id":"a"/, 'the follower gets only what it missed');
});

t.test('pause(): nothing answers within 300 ms; resume(): the pending request answers', async (t) => {
  const { env, faults } = await start(t, false);
  await faults.pause();
  const pending = fetch(`${env.couchdbUrl}/_up`).then((res) => res.status);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 300));
  t.equal(await Promise.race([pending, timeout]), 'timeout', 'no answer while paused');
  await faults.resume();
  t.equal(await pending, 200, 'answered once resumed');
});

t.test('stop() leaves no process and removes the data dir: running, paused, or restarted', async (t) => {
  for (const how of ['running', 'paused', 'restarted'] as const) {
    const { env, faults, child } = await start(t, true);
    if (how === 'paused') await faults.pause();
    if (how === 'restarted') await faults.restart();
    const pids = [child.pid, ...couchChildren().map((c) => c.pid)];
    await env.stop();
    t.same(pids.filter(alive), [], `${how}: no CouchDB process is left`);
    t.notOk(existsSync(child.dataDir!), `${how}: the data dir is removed`);
    await env.stop(); // idempotent
  }
});

t.test('restart() needs a persistent environment; the in-memory one has no data dir', async (t) => {
  const { faults, child } = await start(t, false);
  t.equal(faults.persistent, false);
  t.equal(child.dataDir, undefined);
  await t.rejects(faults.restart(), { message: /restarting CouchDB needs the persistent embedded server/ });
  t.ok(alive(child.pid), 'the server was left running');
});

t.test('restart() on a port taken meanwhile is a StartupError that says so', async (t) => {
  const { env, faults, child } = await start(t, true);
  process.kill(child.pid, 'SIGKILL');
  while (alive(child.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  const port = Number(new URL(env.couchdbUrl).port);
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
  await t.rejects(faults.restart(), { code: 'EB_ERR_STARTUP', message: new RegExp(`port ${port} was taken meanwhile`) });
});
