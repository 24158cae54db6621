// Closed-loop load with autocannon's programmatic API: each connection sends its next request when the
// previous response has arrived. One request in flight per connection (no pipelining), so the per-request
// context carries a request's state to its response.

import autocannon from 'autocannon';
import type { DriverResult, LoadDriver, LoadPlan } from './load-driver.js';

const REQUEST_TIMEOUT_S = 10;

export class AutocannonClosedLoop implements LoadDriver {
  run<S>(plan: LoadPlan<S>, signal: AbortSignal): Promise<DriverResult> {
    // autocannon hands setupRequest the connection's own options, its origin among them: which server it goes to.
    const targets = new Map(plan.urls.map((url, i) => [new URL(url).origin, i]));
    return new Promise<DriverResult>((resolve, reject) => {
      let stopped = false;
      const instance = autocannon(
        {
          // autocannon assigns several URLs to connections round-robin (its types only know one).
          url: (plan.urls.length === 1 ? plan.urls[0]! : [...plan.urls]) as string,
          connections: plan.connections,
          duration: plan.durationS,
          pipelining: 1,
          timeout: REQUEST_TIMEOUT_S,
          requests: [
            {
              setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
                const prepared = plan.prepare(undefined, targets.get(request.origin as string));
                context.state = prepared.state;
                request.path = prepared.path;
                request.headers = prepared.headers;
                return request;
              },
              onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => {
                plan.complete(context.state as S, status, body, headers);
              },
            } as unknown as autocannon.Request,
          ],
        },
        (error, result) => {
          signal.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve({ errors: result.errors - result.timeouts, timeouts: result.timeouts, stopped });
        },
      );
      const onAbort = (): void => {
        stopped = true;
        instance.stop();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
