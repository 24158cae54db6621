// A server that stalls for 1 s out of every 5 s, driven open loop and closed loop: the open loop's latencies,
// measured from each request's intended send time, must show the stall; the closed loop's hide it.

import t, { type Test } from 'tap';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { LoadDriver, LoadPlan, PreparedRequest, SendTiming } from '../../harness/workload/load-driver.js';
import { OpenLoopDriver } from '../../harness/workload/open-loop-driver.js';
import { UndiciClosedLoop } from '../../harness/workload/undici-closed-loop.js';

const PERIOD_MS = 5000;
const STALL_MS = 1000;
const DURATION_S = 6.5;
const RATE = 200;

/** Answers at once, except in the last second of every 5 s from its start, when it holds responses until then. */
async function stallingServer(t: Test): Promise<string> {
  const startedAt = performance.now();
  const server: Server = createServer((_req, res) => {
    const phase = (performance.now() - startedAt) % PERIOD_MS;
    const answer = (): void => {
      res.writeHead(200, { 'content-type': 'text/plain', etag: '"1-a"' });
      res.end('1-0123456789abcdef0123456789abcdef\n');
    };
    if (phase < PERIOD_MS - STALL_MS) answer();
    else setTimeout(answer, PERIOD_MS - phase);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.teardown(() => server.closeAllConnections());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The least plan: one page, no If-None-Match; latency from the time the driver says the request was due. */
class LatencyPlan implements LoadPlan<number> {
  readonly latencies: number[] = [];
  readonly statuses = new Map<number, number>();
  missedSeen = 0;
  constructor(
    readonly urls: readonly string[],
    readonly connections: number,
    readonly durationS: number,
  ) {}
  prepare(timing?: SendTiming): PreparedRequest<number> {
    if (timing?.missed === true) this.missedSeen++;
    return { path: '/doc/a', headers: {}, state: performance.now() - (timing?.lateMs ?? 0) };
  }
  complete(sentAt: number, status: number): void {
    this.latencies.push(performance.now() - sentAt);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
  dropped(timing: SendTiming): void {
    if (timing.missed) this.missedSeen++;
  }
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

async function drive(t: Test, driver: LoadDriver, connections: number) {
  const url = await stallingServer(t);
  const plan = new LatencyPlan([url], connections, DURATION_S);
  const result = await driver.run(plan, new AbortController().signal);
  return { plan, result, p50: percentile(plan.latencies, 50), p99: percentile(plan.latencies, 99), max: plan.latencies.reduce((a, b) => Math.max(a, b), 0) };
}

t.test('a 1 s stall shows in the open loop p99, and the closed loop hides it', async (t) => {
  const open = await drive(t, new OpenLoopDriver({ ratePerSecond: RATE, maxInFlight: 10 }), 10);
  const closed = await drive(t, new UndiciClosedLoop(), 10);
  const figures = (name: string, run: typeof open) =>
    `${name}: ${run.plan.latencies.length} responses, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, max ${run.max.toFixed(1)} ms`;
  t.comment(figures('open loop  ', open), `missed sends ${open.result.missedSends}`);
  t.comment(figures('closed loop', closed));

  const scheduled = RATE * DURATION_S;
  t.equal(open.result.errors + open.result.timeouts, 0, 'no errors');
  t.equal(open.plan.statuses.get(200), scheduled - (open.result.unsent ?? 0), 'every send made got its 200');
  t.ok(open.plan.latencies.length >= scheduled * 0.95, `the schedule was kept: ${open.plan.latencies.length} of ${scheduled} sends answered`);
  t.ok(open.p99 >= 500, `open loop p99 ${open.p99.toFixed(1)} ms shows the 1 s stall (≥ 500 ms)`);
  t.ok(open.max >= 900, `open loop max ${open.max.toFixed(1)} ms: the send due as the stall began waited it out`);
  t.ok(open.p50 < 50, `open loop p50 ${open.p50.toFixed(1)} ms: outside the stall answers are quick`);
  // 10 in flight, 200 due during the stall: the other ~190 waited for a slot.
  t.ok((open.result.missedSends ?? 0) >= 150, `sends the stall made miss their time are counted (${open.result.missedSends})`);
  t.equal(open.plan.missedSeen, open.result.missedSends, 'the plan heard of each missed send');

  t.ok(closed.max >= 900, `closed loop max ${closed.max.toFixed(1)} ms: its few requests held by the stall`);
  t.ok(closed.p99 < 200, `closed loop p99 ${closed.p99.toFixed(1)} ms hides the stall: it stopped sending during it`);
  t.ok(closed.p99 * 4 < open.p99, 'the open loop p99 is more than 4× the closed loop one');
});

t.test('against a quick server the open loop keeps a 1000/s schedule', async (t) => {
  const server = createServer((_req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.teardown(() => server.closeAllConnections());
  const plan = new LatencyPlan([`http://127.0.0.1:${(server.address() as AddressInfo).port}`], 16, 2);
  const result = await new OpenLoopDriver({ ratePerSecond: 1000, maxInFlight: 16 }).run(plan, new AbortController().signal);
  const p50 = percentile(plan.latencies, 50);
  t.comment(
    `1000/s for 2 s: ${plan.latencies.length} responses, p50 ${p50.toFixed(2)} ms, p99 ${percentile(plan.latencies, 99).toFixed(2)} ms, missed ${result.missedSends}`,
  );
  t.ok(plan.latencies.length >= 1980, `the scheduled sends were made and answered (${plan.latencies.length} of 2000)`);
  t.equal(result.errors, 0);
  t.ok(p50 < 20, `most go out on time: p50 ${p50.toFixed(2)} ms from the intended time`);
});

t.test('the open loop stops at once when the signal fires, and says so', async (t) => {
  const url = await stallingServer(t);
  const plan = new LatencyPlan([url], 4, 30);
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 300);
  const started = performance.now();
  const result = await new OpenLoopDriver({ ratePerSecond: 100, maxInFlight: 4 }).run(plan, abort.signal);
  t.equal(result.stopped, true);
  t.ok(performance.now() - started < 2000, 'returned soon after the signal');
  t.ok(plan.latencies.length >= 20 && plan.latencies.length <= 40, `about 30 responses in 0.3 s at 100/s (${plan.latencies.length})`);
});

t.test('a server that does not answer: connection errors are counted, not recorded as exchanges', async (t) => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const plan = new LatencyPlan([`http://127.0.0.1:${port}`], 2, 0.2);
  const result = await new OpenLoopDriver({ ratePerSecond: 50, maxInFlight: 2 }).run(plan, new AbortController().signal);
  t.equal(plan.latencies.length, 0);
  t.equal(result.errors, 10, '50/s for 0.2 s: ten refused connections');
  t.equal(result.stopped, false);
});

t.test('the driver refuses a rate or a cap it cannot use', async (t) => {
  t.throws(() => new OpenLoopDriver({ ratePerSecond: -1, maxInFlight: 1 }), /ratePerSecond must be a number > 0, not -1/);
  t.throws(() => new OpenLoopDriver({ ratePerSecond: 10, maxInFlight: 1.5 }), /maxInFlight must be a whole number ≥ 1, not 1.5/);
});
