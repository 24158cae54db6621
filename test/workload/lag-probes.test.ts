// The lag probe, against a small server whose invalidation and render times the test sets: the lag runs to the
// arrival of the first response showing the write, its part before the send stops at that request's send (the
// server had let the old ETag go by then), and a write never shown is a timeout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { LagProbes } from '../../harness/workload/lag-probes.js';

const OLD = `1-${'a'.repeat(32)}`;
const NEW = `2-${'b'.repeat(32)}`;

interface Arrival {
  readonly at: number;
  readonly status: number;
}

/** Answers 304 to the old ETag until `invalidateAt`, then renders the new revision in `renderMs`; notes when each
 *  request arrived and how it was answered. */
async function origin(t: Test, invalidateAt: () => number, renderMs: number): Promise<{ url: string; arrivals: Arrival[] }> {
  const arrivals: Arrival[] = [];
  const server: Server = createServer((request, response) => {
    const at = performance.now();
    if (request.headers['if-none-match'] === `"${OLD}"` && at < invalidateAt()) {
      arrivals.push({ at, status: 304 });
      response.writeHead(304, { etag: `"${OLD}"` }).end();
      return;
    }
    arrivals.push({ at, status: 200 });
    setTimeout(() => response.writeHead(200, { etag: `"${NEW}"`, 'content-type': 'text/html' }).end(`<p data-rev="${NEW}">doc</p>`), renderMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals };
}

/** An origin that lets the old ETag go `afterMs` after the write acknowledged at the returned `ackAt`. Warmed
 *  first: fetch's first call loads undici, and a request must be on the wire when it is sent, as in a run. */
async function writtenOrigin(t: Test, afterMs: number, renderMs: number): Promise<{ url: string; arrivals: Arrival[]; ackAt: number }> {
  let ackAt = Number.POSITIVE_INFINITY;
  const server = await origin(t, () => ackAt + afterMs, renderMs);
  await (await fetch(`${server.url}/warm`)).text();
  ackAt = performance.now();
  return { ...server, ackAt };
}

const probesOf = (url: string, deadlineMs: number, intervalMs: number): LagProbes =>
  new LagProbes(
    () => url,
    { deadlineMs, intervalMs },
    () => performance.now(),
    new AbortController().signal,
  );

t.test('the lag ends with the response; its part before the send, when the old ETag was let go', async (t) => {
  const { url, arrivals, ackAt } = await writtenOrigin(t, 40, 30);
  const probes = probesOf(url, 2000, 1);
  probes.watch('/doc/doc-1', `"${OLD}"`, { rev: NEW }, ackAt, () => true);
  await probes.drain();
  const [lag] = probes.samples;
  const [beforeSend] = probes.sentSamples;
  const probed = arrivals.slice(1);
  const reflecting = probed.at(-1)!;
  const lastNotModified = probed.at(-2)!;
  t.equal(reflecting.status, 200);
  t.equal(lastNotModified.status, 304, 'asked again after the old ETag was still good');
  // Causality, not timing: sent after the last 304 arrived, and before it arrived itself.
  t.ok(beforeSend! >= lastNotModified.at - ackAt, `before the send: after the last 304 (${beforeSend?.toFixed(1)} ms)`);
  t.ok(beforeSend! <= reflecting.at - ackAt, 'and no later than it reached the server');
  t.ok(lag! >= reflecting.at - ackAt + 30, `lag: up to the response, its 30 ms render included (${lag?.toFixed(1)} ms)`);
  t.equal(probes.timeouts, 0);
});

t.test("the probe's step is short while the lag is, and grows to intervalMs as it lasts", async (t) => {
  const { url, ackAt } = await writtenOrigin(t, 40, 0);
  // A fixed 100 ms step would ask twice, at 0 and at 100 ms, and see the write 100 ms late.
  const probes = probesOf(url, 2000, 100);
  probes.watch('/doc/doc-1', `"${OLD}"`, { rev: NEW }, ackAt, () => true);
  await probes.drain();
  t.ok(probes.requests >= 5, `asked often while the lag was short (${probes.requests} requests)`);

  const never = await writtenOrigin(t, Number.POSITIVE_INFINITY, 0);
  const unused = probesOf(never.url, 1000, 50);
  unused.watch('/doc/doc-1', `"${OLD}"`, { rev: NEW }, never.ackAt, () => true);
  await unused.drain();
  // 1 s of a lag that does not end: 1 ms steps, then a tenth of the wait, then 50 ms each: about 50, not 1000.
  t.ok(unused.requests < 100, `a long lag is not flooded (${unused.requests} requests in 1 s)`);
  t.equal(unused.timeouts, 1);
});

t.test('a write never shown by the deadline is a timeout, and a sample out of the window is not kept', async (t) => {
  const { url } = await writtenOrigin(t, Number.POSITIVE_INFINITY, 0);
  const probes = probesOf(url, 100, 5);
  probes.watch('/doc/doc-1', `"${OLD}"`, { rev: NEW }, performance.now(), () => true);
  probes.watch('/doc/doc-1', `"${OLD}"`, { rev: NEW }, performance.now(), () => false);
  await probes.drain();
  t.same(probes.samples, []);
  t.same(probes.sentSamples, []);
  t.equal(probes.timeouts, 1, 'only the kept one counts');
});

t.test('probes ask for identity, as the readers do (fetch would ask for gzip and decode it)', async (t) => {
  const asked: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    asked.push(request.headers['accept-encoding']);
    response.writeHead(200, { etag: `"${NEW}"`, 'content-type': 'text/html' }).end(`<p data-rev="${NEW}">doc</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const probes = probesOf(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 1000, 1);
  t.equal(await probes.etagBefore('/doc/doc-1'), `"${NEW}"`);
  probes.watch('/doc/doc-1', `"${OLD}"`, { rev: NEW }, performance.now(), () => true);
  await probes.drain();
  t.same(asked, ['identity', 'identity'], 'the ETag before the write, then the probe');
});
