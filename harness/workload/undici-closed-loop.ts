// Closed-loop load on undici: each connection is one undici Client (pipelining 1) and sends its next request
// when the previous response has arrived. Requests are handed to undici's dispatch API as a method, a path and a
// header object, and the response comes back as status, parsed headers and body chunks: no per-request rebuild
// of a request object, no stream objects. (autocannon rebuilds every request once `setupRequest` is set and
// re-chunks the headers of every response; profiled, that was most of the driver's CPU: README, performance.)

import { Client } from 'undici';
import type { DriverResult, LoadDriver, LoadPlan } from './load-driver.js';
import { gatherResponse } from './undici-exchange.js';

const REQUEST_TIMEOUT_MS = 10_000;

export interface ClosedLoopOptions {
  /** A response (its headers, then each body chunk) not come within this is a timeout. */
  readonly requestTimeoutMs?: number;
}

export class UndiciClosedLoop implements LoadDriver {
  constructor(private readonly options: ClosedLoopOptions = {}) {}

  run<S>(plan: LoadPlan<S>, signal: AbortSignal): Promise<DriverResult> {
    const timeoutMs = this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    // Connections are spread over the servers round-robin, as autocannon and the open-loop driver do.
    const clients = Array.from({ length: plan.connections }, (_, i) => {
      const url = new URL(plan.urls[i % plan.urls.length]!);
      return new Client(url.origin, {
        pipelining: 1,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        connect: { rejectUnauthorized: false },
      });
    });
    let errors = 0;
    let timeouts = 0;
    let running = true;

    return new Promise<DriverResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (stopped: boolean): void => {
        if (!running) return;
        running = false;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        // Responses still in flight are not part of the run; destroying the clients drops them.
        void Promise.allSettled(clients.map((client) => client.destroy())).then(() => resolve({ errors, timeouts, stopped }));
      };

      const send = (client: Client, target: number): void => {
        if (!running) return;
        const prepared = plan.prepare(undefined, target);
        const handler = gatherResponse({
          answered(status, headers, body) {
            if (!running) return;
            plan.complete(prepared.state, status, body, headers);
            send(client, target);
          },
          failed(timedOut) {
            if (!running) return;
            if (timedOut) timeouts++;
            else errors++;
            send(client, target);
          },
        });
        client.dispatch({ method: 'GET', path: prepared.path, headers: prepared.headers }, handler);
      };

      const onAbort = (): void => finish(true);
      if (signal.aborted) return finish(true);
      signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => finish(false), plan.durationS * 1000);
      clients.forEach((client, i) => send(client, i % plan.urls.length));
    });
  }
}
