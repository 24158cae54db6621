// A tiny origin for proxy tests: every page has the fixed ETag "v1" (a 304 to a matching If-None-Match), and it
// counts the full and the conditional fetches it is asked for, per path.

import type { Test } from 'tap';
import type { RunningImplementation } from '../../harness/contract/running-implementation.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { serveForTest } from './local-server.js';

export async function countingOrigin(t: Test) {
  const full = new Map<string, number>();
  const conditional = new Map<string, number>();
  const port = await serveForTest(t, (req, res) => {
    const path = req.url!;
    const counts = req.headers['if-none-match'] === undefined ? full : conditional;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
    res.writeHead(200, { etag: '"v1"', 'content-type': 'text/html', 'cache-control': 'no-cache' }).end(`<p>${path}</p>`);
  });
  const url = `http://127.0.0.1:${port}`;
  const origin: RunningImplementation = { spec: parseImplSpec(`url:${url}`), url, exit: undefined, stderrTail: () => '', stop: async () => undefined };
  return { origin, full: (path: string) => full.get(path) ?? 0, conditional: (path: string) => conditional.get(path) ?? 0 };
}
