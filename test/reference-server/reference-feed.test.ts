import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import t, { type Test } from 'tap';
import { TcpFaultProxy } from '../../harness/faults/tcp-fault-proxy.js';
import { seedDocuments } from '../../harness/environment/seed-documents.js';
import nano from 'nano';
import { readCouchCounters } from '../../harness/environment/couch-counters.js';
import { eventually, request, revInBody, startCouch, startImplementation } from '../helpers/stack.js';

t.test('while the changes feed is down the reference answers no 304, then resumes from the last seq', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 5);
  const proxy = new TcpFaultProxy('127.0.0.1', couch.getPort());
  const { port } = await proxy.start();
  t.teardown(() => proxy.stop());
  const app = await startImplementation(t, 'reference', `http://127.0.0.1:${port}`, 'bench', { heartbeatMs: 100 });
  const health = async () => JSON.parse((await request(`${app.url}/health`)).body) as { status: string; feed: { state: string } };

  const first = await request(`${app.url}/doc/doc-1`);
  const conditional = () => request(`${app.url}/doc/doc-1`, { headers: { 'If-None-Match': first.etag! } });
  t.equal((await conditional()).status, 304);

  proxy.cut();
  t.ok(await eventually(async () => (await health()).feed.state === 'down', 5000), '/health says the feed is down');
  t.equal((await health()).status, 'degraded');
  const during = await conditional();
  t.not(during.status, 304, 'no 304 while the feed is down');
  t.ok(during.status < 500 || during.status === 502, `a clear answer (${during.status})`);

  // Written while the implementation cannot hear of it: only resuming from the last seq reveals it.
  const direct = nano(couch.getUrl()).use<Record<string, unknown>>('bench');
  const doc = await direct.get('doc-1');
  const written = await direct.insert({ ...doc, title: 'written during the outage' });

  proxy.restore();
  t.ok(await eventually(async () => (await health()).feed.state === 'live', 10_000), 'the feed reconnects');
  const after = await conditional();
  t.equal(after.status, 200, 'the change made during the outage invalidated the page');
  t.equal(revInBody(after.body), written.rev);
  t.equal((await request(`${app.url}/doc/doc-1`, { headers: { 'If-None-Match': after.etag! } })).status, 304, 'and 304s come back');
});

// A cluster node back from a stop or a pause answers the catch-up from its own copies of the shards, which learn
// the writes made elsewhere meanwhile by internal replication, after the feed is live again (measured here on
// Apache CouchDB 3.4.3: changes reported up to 34 ms after the follower was live, and some never as such). So
// nothing registered before an outage may answer a 304 after it without reading the document again.
t.test('after the feed was down, a page registered before answers its next 304 only after a fresh read', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 5);
  const proxy = new TcpFaultProxy('127.0.0.1', couch.getPort());
  const { port } = await proxy.start();
  t.teardown(() => proxy.stop());
  const app = await startImplementation(t, 'reference', `http://127.0.0.1:${port}`, 'bench', { heartbeatMs: 100 });
  const feedState = async () => (JSON.parse((await request(`${app.url}/health`)).body) as { feed: { state: string } }).feed.state;
  const reads = async () => {
    const counters = await readCouchCounters(couch.getUrl());
    if (typeof counters === 'string') throw new Error(counters);
    return counters.databaseReads;
  };

  const first = await request(`${app.url}/doc/doc-1`);
  const conditional = () => request(`${app.url}/doc/doc-1`, { headers: { 'If-None-Match': first.etag! } });
  const before = await reads();
  t.equal((await conditional()).status, 304);
  t.equal(await reads(), before, 'a registered page: 304 without a read');

  proxy.cut();
  t.ok(await eventually(async () => (await feedState()) === 'down', 5000), 'the feed is down');
  proxy.restore();
  t.ok(await eventually(async () => (await feedState()) === 'live', 10_000), 'the feed is back');

  const back = await reads();
  t.equal((await conditional()).status, 304, 'the document did not change: still a 304');
  t.ok((await reads()) > back, 'but answered after reading the document again');
  const again = await reads();
  t.equal((await conditional()).status, 304);
  t.equal(await reads(), again, 'registered again: 304s without reads');
});

/** An HTTP hop to CouchDB that can hold the answers of continuous feeds (their requests get no answer at all) and
 *  drop the feeds it forwards, while every other request, a catch-up's included, goes through. */
async function feedHoldingHop(t: Test, couchPort: number) {
  let holding = false;
  const feeds = new Set<Socket>();
  const server = createServer((req, res) => {
    const continuous = req.url?.includes('feed=continuous') === true;
    if (continuous && holding) return; // the request arrived; its answer never leaves
    if (continuous) feeds.add(req.socket);
    const upstream = httpRequest({ host: '127.0.0.1', port: couchPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** From now on a continuous feed gets no answer; the ones open now are dropped (the follower reconnects). */
    holdFeeds(): void {
      holding = true;
      for (const socket of feeds) socket.destroy();
      feeds.clear();
    },
  };
}

t.test('a feed that does not answer after a catch-up that did: not live, no 304 from what it cannot know', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 5);
  const hop = await feedHoldingHop(t, couch.getPort());
  const app = await startImplementation(t, 'reference', hop.url, 'bench', { heartbeatMs: 100 });
  const feedState = async () => (JSON.parse((await request(`${app.url}/health`)).body) as { feed: { state: string } }).feed.state;
  const first = await request(`${app.url}/doc/doc-1`);
  const conditional = () => request(`${app.url}/doc/doc-1`, { headers: { 'If-None-Match': first.etag! } });
  t.equal((await conditional()).status, 304);

  hop.holdFeeds();
  // The follower reconnects: its catch-up is answered, its continuous feed never is.
  t.ok(await eventually(async () => (await feedState()) === 'down', 5000), 'the feed is down');
  // Long enough for catch-ups to pass and feeds to be held again, several times over.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.not(await feedState(), 'live', 'not live while its feed does not answer');
  const read = await request(`${app.url}/doc/doc-1`);
  const direct = nano(couch.getUrl()).use<Record<string, unknown>>('bench');
  const written = await direct.insert({ ...(await direct.get('doc-1')), title: 'written while the feed does not answer' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = await request(`${app.url}/doc/doc-1`, { headers: { 'If-None-Match': read.etag! } });
  t.not(after.status, 304, 'no 304 for a page it read while it could not hear of changes');
  t.equal(revInBody(after.body), written.rev, 'the page shows the write');
});
