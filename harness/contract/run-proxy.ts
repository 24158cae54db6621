// The caching proxy in front of one run's implementation instances, wherever it runs: a local process
// (proxies/ProxyFront) or a container on the environment's network. The run only needs this.

import type { ProxySpec, PurgeBy } from './proxy-spec.js';
import type { RunningImplementation } from './running-implementation.js';

/** A local proxy binary: its path and the version it reports (`varnish-7.1.1`, `nginx/1.22.1`). */
export interface ProxyBinary {
  readonly path: string;
  readonly version: string;
}

/** Which proxy a run puts in front, and how: resolved by the run plan from --proxy or the scenario. */
export interface ProxySetup {
  readonly spec: ProxySpec;
  /** The local binary; absent where the proxy runs in a container (looked up if it runs here after all). */
  readonly binary?: ProxyBinary;
  /** Who purges in purge mode. */
  readonly purgeBy: PurgeBy;
  /** TTL of the ttl mode, seconds. */
  readonly ttlS: number;
  /** The text of the user's config file (spec.configFile), in place of the one etag-bench writes. */
  readonly configTemplate?: string;
}

/** What reached the origins behind the proxy: requests and their statuses. */
export interface OriginCounts {
  readonly requests: number;
  readonly status: Record<string, number>;
}

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
