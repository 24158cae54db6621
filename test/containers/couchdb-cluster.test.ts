import { randomBytes } from 'node:crypto';
import t from 'tap';
import { containerImages } from '../../harness/environment/containers/container-images.js';
import { SESSION_LABEL } from '../../harness/environment/containers/container-reaper.js';
import { requireContainerRuntime } from '../../harness/environment/containers/container-runtime.js';
import { ContainerSession } from '../../harness/environment/containers/container-session.js';
import { clusterNodeName, createClusterDatabase, startCouchDbCluster } from '../../harness/environment/containers/couchdb-cluster.js';
import { listContainers } from '../../harness/environment/containers/docker-api.js';
import { withoutCredentials } from '../../harness/environment/couch-auth.js';
import { requireRuntime } from './fixtures/containers.js';

// Apache CouchDB as a cluster of three containers: they join, a database spreads over them (q=2, n=3), a document
// written through one node is read through another, and the session's stop leaves nothing behind.
t.test('an Apache CouchDB cluster of 3 nodes: joined, sharded, one database seen alike from every node; nothing left', async (t) => {
  const endpoint = await requireRuntime(t);
  const runtime = await requireContainerRuntime();
  process.env.DOCKER_HOST ??= runtime.dockerHost;
  const image = process.env.ETAG_BENCH_IMAGE_APACHE_COUCHDB || process.env.ETAG_BENCH_IMAGE_COUCHDB || 'couchdb:3';
  const notes: string[] = [];
  const session = await ContainerSession.start(runtime.endpoint, containerImages(), (text) => notes.push(text));
  t.teardown(() => session.stop());

  const admin = { username: 'admin', password: randomBytes(12).toString('hex') };
  const cluster = await startCouchDbCluster({ session, image, nodes: 3, admin, note: (text) => notes.push(text) });
  t.comment(`Apache CouchDB cluster of 3 nodes from ${image}: start-up ${cluster.startupMs} ms; ${notes.join(' | ')}`);

  const names = ['couchdb-1.cluster', 'couchdb-2.cluster', 'couchdb-3.cluster'];
  t.same(
    cluster.nodes.map((node) => node.alias),
    names,
  );
  const expected = names.map(clusterNodeName);
  t.same(expected, ['couchdb@couchdb-1.cluster', 'couchdb@couchdb-2.cluster', 'couchdb@couchdb-3.cluster']);
  t.same([...(await cluster.membership())].sort(), expected, 'node 1 lists the three nodes');
  for (const node of cluster.nodes) {
    t.match(node.url, /^http:\/\/admin:[0-9a-f]+@localhost:\d+$/, `${node.alias}: mapped port, credentials included`);
    t.equal(node.networkUrl, `http://admin:${admin.password}@${node.alias}:5984`, `${node.alias}: its alias on the network`);
    const membership = (await get(node.url, '/_membership')).body as { cluster_nodes: string[] };
    t.same([...membership.cluster_nodes].sort(), expected, `${node.alias}: _membership lists the three in cluster_nodes`);
  }

  const [first, second, third] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
  const db = `cluster-${Date.now().toString(36)}`;
  await createClusterDatabase(first.url, db, { q: 2, n: 3 });
  t.match((await get(third.url, `/${db}`)).body, { db_name: db, cluster: { q: 2, n: 3 } }, 'GET /{db}: cluster {q: 2, n: 3}');
  await t.rejects(
    createClusterDatabase(first.url, db, { q: 2, n: 3 }),
    /PUT \/cluster-\S+ answered 412: .*file_exists/,
    'an existing database: CouchDB says so',
  );

  const put = await request(second.url, 'PUT', `/${db}/doc-1`, { group: 'g-1' });
  t.equal(put.status, 201, 'a document written through node 2');
  const { rev } = put.body as { rev: string };
  const read = await get(third.url, `/${db}/doc-1`);
  t.equal(read.status, 200, 'read through node 3');
  t.equal((read.body as { _rev: string })._rev, rev, 'with the _rev node 2 acknowledged');

  for (const node of cluster.nodes) {
    const stats = await get(node.url, '/_node/_local/_stats/couchdb');
    t.equal(stats.status, 200, `${node.alias}: GET /_node/_local/_stats/couchdb answers`);
    t.type((stats.body as { httpd?: { requests?: { value?: unknown } } }).httpd?.requests?.value, 'number', `${node.alias}: httpd.requests counted`);
  }

  const mine = [`${SESSION_LABEL}=${session.id}`];
  t.equal((await listContainers(endpoint, mine)).length, 3, 'three containers in the session');
  await session.stop();
  t.same(await listContainers(endpoint, mine), [], "stop() removed every container of the session's cluster");
});

t.test('a cluster of one node is refused before anything starts', async (t) => {
  const fake = {} as ContainerSession;
  await t.rejects(
    startCouchDbCluster({ session: fake, image: 'unused', nodes: 1, admin: { username: 'a', password: 'b' }, note: () => {} }),
    /needs 2 nodes or more/,
  );
});

async function request(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const plain = withoutCredentials(url);
  const response = await fetch(plain.url + path, {
    method,
    headers: { ...plain.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const get = (url: string, path: string) => request(url, 'GET', path);
