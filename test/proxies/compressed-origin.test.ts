// A compressing origin behind each proxy (the reference sends gzip when asked, with an ETag of its own): the proxy
// keeps one copy per path, so it must never hand a gzip copy to a client that did not ask for one. Both
// configurations ask the origin for identity: every client gets the page as is, with the origin's strong ETag.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import type { RunningImplementation } from '../../harness/contract/running-implementation.js';
import { parseProxySpec } from '../../harness/contract/proxy-spec.js';
import { ProxyFront } from '../../harness/proxies/proxy-front.js';
import { serveForTest } from '../helpers/local-server.js';

const REV = '1-0123456789abcdef0123456789abcdef';
const PAGE = `<p data-rev="${REV}">${'page '.repeat(50)}</p>`;

interface Answer {
  readonly status: number;
  readonly etag: string | undefined;
  readonly encoding: string | undefined;
  readonly body: Buffer;
}

function get(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('behind each proxy, a compressing origin never serves gzip to a client that did not ask', async (t) => {
  const asked: (string | undefined)[] = [];
  const port = await serveForTest(t, (req, res) => {
    if (req.url === '/health') return void res.end('{}');
    const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '');
    asked.push(req.headers['accept-encoding']);
    const etag = gzip ? `"${REV}-gzip"` : `"${REV}"`;
    const headers = { etag, 'cache-control': 'no-cache', vary: 'Accept-Encoding', 'content-type': 'text/html' };
    if ((req.headers['if-none-match'] ?? '').includes(REV)) return void res.writeHead(304, headers).end();
    if (gzip) return void res.writeHead(200, { ...headers, 'content-encoding': 'gzip' }).end(gzipSync(PAGE));
    res.writeHead(200, headers).end(PAGE);
  });
  const url = `http://127.0.0.1:${port}`;
  const origin: RunningImplementation = { spec: parseImplSpec(`url:${url}`), url, exit: undefined, stderrTail: () => '', stop: async () => undefined };

  for (const spec of ['varnish:revalidate', 'varnish:purge', 'nginx:purge', 'nginx:ttl']) {
    await t.test(spec, async (t) => {
      const front = await ProxyFront.prepare({ spec: parseProxySpec(spec)!, purgeBy: 'implementation', ttlS: 60 });
      await front.start([origin], { couchdbUrl: 'http://127.0.0.1:1', db: 'unused' });
      t.teardown(() => front.stop());
      asked.length = 0;
      const path = `/doc/${spec.replace(':', '-')}`;
      const gzipFirst = await get(front.url + path, { 'accept-encoding': 'gzip' });
      t.equal(gzipFirst.status, 200);
      const plain = await get(front.url + path, {});
      t.equal(plain.encoding, undefined, 'the client that asked for nothing gets identity, after a gzip client filled the cache');
      t.equal(plain.body.toString('utf8'), PAGE, 'the page as is');
      t.equal(plain.etag, `"${REV}"`, "with the origin's strong identity ETag (not one weakened by a proxy's gunzip)");
      t.equal(gzipFirst.etag, plain.etag, 'one copy, one ETag');
      const revalidated = await get(front.url + path, { 'if-none-match': plain.etag! });
      t.equal(revalidated.status, 304, 'and it revalidates');
      t.same(
        asked.filter((value) => value !== undefined),
        [],
        'the origin was asked for identity every time',
      );
    });
  }
});
