// Open-loop load, as wrk2 sends it: requests go out on a constant-rate schedule whatever the server does, and
// each is dated from its intended send time, so a stalled server shows its stall in every request scheduled
// during it (no coordinated omission). Built on undici (a Pool of kept-alive connections per server, its dispatch
// API, as the closed loop uses), not on autocannon: its `overallRate` is a per-second budget (sends back to back,
// then waits for the next second) and its latency correction assumes a 1 ms interval; neither gives an intended
// time per request.
//
// At most maxInFlight requests are out; a send that finds every one busy waits for a free one and counts as a
// missed send (open-loop-schedule.ts). After the duration the waiting sends are dropped and the requests out
// are awaited (each has its timeout); the signal stops everything at once.

import { Pool } from 'undici';
import type { DriverResult, LoadDriver, LoadPlan } from './load-driver.js';
import { gatherResponse } from './undici-exchange.js';
import { checkOpenLoopOptions, OpenLoopSchedule, type OpenLoopOptions, type ScheduledSend } from './open-loop-schedule.js';

const REQUEST_TIMEOUT_MS = 10_000;

export class OpenLoopDriver implements LoadDriver {
  constructor(readonly options: OpenLoopOptions) {
    checkOpenLoopOptions(options);
  }

  run<S>(plan: LoadPlan<S>, signal: AbortSignal): Promise<DriverResult> {
    const { maxInFlight } = this.options;
    // Keep-alive connections, at most maxInFlight to each server (the schedule caps the total anyway).
    const pools = plan.urls.map(
      (url) =>
        new Pool(new URL(url).origin, {
          connections: maxInFlight,
          pipelining: 1,
          headersTimeout: REQUEST_TIMEOUT_MS,
          bodyTimeout: REQUEST_TIMEOUT_MS,
          connect: { rejectUnauthorized: false },
        }),
    );
    const schedule = new OpenLoopSchedule({ ...this.options, startMs: performance.now(), durationS: plan.durationS });
    let errors = 0;
    let timeouts = 0;
    let unsent = 0;
    let turn = 0;
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let ended = false;

    return new Promise<DriverResult>((resolve) => {
      const finish = (stopped: boolean): void => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        // Requests still out are dropped with their connections.
        void Promise.allSettled(pools.map((pool) => pool.destroy())).then(() => resolve({ errors, timeouts, stopped, missedSends: schedule.missed, unsent }));
      };

      // One request: prepared as it goes out (the client's cache as of now), dated from its intended time.
      const send = (scheduled: ScheduledSend): void => {
        const target = turn++ % pools.length;
        const pool = pools[target]!;
        const prepared = plan.prepare({ lateMs: scheduled.lateMs, missed: scheduled.missed }, target);
        let settled = false;
        const settle = (outcome: 'ok' | 'error' | 'timeout'): void => {
          if (settled || ended) return;
          settled = true;
          if (outcome === 'error') errors++;
          if (outcome === 'timeout') timeouts++;
          const next = schedule.release(performance.now());
          if (next !== undefined) send(next);
          else if (closed && schedule.inFlight === 0) finish(false);
        };
        const handler = gatherResponse({
          answered(status, headers, body) {
            if (settled || ended) return;
            plan.complete(prepared.state, status, body, headers);
            settle('ok');
          },
          failed: (timedOut) => settle(timedOut ? 'timeout' : 'error'),
        });
        pool.dispatch({ method: 'GET', path: prepared.path, headers: prepared.headers }, handler);
      };

      // Wakes at each next intended time and sends everything due; at the end, drops what still waits.
      const tick = (): void => {
        timer = undefined;
        const now = performance.now();
        for (const scheduled of schedule.take(now)) {
          if (ended) return;
          send(scheduled);
        }
        if (ended) return;
        const nextAt = schedule.nextDueAt();
        if (nextAt !== undefined) {
          timer = setTimeout(tick, Math.max(0, nextAt - performance.now()));
          return;
        }
        // Every send is due: close at the end of the duration (sends still waiting then are dropped).
        if (now < schedule.endAt) {
          timer = setTimeout(tick, Math.max(0, schedule.endAt - now));
          return;
        }
        const dropped = schedule.close(now);
        closed = true;
        unsent = dropped.length;
        for (const scheduled of dropped) plan.dropped?.({ lateMs: scheduled.lateMs, missed: true });
        if (schedule.inFlight === 0) finish(false);
      };

      const onAbort = (): void => finish(true);
      if (signal.aborted) return finish(true);
      signal.addEventListener('abort', onAbort, { once: true });
      tick();
    });
  }
}
