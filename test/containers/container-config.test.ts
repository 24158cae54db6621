import t from 'tap';
import { containerImages, DEFAULT_COUCHDB_IMAGE } from '../../harness/environment/containers/container-images.js';
import { endpointFromDockerHost } from '../../harness/environment/containers/docker-api.js';
import { runtimeClosure } from '../../harness/environment/containers/package-closure.js';
import { PACKAGE_ROOT } from '../../harness/package-info.js';

t.test('images: ETAG_BENCH_IMAGE_* when set, public images otherwise; CouchDB overridable', async (t) => {
  const local = containerImages({ ETAG_BENCH_IMAGE_NODE: 'localhost/n:1', ETAG_BENCH_IMAGE_MEMCACHED: 'localhost/m:1' });
  t.match(local, { node: 'localhost/n:1', memcached: 'localhost/m:1', couchdb: DEFAULT_COUCHDB_IMAGE, couchdbChosen: false });
  t.match(containerImages({}), { node: /^node:\d+-bookworm-slim$/, memcached: 'memcached:1.6', couchdb: 'couchdb:3' });
  t.match(containerImages({ ETAG_BENCH_IMAGE_COUCHDB: 'couchdb:3.4' }), { couchdb: 'couchdb:3.4', couchdbChosen: true });
  t.match(containerImages({ ETAG_BENCH_IMAGE_COUCHDB: 'couchdb:3.4' }, 'etag-bench'), { couchdb: 'etag-bench', couchdbChosen: true }, 'the option wins');
});

t.test('DOCKER_HOST forms', async (t) => {
  t.same(endpointFromDockerHost('unix:///var/run/docker.sock'), { socketPath: '/var/run/docker.sock' });
  t.same(endpointFromDockerHost('tcp://10.0.0.2:2376'), { host: '10.0.0.2', port: 2376 });
  t.same(endpointFromDockerHost('tcp://docker'), { host: 'docker', port: 2375 });
  t.equal(endpointFromDockerHost('ssh://user@host'), undefined);
});

t.test("the image's dependencies: what runs in a container, without testcontainers", async (t) => {
  const names = new Set(runtimeClosure(PACKAGE_ROOT).map((pkg) => pkg.name));
  for (const needed of ['commander', 'nano', 'pouchdb-core', 'pouchdb-mapreduce', 'memjs', 'autocannon', 'ajv']) t.ok(names.has(needed), `has ${needed}`);
  for (const hostOnly of ['testcontainers', 'dockerode', 'chart.js', 'tap', 'typescript']) t.notOk(names.has(hostOnly), `leaves out ${hostOnly}`);
});
