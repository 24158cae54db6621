// A reference whose changes feed was down cannot know what changed meanwhile (a cluster node back from a stop or a
// pause learns some writes only after its feed is live again), so a purging proxy in front must not keep serving
// what it held: after the outage the proxy's copies are dropped (Varnish: one xkey tag every page carries) or
// fetched anew (nginx: refreshed), and the next request reads the document again. Real varnishd and nginx with
// the harness's configs; the embedded CouchDB's own read counter says whether the document was read.

import t from 'tap';
import { readCouchCounters } from '../../harness/environment/couch-counters.js';
import { seedDocuments } from '../../harness/environment/seed-documents.js';
import { TcpFaultProxy } from '../../harness/faults/tcp-fault-proxy.js';
import { freePort } from '../../harness/implementations/free-port.js';
import { parseProxySpec } from '../../harness/contract/proxy-spec.js';
import { findProxyBinary } from '../../harness/proxies/proxy-binaries.js';
import { startNginx } from '../../harness/proxies/nginx-proxy.js';
import { startVarnish } from '../../harness/proxies/varnish-proxy.js';
import { ProxyPurger } from '../../reference-server/proxy/proxy-purger.js';
import { Invalidator } from '../../reference-server/invalidator/invalidator.js';
import { serveImplementation } from '../../reference-server/server.js';
import { eventually, request, startCouch } from '../helpers/stack.js';

for (const [spec, style] of [
  ['varnish:purge', 'xkey'],
  ['nginx:purge', 'refresh'],
] as const) {
  t.test(`${spec}: after the reference's feed was down, the next request reads the document again`, async (t) => {
    const couch = await startCouch(t);
    await seedDocuments(couch.getUrl(), 'bench', 5);
    const reads = async (): Promise<number> => {
      const counters = await readCouchCounters(couch.getUrl());
      if (typeof counters === 'string') throw new Error(counters);
      return counters.databaseReads;
    };
    const feedCut = new TcpFaultProxy('127.0.0.1', couch.getPort());
    const { port: couchPort } = await feedCut.start();
    t.teardown(() => feedCut.stop());

    const port = await freePort();
    const parsed = parseProxySpec(spec)!;
    const binary = findProxyBinary(parsed);
    const start = parsed.name === 'varnish' ? startVarnish : startNginx;
    const proxy = await start({ spec: parsed, binary: binary.path, version: binary.version, port: await freePort(), backends: [`127.0.0.1:${port}`], ttlS: 1 });
    t.teardown(() => proxy.stop());
    const purger = new ProxyPurger(proxy.url, style, { repeatMs: 0 });
    const app = await serveImplementation({ impl: 'reference', couchdbUrl: `http://127.0.0.1:${couchPort}`, db: 'bench', port, purger });
    t.teardown(() => app.stop());
    const feedState = async () => (JSON.parse((await request(`${app.url}/health`)).body) as { feed: { state: string } }).feed.state;

    // The proxy started before its backend: it may take a probe or two to find it up.
    t.ok(await eventually(async () => (await request(`${proxy.url}/doc/doc-2`)).status === 200, 10_000), 'the page through the proxy');
    const cached = await reads();
    t.equal((await request(`${proxy.url}/doc/doc-2`)).status, 200);
    t.equal(await reads(), cached, 'the proxy serves its copy without the origin reading anything');

    feedCut.cut();
    t.ok(await eventually(async () => (await feedState()) === 'down', 5000), 'the feed is down');
    feedCut.restore();
    t.ok(await eventually(async () => (await feedState()) === 'live', 10_000), 'the feed is back');

    t.ok(
      await eventually(async () => (await request(`${proxy.url}/doc/doc-2`)).status === 200 && (await reads()) > cached, 5000),
      'the proxy no longer answers from the copy it held before the outage: the document was read again',
    );
    t.equal((JSON.parse((await request(`${app.url}/health`)).body) as { purges: { failed: number } }).purges.failed, 0, 'no purge failed');
  });
}

t.test("varnish:purge behind the changes-feed invalidator: after the invalidator's feed was down, every page is dropped", async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 5);
  const reads = async (): Promise<number> => {
    const counters = await readCouchCounters(couch.getUrl());
    if (typeof counters === 'string') throw new Error(counters);
    return counters.databaseReads;
  };
  // An app that knows nothing of ETags, straight on CouchDB; the invalidator's feed goes through the cut.
  const app = await serveImplementation({ impl: 'none', couchdbUrl: couch.getUrl(), db: 'bench', port: 0 });
  t.teardown(() => app.stop());
  const parsed = parseProxySpec('varnish:purge')!;
  const binary = findProxyBinary(parsed);
  const proxy = await startVarnish({
    spec: parsed,
    binary: binary.path,
    version: binary.version,
    port: await freePort(),
    backends: [`127.0.0.1:${app.port}`],
    ttlS: 1,
  });
  t.teardown(() => proxy.stop());
  const feedCut = new TcpFaultProxy('127.0.0.1', couch.getPort());
  const { port: couchPort } = await feedCut.start();
  t.teardown(() => feedCut.stop());
  const invalidator = new Invalidator({ couchdbUrl: `http://127.0.0.1:${couchPort}`, db: 'bench', purgeUrl: proxy.url, style: 'xkey', repeatMs: 0 });
  await invalidator.start();
  t.teardown(() => invalidator.stop());

  t.ok(await eventually(async () => (await request(`${proxy.url}/doc/doc-2`)).status === 200, 10_000), 'a page through the proxy');
  const cached = await reads();
  t.equal((await request(`${proxy.url}/doc/doc-2`)).status, 200);
  t.equal(await reads(), cached, 'served from the proxy');

  feedCut.cut();
  t.ok(await eventually(async () => invalidator.status.feed === 'down', 10_000), "the invalidator's feed is down");
  feedCut.restore();
  t.ok(await eventually(async () => invalidator.status.feed === 'live', 10_000), 'and back');
  t.ok(
    await eventually(async () => (await request(`${proxy.url}/doc/doc-2`)).status === 200 && (await reads()) > cached, 5000),
    'the page was dropped and read again',
  );
  t.equal(invalidator.status.purges.failed, 0);
});
