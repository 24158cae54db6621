// The proxy of a run under --env containers, beside the containerised implementations on the environment's
// network: the counting hop (origin-counter-main.js in the project's image, one port per instance), Varnish or
// nginx from their images with the config etag-bench writes, and in purge mode the invalidator, which follows
// CouchDB's feed across the network. The harness reaches the proxy and the counts through mapped ports.

import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { RunningImplementation } from '../../contract/running-implementation.js';
import { StartupError } from '../../errors.js';
import { nginxConfig } from '../../proxies/nginx-config.js';
import { fillTemplate } from '../../proxies/proxy-config-template.js';
import { COUNTS_PATH, sumCounts, type OriginCounts } from '../../proxies/origin-counter.js';
import type { ProxySetup } from '../../contract/run-proxy.js';
import { purgeStyleOf } from '../../proxies/proxy-front.js';
import type { RunProxy } from '../../contract/run-proxy.js';
import { ContainerImplementation } from './implementation-container.js';
import { varnishConfig } from '../../proxies/varnish-config.js';

export const PROXY_PORT = 8080;
const COUNTER_FIRST_PORT = 8081;
const NGINX_DIR = '/tmp/nginx';
const VCL_PATH = '/tmp/etag-bench.vcl';
const START_TIMEOUT_MS = 60_000;

/** What the front needs of the containers environment. */
export interface ProxyContainerHost {
  /** Starts a container on the environment's network, labelled; stop() stops it early (else the environment does). */
  startContainer<T extends StartedTestContainer>(container: GenericContainer & { start(): Promise<T> }): Promise<TrackedContainer<T>>;
  projectImage(): Promise<string>;
  readonly images: { readonly nginx: string; readonly varnish: string };
  /** CouchDB as containers on the network reach it (credentials included). */
  readonly couchdbNetworkUrl: string;
}

export interface TrackedContainer<T extends StartedTestContainer = StartedTestContainer> {
  readonly container: T;
  stop(): Promise<void>;
}

export class ContainerProxyFront implements RunProxy {
  readonly #started: TrackedContainer[] = [];
  #url = '';
  #version = '';
  #countUrls: string[] = [];
  #proxy: StartedTestContainer | undefined;

  constructor(
    readonly setup: ProxySetup,
    private readonly host: ProxyContainerHost,
    /** Its name on the network (unique per run). */
    private readonly alias: string,
  ) {}

  get url(): string {
    return this.#url;
  }

  get version(): string {
    return this.#version;
  }

  /** The proxy as containers on the network reach it. */
  get networkUrl(): string {
    return `http://${this.alias}:${PROXY_PORT}`;
  }

  get implEnv(): Record<string, string> {
    if (this.setup.spec.mode !== 'purge' || this.setup.purgeBy !== 'implementation') return {};
    return { PURGE_URL: this.networkUrl, PURGE_STYLE: purgeStyleOf(this.setup.spec) };
  }

  async start(origins: readonly RunningImplementation[], couch: { readonly db: string }): Promise<void> {
    const targets = origins.map((origin) => {
      if (origin.networkUrl === undefined) throw new StartupError(`${origin.spec.spec} is not on the containers network: a proxy container cannot reach it`);
      return origin.networkUrl;
    });
    const image = await this.host.projectImage();
    const counterAlias = `${this.alias}-origin-counter`;
    const ports = targets.map((_, i) => COUNTER_FIRST_PORT + i);
    const counter = await this.#run(
      new GenericContainer(image)
        .withCommand(['node', 'dist/harness/proxies/origin-counter-main.js'])
        .withEnvironment({ TARGETS: targets.join(','), FIRST_PORT: String(COUNTER_FIRST_PORT) })
        .withExposedPorts(...ports)
        .withNetworkAliases(counterAlias)
        .withWaitStrategy(Wait.forLogMessage(/"listening"/))
        .withStartupTimeout(START_TIMEOUT_MS),
    );
    const hops = ports.map((port) => `http://${counter.getHost()}:${counter.getMappedPort(port)}`);
    this.#countUrls = hops.map((hop) => `${hop}${COUNTS_PATH}`);
    // Ready when the whole chain answers: a name on the network can take a moment to resolve, and a request
    // stuck on it would cost the run its window.
    for (const hop of hops) await untilHealthy(hop, 'the counting hop to the implementation');
    const backends = ports.map((port) => `${counterAlias}:${port}`);

    const proxy = await this.#run(this.#proxyContainer(backends));
    this.#proxy = proxy;
    this.#url = `http://${proxy.getHost()}:${proxy.getMappedPort(PROXY_PORT)}`;
    await untilHealthy(this.#url, `${this.setup.spec.spec} in front of the implementation`);
    // An implementation that purges started before the proxy existed: until the proxy's name resolves inside it,
    // each purge waits on DNS (and Node's few DNS threads with it, stalling every render). Wait for that too.
    if (Object.keys(this.implEnv).length > 0) {
      for (const origin of origins) if (origin instanceof ContainerImplementation) await untilReached(origin, this.networkUrl);
    }
    this.#version = await versionIn(proxy, this.setup.spec.name);

    if (this.setup.spec.mode === 'purge' && this.setup.purgeBy === 'invalidator') {
      await this.#run(
        new GenericContainer(image)
          .withCommand([
            'node',
            'dist/harness/cli/invalidator-main.js',
            '--db',
            couch.db,
            '--purge',
            this.networkUrl,
            '--purge-style',
            purgeStyleOf(this.setup.spec),
          ])
          .withEnvironment({ COUCHDB_URL: this.host.couchdbNetworkUrl })
          // It prints its JSON line once the feed is live.
          .withWaitStrategy(Wait.forLogMessage(/"since"/))
          .withStartupTimeout(START_TIMEOUT_MS),
      );
    }
  }

  /** The Varnish or nginx container restarted (its cache is gone, the counting hop and the invalidator stay);
   *  resolves when it answers through the chain again. Implementations and the invalidator purge it by name,
   *  which the network's DNS gives its new address. */
  async restart(): Promise<void> {
    const proxy = this.#proxy;
    if (proxy === undefined) throw new Error('the proxy has not started');
    await proxy.restart({ timeout: 0 });
    // The readers hold the URL: the runtime must give the same port back (podman and Docker keep the binding).
    const url = `http://${proxy.getHost()}:${proxy.getMappedPort(PROXY_PORT)}`;
    if (url !== this.#url) throw new Error(`the proxy came back on ${url}, not on ${this.#url}`);
    await untilHealthy(this.#url, `${this.setup.spec.spec} after its restart`);
  }

  async originCounts(): Promise<OriginCounts> {
    const counts = await Promise.all(
      this.#countUrls.map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`origin counter answered ${response.status}`);
        return (await response.json()) as OriginCounts;
      }),
    );
    return sumCounts(counts);
  }

  async stop(): Promise<void> {
    // The invalidator first (it purges the proxy), the counters last (the proxy forwards to them).
    const started = this.#started.splice(0).reverse();
    for (const one of started) await one.stop().catch(() => {});
  }

  async #run(container: GenericContainer): Promise<StartedTestContainer> {
    const tracked = await this.host.startContainer(container);
    this.#started.push(tracked);
    return tracked.container;
  }

  #proxyContainer(backends: readonly string[]): GenericContainer {
    const { spec, ttlS, configTemplate } = this.setup;
    const listen = `0.0.0.0:${PROXY_PORT}`;
    const container = new GenericContainer(spec.name === 'varnish' ? this.host.images.varnish : this.host.images.nginx)
      .withExposedPorts(PROXY_PORT)
      .withNetworkAliases(this.alias)
      .withWaitStrategy(Wait.forListeningPorts())
      .withStartupTimeout(START_TIMEOUT_MS);
    // Purges come from implementation and invalidator containers: any address of the private network.
    if (spec.name === 'varnish') {
      const vcl =
        configTemplate === undefined
          ? varnishConfig({ mode: spec.mode, backends, ttlS, purgers: 'private-networks' })
          : fillTemplate(configTemplate, { backends, listen, dir: '/tmp/varnish' });
      return container
        .withCopyContentToContainer([{ content: vcl, target: VCL_PATH }])
        .withCommand([
          'varnishd',
          '-F',
          '-j',
          'none',
          '-n',
          '/tmp/varnish',
          '-a',
          listen,
          '-f',
          VCL_PATH,
          '-T',
          'none',
          '-s',
          'malloc,128m',
          '-p',
          'thread_pools=1',
          '-p',
          'vsl_space=16m',
        ]);
    }
    if (spec.mode === 'revalidate') throw new RangeError('nginx cannot revalidate every request');
    const conf =
      configTemplate === undefined
        ? nginxConfig({ mode: spec.mode, listen, backends, ttlS, dir: NGINX_DIR, asRoot: true, purgers: 'private-networks' })
        : fillTemplate(configTemplate, { backends, listen, dir: NGINX_DIR });
    // Copying the config in creates its directory, where nginx keeps everything else.
    return container
      .withCopyContentToContainer([{ content: conf, target: `${NGINX_DIR}/nginx.conf` }])
      .withCommand(['nginx', '-p', NGINX_DIR, '-e', `${NGINX_DIR}/error.log`, '-c', `${NGINX_DIR}/nginx.conf`]);
  }
}

/** Polls `<base>/health` through the chain until it answers 200 (each try cut at 2 s). */
async function untilHealthy(base: string, what: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StartupError(`${what} did not answer /health within ${START_TIMEOUT_MS} ms (${last})`);
}

/** Polls until the implementation's container reaches `url` (the proxy, by its name on the network). */
async function untilReached(origin: ContainerImplementation, url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await origin.reaches(`${url}/health`)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new StartupError(`${origin.spec.spec} cannot reach the proxy at ${url} within ${START_TIMEOUT_MS} ms`);
}

/** `varnish-7.1.1` / `nginx/1.22.1`, from the binary in the container (both print it on stderr). */
async function versionIn(container: StartedTestContainer, name: 'varnish' | 'nginx'): Promise<string> {
  const result = await container.exec(name === 'varnish' ? ['varnishd', '-V'] : ['nginx', '-v']);
  const text = `${result.output}${result.stderr ?? ''}`;
  return (name === 'varnish' ? /varnish-[^\s)]+/ : /nginx\/\S+/).exec(text)?.[0] ?? name;
}
