// TcpFaultProxy in front of a real node:http server standing in for CouchDB: a stall holds traffic without
// closing anything; stallFeeds and cutFeeds act on the `_changes` connections and nothing else.

import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { TcpFaultProxy } from '../../harness/faults/tcp-fault-proxy.js';

/** A CouchDB stand-in: `_changes` streams heartbeats for ever, `/db/slow` answers when released, anything else
 *  at once; each answer names the server-side port of its connection (a new port: a new connection). */
async function origin(t: Test) {
  const slow: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const body = `port ${req.socket.remotePort}`;
    if (req.url!.includes('/_changes')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write('\n'), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (req.url === '/db/slow') return void slow.push(res);
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const release = (): void => void slow.splice(0).forEach((res) => res.end('slow done'));
  return { port: (server.address() as AddressInfo).port, release, slowWaiting: () => slow.length };
}

async function throughProxy(t: Test) {
  const couch = await origin(t);
  const proxy = new TcpFaultProxy('127.0.0.1', couch.port);
  const { port } = await proxy.start();
  t.teardown(() => proxy.stop());
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  return { couch, proxy, port, agent };
}

/** A GET through the proxy; resolves with status and body once the whole answer is in. */
function get(port: number, path: string, agent: Agent | false = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a continuous feed through the proxy; `ended` settles when its connection goes. */
async function openFeed(port: number, agent: Agent | false = false) {
  const req = request({ host: '127.0.0.1', port, path: '/db/_changes?feed=continuous&heartbeat=50', agent });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  res.resume();
  const ended = new Promise<string>((resolve) => {
    req.on('error', (error) => resolve(`error ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    res.on('error', () => resolve('aborted'));
    res.on('close', () => resolve('closed'));
  });
  return { res, ended, close: () => req.destroy() };
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);
}

t.test('stall', async (t) => {
  t.test('holds answers on open and new connections, and delivers them on unstall', async (t) => {
    const { proxy, port, agent } = await throughProxy(t);
    const before = await get(port, '/db/doc', agent);
    t.equal(before.status, 200, 'answers before the stall');

    proxy.stall();
    t.ok(proxy.stalled);
    const onOpen = get(port, '/db/doc', agent);
    const onNew = get(port, '/db/other');
    t.notOk(await settlesWithin(Promise.race([onOpen, onNew]), 400), 'nothing answered while stalled');
    t.equal(proxy.openConnections, 2, 'the open connection stays and the new one is accepted');

    proxy.unstall();
    const [open, fresh] = await Promise.all([onOpen, onNew]);
    t.same([open.status, fresh.status], [200, 200], 'both answered after unstall');
    t.equal(open.body, before.body, 'the kept connection was the same one, not a reconnect');
  });

  t.test('silences a feed without closing it, and it flows again after', async (t) => {
    const { proxy, port } = await throughProxy(t);
    const feed = await openFeed(port);
    t.teardown(feed.close);
    let bytes = 0;
    feed.res.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await sleep(200);
    t.ok(bytes > 0, 'heartbeats arrive before the stall');

    proxy.stall();
    await sleep(50);
    const held = bytes;
    t.notOk(await settlesWithin(feed.ended, 400), 'the feed stays open while stalled');
    t.equal(bytes, held, 'and no heartbeat reaches it');

    proxy.unstall();
    await sleep(200);
    t.ok(bytes > held, 'heartbeats (the held ones first) arrive again');
  });
});

t.test('stallFeeds', async (t) => {
  t.test('silences open and new feeds while document reads go on, until unstallFeeds', async (t) => {
    const { proxy, port, agent } = await throughProxy(t);
    const feed = await openFeed(port);
    t.teardown(feed.close);
    let bytes = 0;
    feed.res.on('data', (chunk: Buffer) => (bytes += chunk.length));

    proxy.stallFeeds();
    await sleep(50);
    const held = bytes;
    const late = openFeed(port);
    t.equal((await get(port, '/db/doc', agent)).status, 200, 'a document read is answered');
    await sleep(300);
    t.equal(bytes, held, 'no heartbeat reaches the open feed');
    t.notOk(await settlesWithin(late, 100), 'a feed opened meanwhile gets no answer');
    t.notOk(await settlesWithin(feed.ended, 0), 'and nothing was closed');

    proxy.unstallFeeds();
    const next = await late;
    t.teardown(next.close);
    t.equal(next.res.statusCode, 200, 'the new feed is answered after unstallFeeds');
    await sleep(200);
    t.ok(bytes > held, 'and the open one flows again');
  });
});

t.test('cutFeeds', async (t) => {
  t.test('ends the feed connection but not a concurrent plain GET', async (t) => {
    const { couch, proxy, port, agent } = await throughProxy(t);
    const feed = await openFeed(port);
    t.teardown(feed.close);
    const first = await get(port, '/db/doc', agent);
    const slow = get(port, '/db/slow');
    while (couch.slowWaiting() === 0) await sleep(10);
    t.equal(proxy.openConnections, 3);
    t.equal(proxy.openFeeds, 1);

    t.equal(proxy.cutFeeds(), 1, 'one feed cut');
    t.ok(await settlesWithin(feed.ended, 2000), 'the feed connection ended');

    couch.release();
    t.same(await slow, { status: 200, body: 'slow done' }, 'the GET in flight still gets its answer');
    const again = await get(port, '/db/doc', agent);
    t.equal(again.body, first.body, 'the idle keep-alive connection was left alone');
    t.equal(proxy.cutFeeds(), 0, 'nothing more to cut');
  });

  t.test('tags a keep-alive connection that asks for _changes after a plain request', async (t) => {
    const { proxy, port, agent } = await throughProxy(t);
    t.equal((await get(port, '/db/doc', agent)).status, 200);
    t.equal(proxy.openFeeds, 0, 'a document read is no feed');
    const feed = await openFeed(port, agent);
    t.teardown(feed.close);
    t.equal(proxy.openFeeds, 1, 'the same connection is a feed now');
    t.equal(proxy.cutFeeds(), 1);
    t.ok(await settlesWithin(feed.ended, 2000), 'and it was cut');
  });

  t.test('counts every feed and lets new ones through', async (t) => {
    const { proxy, port } = await throughProxy(t);
    const feeds = await Promise.all([openFeed(port), openFeed(port), openFeed(port)]);
    for (const feed of feeds) t.teardown(feed.close);
    t.equal(proxy.cutFeeds(), 3, 'three feeds cut');
    await Promise.all(feeds.map((f) => f.ended));
    const next = await openFeed(port);
    t.teardown(next.close);
    t.equal(next.res.statusCode, 200, 'a reconnecting feed gets through');
  });
});
