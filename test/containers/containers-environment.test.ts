import t from 'tap';
import { dockerRequest, listContainers } from '../../harness/environment/containers/docker-api.js';
import { SESSION_LABEL } from '../../harness/environment/containers/container-reaper.js';
import { startContainersEnvironment } from '../../harness/environment/containers/containers-environment.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { withoutCredentials } from '../../harness/environment/couch-auth.js';
import { requireRuntime } from './fixtures/containers.js';

// The environment's API, as run and conformance use it: CouchDB on the network, built-ins in containers that
// reach it by its alias (and memcached by its own, for ttl), cmd: implementations as local processes.
t.test('containers environment: CouchDB, implementations and memcached on one network; stop removes them all', async (t) => {
  const endpoint = await requireRuntime(t);
  const notes: string[] = [];
  const environment = await startContainersEnvironment({ note: (text) => notes.push(text) });
  t.teardown(() => environment.stop());
  t.comment(`containers environment start-up: ${environment.startupMs} ms; ${notes.join(' | ')}`);
  t.equal(environment.kind, 'containers');
  t.match(environment.couchdb, { vendor: /\S/, version: /\S/, image: /\S/ }, 'knows which CouchDB runs, and its image');
  t.match(environment.couchdbUrl, /^http:\/\/(.*@)?localhost:\d+$/, 'the harness reaches CouchDB through a mapped port on localhost');

  const db = await environment.database('api');
  // Apache CouchDB wants its admin's credentials, which fetch takes as a header, never in the URL.
  const couch = withoutCredentials(environment.couchdbUrl);
  const put = await fetch(`${couch.url}/${db.name}/doc-1`, {
    method: 'PUT',
    body: JSON.stringify({ group: 'g-1' }),
    headers: { ...couch.headers, 'content-type': 'application/json' },
  });
  const { rev } = (await put.json()) as { rev: string };

  const reference = await environment.startImplementation(parseImplSpec('reference'), { couchdbUrl: environment.couchdbUrl, db: db.name });
  t.teardown(() => reference.stop());
  t.match(reference.url, /^http:\/\/localhost:\d+$/, 'a built-in runs in a container behind a mapped port');
  t.match(reference.networkUrl, /^http:\/\/impl-reference-\d+:8080$/, 'and has a name on the network (for a proxy container)');
  const page = await fetch(`${reference.url}/doc/doc-1`);
  t.equal(page.status, 200);
  t.match(await page.text(), rev, 'it reads CouchDB through the network alias');

  // The changes feed crosses containers: a write straight to CouchDB invalidates the container's registry.
  const etag = page.headers.get('etag')!;
  t.equal((await fetch(`${reference.url}/doc/doc-1`, { headers: { 'if-none-match': etag } })).status, 304, '304 while current');
  await fetch(`${couch.url}/${db.name}/doc-1`, {
    method: 'PUT',
    body: JSON.stringify({ _rev: rev, group: 'g-2' }),
    headers: { ...couch.headers, 'content-type': 'application/json' },
  });
  let status = 304;
  for (let i = 0; i < 40 && status === 304; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await fetch(`${reference.url}/doc/doc-1`, { headers: { 'if-none-match': etag } })).status;
  }
  t.equal(status, 200, 'a write straight to CouchDB reaches the implementation container through _changes');

  const support = await environment.startSupport([parseImplSpec('ttl')], () => {});
  const servers = support.needsOf(parseImplSpec('ttl')).implEnv?.MEMCACHED_SERVERS;
  t.equal(servers, 'memcached:11211', 'memcached is named by its alias on the network');
  t.match(support.versions.memcached, /^memcached \d/);
  const ttl = await environment.startImplementation(parseImplSpec('ttl'), {
    couchdbUrl: environment.couchdbUrl,
    db: db.name,
    env: { MEMCACHED_SERVERS: servers! },
  });
  t.teardown(() => ttl.stop());
  t.equal((await fetch(`${ttl.url}/doc/doc-1`)).status, 200, 'ttl serves pages from its memcached container');

  const local = await environment.startImplementation(parseImplSpec(`cmd:node dist/reference-server/main.js reference`), {
    couchdbUrl: environment.couchdbUrl,
    db: db.name,
  });
  t.teardown(() => local.stop());
  t.match(local.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'a cmd: implementation stays a local process');
  t.equal((await fetch(`${local.url}/doc/doc-1`)).status, 200, 'and reaches CouchDB through its mapped port');

  await reference.stop();
  t.equal(reference.exit, undefined, 'a container the harness stopped did not "exit"');
  const mine = [`${SESSION_LABEL}=${environment.session}`];
  t.equal((await listContainers(endpoint, mine)).length, 3, 'CouchDB, memcached and ttl still run');
  await local.stop();
  await db.release();
  await environment.stop();
  t.same(await listContainers(endpoint, mine), [], 'stop() removed every container of the session');
});

t.test('an implementation container that dies is reported as exited, with its output', async (t) => {
  const endpoint = await requireRuntime(t);
  const environment = await startContainersEnvironment();
  t.teardown(() => environment.stop());
  const db = await environment.database('crash');
  const none = await environment.startImplementation(parseImplSpec('none'), { couchdbUrl: environment.couchdbUrl, db: db.name });
  // Killed under the harness, as a crash would end it.
  const port = Number(new URL(none.url).port);
  const mine = await listContainers(endpoint, [`${SESSION_LABEL}=${environment.session}`]);
  const target = mine.find((container) => container.Ports?.some((p) => p.PublicPort === port));
  t.ok(target, 'found its container by its mapped port');
  await dockerRequest(endpoint, 'POST', `/containers/${target!.Id}/kill`);
  for (let i = 0; i < 100 && none.exit === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  t.match(none.exit, { code: 137 }, `reported as exited (${JSON.stringify(none.exit)})`);
  t.match(none.stderrTail(), /"url"/, 'its output is kept');
  await environment.stop();
  t.same(await listContainers(endpoint, [`${SESSION_LABEL}=${environment.session}`]), [], 'nothing left');
});
