// The purge race, made deterministic: a page rendered before a write reaches the proxy only after the purge
// that followed the write. Real varnishd and nginx with the harness's configs, in front of an origin the test
// holds and releases by hand.

import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import t, { type Test } from 'tap';
import { freePort } from '../../harness/implementations/free-port.js';
import { startNginx } from '../../harness/proxies/nginx-proxy.js';
import { findProxyBinary } from '../../harness/proxies/proxy-binaries.js';
import { parseProxySpec } from '../../harness/contract/proxy-spec.js';
import type { StartedProxy } from '../../harness/proxies/started-proxy.js';
import { startVarnish } from '../../harness/proxies/varnish-proxy.js';
import { ProxyPurger } from '../../reference-server/proxy/proxy-purger.js';
import { serveForTest } from '../helpers/local-server.js';

interface Held {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/** An origin whose answers the test writes: every GET waits in `held` until answered. */
async function heldOrigin(t: Test) {
  const held: Held[] = [];
  const waiters: Array<() => void> = [];
  const port = await serveForTest(t, (req, res) => {
    // The proxy's readiness check is answered at once.
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    held.push({ req, res });
    waiters.splice(0).forEach((wake) => wake());
  });
  /** The next request that reached the origin; fails after 5 s (the proxy answered from its cache). */
  const next = async (): Promise<Held> => {
    const deadline = Date.now() + 5000;
    while (held.length === 0) {
      if (Date.now() > deadline) throw new Error('no request reached the origin within 5 s');
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return held.shift()!;
  };
  return { hostPort: `127.0.0.1:${port}`, next };
}

function page(res: ServerResponse, rev: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { etag: `"${rev}"`, 'content-type': 'text/html', 'cache-control': 'no-cache', ...headers });
  res.end(`<p data-rev="${rev}">${rev}</p>`);
}

function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; etag?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ host: hostname, port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

async function startProxy(t: Test, spec: string, backend: string): Promise<StartedProxy> {
  const parsed = parseProxySpec(spec)!;
  const binary = findProxyBinary(parsed);
  const options = { spec: parsed, binary: binary.path, version: binary.version, port: await freePort(), backends: [backend], ttlS: 1 };
  const proxy = parsed.name === 'varnish' ? await startVarnish(options) : await startNginx(options);
  t.teardown(() => proxy.stop());
  return proxy;
}

declare namespace Tap {}

t.test('varnish:purge does not keep a render that was in flight when a purge came', async (t) => {
  const origin = await heldOrigin(t);
  const proxy = await startProxy(t, 'varnish:purge', origin.hostPort);
  const purger = new ProxyPurger(proxy.url, 'xkey', { repeatMs: 0 });
  t.teardown(() => purger.close());

  // A miss goes to the origin, which rendered rev 1 before the write...
  const first = get(proxy.url, '/doc/a');
  const inFlight = await origin.next();
  // ...the write and its purge happen while that render travels to the proxy...
  await purger.purge({ docIds: ['a'], groups: [] });
  page(inFlight.res, '1-old');
  t.equal((await first).etag, '"1-old"', 'the client that asked gets the render');

  // ...so the proxy must not serve it again: the next request goes to the origin.
  const second = get(proxy.url, '/doc/a');
  const refetch = await origin.next();
  page(refetch.res, '2-new');
  t.equal((await second).etag, '"2-new"', 'the next request is fetched anew, not the render the purge overtook');

  // Without a purge in between, pages are kept (the mode still caches).
  const third = await get(proxy.url, '/doc/a');
  t.equal(third.etag, '"2-new"', 'a render that no purge overtook is kept and served from the cache');
});

t.test('nginx:purge does not serve a render the origin marks as overtaken, even when it answered a refresh', async (t) => {
  const origin = await heldOrigin(t);
  const proxy = await startProxy(t, 'nginx:purge', origin.hostPort);
  const purger = new ProxyPurger(proxy.url, 'refresh', { repeatMs: 0 });
  t.teardown(() => purger.close());

  // The page is in the cache at rev 1.
  const warm = get(proxy.url, '/doc/a');
  page((await origin.next()).res, '1-old');
  await warm;
  t.equal((await get(proxy.url, '/doc/a')).etag, '"1-old"', 'served from the cache');

  // A write's refresh is answered by a render that a second write overtook: marked expired already.
  const refreshed = purger.purge({ docIds: ['a'], groups: [] });
  const refresh = await origin.next();
  t.equal(refresh.req.headers['x-etag-bench-refresh'], '1', 'the refresh reaches the origin marked as such');
  page(refresh.res, '2-mid', { 'x-accel-expires': '@1' });
  await refreshed;

  // Neither rev 1 nor the overtaken rev 2 may be served: the proxy asks the origin, with the copy's ETag.
  const next = get(proxy.url, '/doc/a');
  const revalidation = await origin.next();
  t.equal(revalidation.req.headers['if-none-match'], '"2-mid"', 'the proxy revalidates the copy the refresh left');
  page(revalidation.res, '3-new');
  t.equal((await next).etag, '"3-new"', 'the client gets the current page');
  t.equal((await get(proxy.url, '/doc/a')).etag, '"3-new"', 'and the proxy keeps it');
});

t.test('nginx:purge does not store an overtaken miss over the refreshed copy', async (t) => {
  const origin = await heldOrigin(t);
  const proxy = await startProxy(t, 'nginx:purge', origin.hostPort);
  const purger = new ProxyPurger(proxy.url, 'refresh', { repeatMs: 0 });
  t.teardown(() => purger.close());

  const miss = get(proxy.url, '/doc/a');
  const slow = await origin.next();
  // The write's refresh is answered with the new page while the older miss is still being rendered.
  const refreshed = purger.purge({ docIds: ['a'], groups: [] });
  page((await origin.next()).res, '2-new');
  await refreshed;
  // The slow render finishes after the invalidation overtook it.
  page(slow.res, '1-old', { 'x-accel-expires': '@1' });
  await miss;
  // It replaced the refreshed copy with an expired one: the proxy asks the origin rather than serve rev 1.
  const after = get(proxy.url, '/doc/a');
  const revalidation = await origin.next();
  t.equal(revalidation.req.headers['if-none-match'], '"1-old"', 'the proxy revalidates the expired copy');
  page(revalidation.res, '2-new');
  t.equal((await after).etag, '"2-new"', 'the overtaken render is never served again');
});
