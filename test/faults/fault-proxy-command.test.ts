// `etag-bench fault-proxy` as the containers environment runs it: the real CLI as a child process in front of a
// node:http stand-in for CouchDB, commanded through its control API with remoteFeedFaults.

import { once } from 'node:events';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { remoteFeedFaults } from '../../harness/faults/fault-proxy-client.js';
import { CLI, runCli, spawnReady } from '../helpers/processes.js';
import { serveForTest } from '../helpers/local-server.js';

const DOC = { _id: 'doc', _rev: '1-0123456789abcdef', title: 'through the proxy' };

/** A CouchDB stand-in: a continuous `_changes` sends a heartbeat every 100 ms and never ends; `/db/doc` is JSON. */
function couch(t: Test): Promise<number> {
  return serveForTest(t, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://couch');
    if (req.method === 'GET' && url.pathname === '/db/_changes' && url.searchParams.get('feed') === 'continuous') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write('\n'), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const found = req.method === 'GET' && url.pathname === '/db/doc';
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found ? DOC : { error: 'not_found', reason: 'missing' }));
  });
}

/** The command, started as the containers environment starts it (every port from the OS). */
async function faultProxy(t: Test, couchPort: number) {
  const started = await spawnReady(t, [
    CLI,
    'fault-proxy',
    '--target',
    `127.0.0.1:${couchPort}`,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--control-port',
    '0',
    '--json',
  ]);
  const { url, control } = started.ready as { url: string; control: string };
  return { ...started, url, control };
}

/** A continuous feed through the proxy, opened without waiting for its answer: `bytes` counts what arrives. */
function openFeed(t: Test, base: string) {
  const { hostname, port } = new URL(base);
  const req = request({ host: hostname, port, path: '/db/_changes?feed=continuous&heartbeat=100', agent: false });
  const feed = { bytes: 0, answered: false, ended: undefined as unknown as Promise<string> };
  feed.ended = new Promise<string>((resolve) => {
    req.on('error', (error) => resolve(`error ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    req.on('response', (res: IncomingMessage) => {
      feed.answered = true;
      res.on('data', (chunk: Buffer) => (feed.bytes += chunk.length));
      res.on('error', () => resolve('aborted'));
      res.on('close', () => resolve('closed'));
    });
  });
  req.end();
  t.teardown(() => void req.destroy());
  return feed;
}

async function health(control: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${control}/health`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls `check` every 20 ms until it holds or `ms` pass. */
async function until(check: () => boolean | Promise<boolean>, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(20);
  }
  return check();
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);
}

/** Whether something accepts connections on the URL's port. */
async function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const outcome = await new Promise<boolean>((resolve) => {
    socket.on('connect', () => resolve(true));
    socket.on('error', () => resolve(false));
  });
  socket.destroy();
  return outcome;
}

/** A port nothing listens on (taken from the OS, then let go). */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

t.test('fault-proxy: cut, stall and unstall the feeds through the control API, then SIGTERM', async (t) => {
  const couchPort = await couch(t);
  const proxy = await faultProxy(t, couchPort);
  t.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/, '--json prints the proxy URL');
  t.match(proxy.control, /^http:\/\/127\.0\.0\.1:\d+$/, 'and the control URL');
  t.not(new URL(proxy.url).port, '0', 'with the port actually taken');
  t.not(new URL(proxy.control).port, '0');
  t.same(await health(proxy.control), { status: 200, body: { ok: true, openConnections: 0, openFeeds: 0 } }, 'healthy, nothing open yet');
  const faults = remoteFeedFaults(proxy.control);

  // A feed through the proxy is counted, then cut; document reads go on.
  const feed = openFeed(t, proxy.url);
  t.ok(await until(() => feed.bytes > 0), 'heartbeats come through the proxy');
  t.equal((await health(proxy.control)).body.openFeeds, 1, '/health counts the feed');
  t.equal(await faults.cutFeeds(), 1, 'cut-feeds cuts one');
  t.ok(await settlesWithin(feed.ended, 3000), 'the feed connection ended');
  const doc = await fetch(`${proxy.url}/db/doc`);
  t.equal(doc.status, 200, 'a document GET through the proxy still works');
  t.same(await doc.json(), DOC);
  t.ok(await until(async () => (await health(proxy.control)).body.openFeeds === 0), 'no feed left open');

  // A feed opened while the feeds are stalled stays silent, and flows once they are unstalled.
  await faults.stallFeeds();
  const stalled = openFeed(t, proxy.url);
  await sleep(500);
  t.equal(stalled.bytes, 0, 'no heartbeat arrives for 500 ms while stalled');
  t.notOk(stalled.answered, 'not even the answer line');
  t.equal((await fetch(`${proxy.url}/db/doc`)).status, 200, 'document reads are not stalled');
  t.equal((await health(proxy.control)).body.openFeeds, 1, 'the stalled feed is open and counted');
  await faults.unstallFeeds();
  t.ok(await until(() => stalled.bytes > 0), 'heartbeats flow after unstall-feeds');
  t.notOk(await settlesWithin(stalled.ended, 0), 'and the feed was never closed');

  t.equal(await proxy.stop('SIGTERM'), 0, 'SIGTERM ends it with exit 0');
  t.notOk(await listening(proxy.url), 'the proxy port is closed');
  t.notOk(await listening(proxy.control), 'the control port is closed');
  t.ok(await settlesWithin(stalled.ended, 3000), 'the feed through it ended');
});

t.test('the control API: JSON 404 and 405; the client names the operation and the cause', async (t) => {
  const proxy = await faultProxy(t, await couch(t));
  const unknown = await fetch(`${proxy.control}/nothing`, { method: 'POST' });
  t.equal(unknown.status, 404);
  t.match(await unknown.json(), { error: 'not_found' });
  const wrongMethod = await fetch(`${proxy.control}/cut-feeds`);
  t.equal(wrongMethod.status, 405, 'GET on a POST path');
  t.equal(wrongMethod.headers.get('allow'), 'POST');
  t.match(await wrongMethod.json(), { error: 'method_not_allowed' });
  t.equal((await fetch(`${proxy.control}/health`, { method: 'POST' })).status, 405, 'POST on /health');

  await t.rejects(remoteFeedFaults(`${proxy.control}/elsewhere`).cutFeeds(), /cut-feeds.*HTTP 404/, 'a non-200 answer rejects');
  await t.rejects(remoteFeedFaults(`${proxy.control}/elsewhere`).stallFeeds(), /stall-feeds.*HTTP 404/);
  const nobody = `http://127.0.0.1:${await closedPort()}`;
  await t.rejects(remoteFeedFaults(nobody).unstallFeeds(), /unstall-feeds.*ECONNREFUSED/, 'no connection rejects');
  t.equal(await proxy.stop('SIGINT'), 0, 'SIGINT ends it with exit 0 too');
});

t.test('bad options are one etag-bench: line naming the option, and exit 2', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--target', 'couchdb'], /--target.*'couchdb' is invalid.*host:port/],
    [['--target', '127.0.0.1:0'], /--target.*is invalid/],
    [['--target', '127.0.0.1:5984', '--port', 'x'], /--port.*'x' is invalid/],
    [['--target', '127.0.0.1:5984', '--control-port', '70000'], /--control-port.*'70000' is invalid/],
    [['--port', '0'], /required option '--target/],
    [['--target', '127.0.0.1:5984', '--port', '7100', '--control-port', '7100'], /--control-port: 7100 is not usable/],
  ];
  for (const [argv, message] of cases) {
    const { code, stdout, stderr } = await runCli(['fault-proxy', ...argv]);
    t.equal(code, 2, `${argv.join(' ')} exits 2`);
    t.equal(stdout, '', 'nothing on stdout');
    t.equal(stderr.trim().split('\n').length, 1, 'one line');
    t.match(stderr, /^etag-bench: /, 'starting etag-bench:');
    t.match(stderr, message, stderr.trim());
  }
});

t.test('a port in use is one clear line and exit 2, for the proxy and for the control API', async (t) => {
  const blocker = createTcpServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.teardown(() => blocker.close());
  const { port } = blocker.address() as AddressInfo;
  for (const option of ['--port', '--control-port']) {
    const other = option === '--port' ? '--control-port' : '--port';
    const { code, stderr } = await runCli(['fault-proxy', '--target', '127.0.0.1:5984', '--host', '127.0.0.1', option, String(port), other, '0']);
    t.equal(code, 2, `${option} in use exits 2`);
    t.equal(stderr.trim(), `etag-bench: port ${port} on 127.0.0.1 is in use`);
  }
});
