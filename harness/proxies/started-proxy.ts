// A caching proxy started by the harness in front of a run's origins, on a free loopback port.

import type { PurgeStyle } from '../../protocol/purge-style.js';
import type { ProxySpec } from '../contract/proxy-spec.js';

/** How a purger names what to drop: Varnish takes xkey tags (document ids), nginx page URLs to refresh. */
export type { PurgeStyle };

export interface StartedProxy {
  readonly spec: ProxySpec;
  /** `http://127.0.0.1:<port>`: readers, writes and probes go here, and purges. */
  readonly url: string;
  readonly version: string;
  readonly purgeStyle: PurgeStyle;
  stop(): Promise<void>;
}

export interface ProxyStartOptions {
  readonly spec: ProxySpec;
  readonly binary: string;
  readonly version: string;
  /** The port to listen on (from freePort: purgers may need to know it before the proxy starts). */
  readonly port: number;
  /** Origins, `host:port` each. */
  readonly backends: readonly string[];
  /** TTL of the `ttl` mode, in seconds. */
  readonly ttlS: number;
  /** The user's own configuration, placeholders unfilled; absent: the one etag-bench writes for the mode. */
  readonly configTemplate?: string;
}
