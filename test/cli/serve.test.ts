import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import nano from 'nano';
import { CLI, runCli, spawnReady } from '../helpers/processes.js';
import { eventually, request, revInBody } from '../helpers/stack.js';

// The README's walkthrough, as a user runs it: serve with seeded documents, then plain HTTP.
for (const impl of ['reference', 'seed']) {
  t.test(`etag-bench serve --impl ${impl} --seed 100`, async (t) => {
    const served = await spawnReady(t, [CLI, 'serve', '--impl', impl, '--port', '0', '--seed', '100', '--json']);
    const { url, couchdbUrl, db } = served.ready as { url: string; couchdbUrl: string; db: string };
    t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    t.equal(db, 'etag-bench');

    const first = await request(`${url}/doc/doc-42`);
    t.equal(first.status, 200);
    t.match(first.etag, /^"1-[0-9a-f]+"$/);
    t.equal((await request(`${url}/doc/doc-42`, { headers: { 'If-None-Match': first.etag! } })).status, 304);

    const direct = nano(couchdbUrl).use<Record<string, unknown>>(db);
    const doc = await direct.get('doc-42');
    const written = await direct.insert({ ...doc, title: 'straight to CouchDB' });
    let last = first;
    const seen = await eventually(async () => {
      last = await request(`${url}/doc/doc-42`, { headers: { 'If-None-Match': first.etag! } });
      return last.status === 200;
    });
    if (impl === 'reference') {
      t.ok(seen, 'the next conditional GET is a 200');
      t.equal(revInBody(last.body), written.rev, 'with the new rev');
    } else {
      t.notOk(seen, 'the seed keeps answering 304');
    }

    t.equal(await served.stop('SIGINT'), 0, 'Ctrl-C stops it with exit 0');
    const refused = await fetch(`${url}/health`).then(
      () => false,
      () => true,
    );
    t.ok(refused, 'its port is closed afterwards');
    const couchGone = await fetch(couchdbUrl).then(
      () => false,
      () => true,
    );
    t.ok(couchGone, 'the embedded CouchDB it started is stopped too');
  });
}

t.test('a port in use is one clear line and exit 2', async (t) => {
  const blocker = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.teardown(() => blocker.close());
  const { port } = blocker.address() as AddressInfo;
  const { code, stderr } = await runCli(['serve', '--port', String(port)]);
  t.equal(code, 2);
  t.equal(stderr.trim(), `etag-bench: port ${port} on 127.0.0.1 is in use`);
});

t.test('an unreachable CouchDB URL is one clear line and exit 2', async (t) => {
  const closed = createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const { code, stderr } = await runCli(['serve', '--port', '0', '--couchdb-url', `http://admin:secret@127.0.0.1:${port}`]);
  t.equal(code, 2);
  t.match(stderr, /^etag-bench: cannot use CouchDB at http:\/\/admin:\*\*\*@127\.0\.0\.1:\d+/);
  t.notMatch(stderr, /secret/, 'the password is redacted');
  t.equal(stderr.trim().split('\n').length, 1);
});

t.test('etag-bench couchdb --admin requires basic auth', async (t) => {
  const served = await spawnReady(t, [CLI, 'couchdb', '--port', '0', '--admin', 'admin:pw', '--json']);
  const { url } = served.ready as { url: string };
  t.equal((await fetch(`${url}/_up`)).status, 200);
  t.equal((await fetch(`${url}/_all_dbs`)).status, 401);
  const withAuth = nano(url.replace('http://', 'http://admin:pw@'));
  await withAuth.db.create('authed');
  t.ok((await withAuth.db.list()).includes('authed'));
  t.equal(await served.stop('SIGTERM'), 0);
});

t.test('serve --env external uses a database of its own and deletes it on exit', async (t) => {
  const couch = await spawnReady(t, [CLI, 'couchdb', '--port', '0', '--admin', 'admin:pw', '--json']);
  const couchUrl = (couch.ready.url as string).replace('http://', 'http://admin:pw@');
  const served = await spawnReady(t, [CLI, 'serve', '--env', 'external', '--couchdb-url', couchUrl, '--port', '0', '--seed', '5', '--json']);
  const { url, db, couchdbUrl } = served.ready as { url: string; db: string; couchdbUrl: string };
  t.match(db, /^etag-bench-/, 'a fresh database');
  t.notMatch(couchdbUrl, /:pw@/, 'the printed URL is redacted');
  t.equal((await request(`${url}/doc/doc-3`)).status, 200, 'serves the seeded documents');
  t.equal(await served.stop('SIGINT'), 0);
  t.notOk((await nano(couchUrl).db.list()).includes(db), 'its database is gone');
});
