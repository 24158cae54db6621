// The caching proxy in front of one run's implementation instances, wherever it runs: a local process
// (ProxyFront) or a container on the environment's network (ContainerProxyFront). The run only needs this.

import type { RunningImplementation } from '../environment/environment.js';
import type { OriginCounts } from './origin-counter.js';
import type { ProxySetup } from './proxy-front.js';

export interface RunProxy {
  readonly setup: ProxySetup;
  /** Environment for the implementation (where to purge, when it is the purger): known before it starts. */
  readonly implEnv: Record<string, string>;
  /** Where readers, writes and probes reach the proxy; set once started. */
  readonly url: string;
  /** The proxy's own version (`varnish-7.1.1`, `nginx/1.22.1`); set once started. */
  readonly version: string;
  /** Starts the counting hop to each instance, the proxy balancing over them and, when it purges, the invalidator. */
  start(origins: readonly RunningImplementation[], couch: { readonly couchdbUrl: string; readonly db: string }): Promise<void>;
  /** Everything that reached the origins so far; diff two with `countsBetween`. */
  originCounts(): Promise<OriginCounts>;
  /** Stops the proxy and starts it again on the same port and config with an empty cache (what it stored was
   *  not told of purges meanwhile); resolves when it serves again. Absent where it cannot be restarted. */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}
