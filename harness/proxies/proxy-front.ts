// A proxy in front of one run's implementation instances: counting forwarders on the proxy → origin hop
// (one per instance), the proxy itself balancing over them, and in purge mode the purger — the
// implementation (PURGE_URL in its environment) or the invalidator as its own process.

import type { RunningImplementation } from '../contract/running-implementation.js';
import { StartupError } from '../errors.js';
import { freePort } from '../implementations/free-port.js';
import { startInvalidator, type StartedInvalidator } from './invalidator-process.js';
import { startNginx } from './nginx-proxy.js';
import { countsBetween, OriginCounter, sumCounts } from './origin-counter.js';
import type { OriginCounts } from '../contract/run-proxy.js';
import { findProxyBinary } from './proxy-binaries.js';
import type { ProxySpec } from '../contract/proxy-spec.js';
import type { ProxySetup, RunProxy } from '../contract/run-proxy.js';
import type { ProxyStartOptions, PurgeStyle, StartedProxy } from './started-proxy.js';
import { startVarnish } from './varnish-proxy.js';

/** Varnish purges by tag (documents a page shows), nginx only by page URL. */
export function purgeStyleOf(spec: ProxySpec): PurgeStyle {
  return spec.name === 'varnish' ? 'xkey' : 'refresh';
}

export class ProxyFront implements RunProxy {
  readonly #counters: OriginCounter[] = [];
  #proxy: StartedProxy | undefined;
  /** What start() gave the proxy; restart() gives it the same. */
  #options: ProxyStartOptions | undefined;
  #invalidator: StartedInvalidator | undefined;

  private constructor(
    readonly setup: ProxySetup,
    readonly port: number,
  ) {}

  /** Takes the proxy's port now: an implementation that purges must be told it before it starts. */
  static async prepare(setup: ProxySetup): Promise<ProxyFront> {
    return new ProxyFront(setup, await freePort());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get purgeStyle(): PurgeStyle {
    return purgeStyleOf(this.setup.spec);
  }

  get version(): string {
    return this.#proxy?.version ?? '';
  }

  /** Environment for the implementation's processes: where to purge, when it is the purger. */
  get implEnv(): Record<string, string> {
    if (this.setup.spec.mode !== 'purge' || this.setup.purgeBy !== 'implementation') return {};
    return { PURGE_URL: this.url, PURGE_STYLE: this.purgeStyle };
  }

  /** Starts the forwarders, the proxy over them and, when it purges, the invalidator. */
  async start(origins: readonly RunningImplementation[], couch: { readonly couchdbUrl: string; readonly db: string }): Promise<void> {
    const binary = this.setup.binary ?? findProxyBinary(this.setup.spec);
    for (const origin of origins) this.#counters.push(await OriginCounter.start(origin.url));
    this.#options = {
      spec: this.setup.spec,
      binary: binary.path,
      version: binary.version,
      port: this.port,
      backends: this.#counters.map((c) => c.hostPort),
      ttlS: this.setup.ttlS,
      ...(this.setup.configTemplate === undefined ? {} : { configTemplate: this.setup.configTemplate }),
    };
    this.#proxy = await startProxy(this.#options);
    if (this.setup.spec.mode === 'purge' && this.setup.purgeBy === 'invalidator') {
      this.#invalidator = await startInvalidator({ ...couch, purgeUrl: this.url, style: this.purgeStyle });
    }
  }

  /** The proxy process stopped and started again on the same port and config; the counters and the invalidator
   *  keep running. Resolves once the proxy answers HTTP (startProxy waits for that), whatever the origin behind
   *  it says: another fault may have the origin down at the time, and that is not the proxy's restart failing.
   *  The cache starts empty, as a crashed proxy's would: purges sent while it was down were lost, so a
   *  kept disk cache (nginx) would serve pages invalidated meanwhile. Each start takes a fresh directory;
   *  Varnish's malloc storage is empty anyway. */
  async restart(): Promise<void> {
    const options = this.#options;
    if (options === undefined || this.#proxy === undefined) throw new StartupError(`${this.setup.spec.spec} is not running: it cannot be restarted`);
    const proxy = this.#proxy;
    this.#proxy = undefined;
    await proxy.stop();
    this.#proxy = await startProxy(options);
  }

  /** Everything that reached the origins so far; diff two with `countsBetween`. */
  async originCounts(): Promise<OriginCounts> {
    return sumCounts(this.#counters.map((c) => c.counts()));
  }

  async stop(): Promise<void> {
    await this.#invalidator?.stop();
    await this.#proxy?.stop();
    await Promise.all(this.#counters.map((c) => c.stop()));
  }
}

function startProxy(options: ProxyStartOptions): Promise<StartedProxy> {
  return options.spec.name === 'varnish' ? startVarnish(options) : startNginx(options);
}

export { countsBetween };
