// The closed-loop drivers' contract, as run-scenario relies on it: every response reaches the plan with its
// status, headers and body; one request in flight per connection; connections spread over the URLs; refused
// connections and timeouts counted, not recorded; the duration and the stop signal kept.

import t, { type Test } from 'tap';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { AutocannonClosedLoop } from '../../harness/workload/autocannon-driver.js';
import type { LoadDriver, LoadPlan, PreparedRequest } from '../../harness/workload/load-driver.js';
import { UndiciClosedLoop } from '../../harness/workload/undici-closed-loop.js';

interface Seen {
  readonly status: number;
  readonly body: string;
  readonly etag: string | string[] | undefined;
  readonly asked: string;
}

/** Asks for /page/<n> with If-None-Match "<n>", alternating; keeps what came back. */
class RecordingPlan implements LoadPlan<string> {
  readonly seen: Seen[] = [];
  /** The index in `urls` the driver said each page went to. */
  readonly targets = new Map<string, number | undefined>();
  private sent = 0;
  constructor(
    readonly urls: readonly string[],
    readonly connections: number,
    readonly durationS: number,
  ) {}
  prepare(_timing?: unknown, target?: number): PreparedRequest<string> {
    const n = this.sent++;
    const path = `/page/${n}`;
    this.targets.set(path, target);
    return { path, headers: n % 2 === 0 ? { 'if-none-match': `"${n}"` } : {}, state: path };
  }
  complete(asked: string, status: number, body: string, headers: Record<string, string | string[]>): void {
    this.seen.push({ status, body, etag: headers.etag ?? headers.ETag, asked });
  }
}

interface Served {
  readonly url: string;
  readonly requests: IncomingMessage[];
  /** Most requests a single connection had open at once. */
  maxInFlightPerSocket: number;
}

/** 304 when If-None-Match names the page, else a 200 whose body says which page and server answered. */
async function pageServer(t: Test, name: string, delayMs = 0): Promise<Served> {
  const inFlight = new Map<unknown, number>();
  const served: Served = { url: '', requests: [], maxInFlightPerSocket: 0 };
  const server: Server = createServer((req, res) => {
    served.requests.push(req);
    const open = (inFlight.get(req.socket) ?? 0) + 1;
    inFlight.set(req.socket, open);
    served.maxInFlightPerSocket = Math.max(served.maxInFlightPerSocket, open);
    const page = req.url!.slice('/page/'.length);
    setTimeout(() => {
      inFlight.set(req.socket, inFlight.get(req.socket)! - 1);
      if (req.headers['if-none-match'] === `"${page}"`) {
        res.writeHead(304, { ETag: `"${page}"` });
        res.end();
      } else {
        res.writeHead(200, { ETag: `"${page}"`, 'Content-Type': 'text/plain' });
        // Two writes: a body that arrives in more than one chunk.
        res.write(`page ${page} `);
        res.end(`from ${name} ${'é'.repeat(3)}`);
      }
    }, delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.teardown(() => server.closeAllConnections());
  return Object.assign(served, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

const drivers: [string, () => LoadDriver][] = [
  ['undici', () => new UndiciClosedLoop()],
  ['autocannon', () => new AutocannonClosedLoop()],
];

for (const [name, makeDriver] of drivers) {
  t.test(`${name}: every response reaches the plan whole, one request in flight per connection`, async (t) => {
    const a = await pageServer(t, 'a', 2);
    const b = await pageServer(t, 'b', 2);
    const plan = new RecordingPlan([a.url, b.url], 4, 1);
    const started = performance.now();
    const result = await makeDriver().run(plan, new AbortController().signal);
    const elapsed = performance.now() - started;
    t.match(result, { errors: 0, timeouts: 0, stopped: false });
    t.ok(elapsed >= 900 && elapsed < 3000, `ran for its duration (${elapsed.toFixed(0)} ms)`);
    t.ok(plan.seen.length > 50, `responses recorded (${plan.seen.length})`);
    for (const seen of plan.seen) {
      const page = seen.asked.slice('/page/'.length);
      if (Number(page) % 2 === 0) {
        if (seen.status !== 304 || seen.body !== '' || seen.etag !== `"${page}"`) t.fail(`304 for ${seen.asked}: ${JSON.stringify(seen)}`);
      } else if (seen.status !== 200 || !/^page (\d+) from [ab] ééé$/u.test(seen.body) || seen.etag !== `"${page}"` || !seen.body.startsWith(`page ${page} `)) {
        t.fail(`200 for ${seen.asked}: ${JSON.stringify(seen)}`);
      }
    }
    // The readers note which instance a request went to (the judge holds a write due at once only there).
    const wrongTarget = plan.seen.filter((seen) => seen.status === 200 && !seen.body.endsWith(`from ${['a', 'b'][plan.targets.get(seen.asked) ?? -1]} ééé`));
    t.same(wrongTarget, [], 'every request went to the URL the driver named as its target');
    t.ok(a.requests.length > 0 && b.requests.length > 0, `both URLs loaded (${a.requests.length} and ${b.requests.length})`);
    t.ok(Math.abs(a.requests.length - b.requests.length) <= Math.max(a.requests.length, b.requests.length) * 0.5, 'spread over them evenly');
    t.equal(Math.max(a.maxInFlightPerSocket, b.maxInFlightPerSocket), 1, 'never two requests in flight on one connection');
    const sockets = new Set([...a.requests, ...b.requests].map((req) => req.socket));
    t.equal(sockets.size, 4, 'one kept-alive connection per configured connection');
  });

  t.test(`${name}: the stop signal ends the load at once, and says so`, async (t) => {
    const a = await pageServer(t, 'a', 1);
    const plan = new RecordingPlan([a.url], 2, 30);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = performance.now();
    const result = await makeDriver().run(plan, abort.signal);
    t.equal(result.stopped, true);
    t.ok(performance.now() - started < 2000, 'returned soon after the signal');
    t.ok(plan.seen.length > 10, `responses until then (${plan.seen.length})`);
  });

  t.test(`${name}: refused connections are counted as errors, not recorded`, async (t) => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const plan = new RecordingPlan([`http://127.0.0.1:${port}`], 2, 0.5);
    const result = await makeDriver().run(plan, new AbortController().signal);
    t.equal(plan.seen.length, 0);
    t.ok(result.errors > 0, `errors counted (${result.errors})`);
    t.equal(result.timeouts, 0);
  });
}

t.test('undici: a response that does not come in time is a timeout', async (t) => {
  const server = createServer(() => {
    /* never answers */
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.teardown(() => server.closeAllConnections());
  // undici checks its timeouts about once a second: a 300 ms timeout fires after ~1 s.
  const plan = new RecordingPlan([`http://127.0.0.1:${(server.address() as AddressInfo).port}`], 2, 2.5);
  const result = await new UndiciClosedLoop({ requestTimeoutMs: 300 }).run(plan, new AbortController().signal);
  t.equal(plan.seen.length, 0);
  t.ok(result.timeouts >= 2, `each connection's request timed out (${result.timeouts})`);
  t.equal(result.errors, 0);
});
