// The containers environment (docs/architecture.md, Environments): CouchDB, memcached, the built-in and image:
// implementations and the proxy in front of them (with its counting hop and invalidator) in containers on one
// network, so the changes feed and the purges cross containers; the harness stays on the host and reaches them
// through mapped ports on localhost. `cmd:` implementations stay local processes (they reach CouchDB through
// its mapped port) and `url:` ones are only checked. Every container carries the session's labels, is tracked
// and stopped by stop(); a reaper process removes them should the harness die first.

import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import type { CouchDbInfo, CouchStats, Environment, Support } from '../../contract/environment.js';
import { runsInContainer, type ImplSpec } from '../../contract/impl-spec.js';
import type { ProxySetup, RunProxy } from '../../contract/run-proxy.js';
import type { ImplementationTarget, RunningImplementation } from '../../contract/running-implementation.js';
import { STATS_PATH } from '../../couchdb-compatible/front-router.js';
import { StartedImplementation } from '../../implementations/started-implementation.js';
import { ProxyFront } from '../../proxies/proxy-front.js';
import { couchDbInfo, createDb, dropDb, uniqueDbName } from '../couch-databases.js';
import { startLocalSupport, supportWith } from '../local-support.js';
import { containerImages, type ContainerImages } from './container-images.js';
import { containersFaults } from './containers-faults.js';
import { ContainerSession } from './container-session.js';
import { ContainerProxyFront, type TrackedContainer } from './container-proxy-front.js';
import { requireContainerRuntime } from './container-runtime.js';
import { createClusterDatabase } from './couchdb-cluster.js';
import { COUCHDB_ALIAS, startCouchDb, startCouchDbClusterOf, type StartedCouchDb } from './couchdb-container.js';
import type { DockerEndpoint } from './docker-api.js';
import { ImageImplementationContainer } from './image-implementation-container.js';
import { ContainerImplementation, ImplementationContainer } from './implementation-container.js';
import { MemcachedContainer } from './memcached-container.js';
import { sumCounters } from '../couch-counters.js';

export interface ContainersEnvironmentOptions {
  /** CouchDB's image (default: ETAG_BENCH_IMAGE_COUCHDB, else couchdb:3); `etag-bench`: the compatible server. */
  readonly couchdbImage?: string;
  /** CouchDB nodes: more than 1 is a cluster of Apache CouchDB containers (default 1). */
  readonly nodes?: number;
  /** Where one-line notes go (which CouchDB ran, how long the start took). */
  readonly note?: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ContainersEnvironment extends Environment {
  readonly kind: 'containers';
  readonly networkName: string;
  /** The session id every container of this environment carries as label `etag-bench.session`. */
  readonly session: string;
  /** From the call until CouchDB answered (the project's image build included when it had to be built). */
  readonly startupMs: number;
  /** Starts any container on the environment's network, labelled and stopped with the environment unless stopped first. */
  startContainer<T extends StartedTestContainer>(container: GenericContainer & { start(): Promise<T> }): Promise<TrackedContainer<T>>;
  /** The project's image (built on first use): what built-in implementations and the compatible server run. */
  projectImage(): Promise<string>;
}

export async function startContainersEnvironment(options: ContainersEnvironmentOptions = {}): Promise<ContainersEnvironment> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const note = options.note ?? (() => {});
  const runtime = await requireContainerRuntime(env);
  // testcontainers finds the runtime through DOCKER_HOST; a socket found elsewhere is handed to it that way.
  process.env.DOCKER_HOST ??= runtime.dockerHost;
  const images = containerImages(env, options.couchdbImage);
  const session = await ContainerSession.start(runtime.endpoint, images, note);
  let couch: StartedCouchDb;
  let info: CouchDbInfo;
  try {
    couch = await startSessionCouchDb(session, runtime.endpoint, images, options.nodes ?? 1, note);
    info = { ...(await couchDbInfo(couch.url)), image: couch.image, ...(couch.nodes.length > 1 ? { nodes: couch.nodes.length } : {}) };
  } catch (error) {
    await session.stop().catch(() => {});
    throw error;
  }
  // CouchDB (each node) as containers reach it, by the URL the harness knows it by (a fault proxy adds its own).
  const networkUrls = new Map(couch.nodes.map((node) => [node.url, node.networkUrl]));
  const startupMs = Math.round(performance.now() - started);
  const cluster = couch.nodes.length > 1 ? ` (a cluster of ${couch.nodes.length} nodes)` : '';
  note(`containers: CouchDB ${info.vendor} ${info.version}${cluster} from ${couch.image}, ready in ${startupMs} ms`);
  return {
    kind: 'containers',
    couchdbUrl: couch.url,
    couchdbNodes: couch.nodes.map((node) => node.url),
    couchdb: info,
    networkName: session.networkName,
    session: session.id,
    startupMs,
    async database(label, shape) {
      const name = uniqueDbName(label);
      // CouchDB 3's defaults where the scenario names none: 2 shards, 3 copies (or one per node when fewer).
      if (couch.nodes.length > 1) await createClusterDatabase(couch.url, name, { q: shape?.q ?? 2, n: shape?.n ?? Math.min(3, couch.nodes.length) });
      else await createDb(couch.url, name);
      return { name, release: () => dropDb(couch.url, name) };
    },
    counters: () => sumCounters(couch.nodes.map((node) => node.url)),
    async stats(): Promise<CouchStats | undefined> {
      if (!couch.compatible) return undefined;
      const response = await fetch(couch.url + STATS_PATH);
      return (await response.json()) as CouchStats;
    },
    ...containerStarts(session, couch, runtime.endpoint, images, networkUrls),
    faults: containersFaults({ endpoint: runtime.endpoint, session, couch, translate: (hostUrl, networkUrl) => networkUrls.set(hostUrl, networkUrl) }),
    startContainer: (container) => session.startContainer(container),
    projectImage: () => session.projectImage(),
    stop: () => session.stop(),
  };
}

/** The session's CouchDB: one node (tracked, its name pinned here) or a cluster (whose start tracks and pins its nodes). */
async function startSessionCouchDb(
  session: ContainerSession,
  endpoint: DockerEndpoint,
  images: ContainerImages,
  nodes: number,
  note: (text: string) => void,
): Promise<StartedCouchDb> {
  const start = { endpoint, images, prepare: <C extends GenericContainer>(c: C) => session.prepare(c), projectImage: () => session.projectImage(), note };
  if (nodes > 1) return startCouchDbClusterOf({ ...start, session, nodes });
  const couch = await startCouchDb(start);
  const container = couch.container;
  session.track(async () => {
    await container.stop();
  });
  session.pinHost(COUCHDB_ALIAS, container);
  return couch;
}

/** How implementations, support and proxies start in the session: built-ins and image: in containers, the rest locally. */
function containerStarts(
  session: ContainerSession,
  couch: StartedCouchDb,
  endpoint: DockerEndpoint,
  images: ContainerImages,
  networkUrls: ReadonlyMap<string, string>,
): Pick<Environment, 'startImplementation' | 'startSupport' | 'prepareProxy'> {
  let memcached: Promise<Support> | undefined;
  let instance = 0;
  let proxies = 0;
  return {
    async startImplementation(spec: ImplSpec, target: ImplementationTarget): Promise<RunningImplementation> {
      if (!runsInContainer(spec)) return StartedImplementation.start(spec, target);
      // The harness names CouchDB (or the feed's fault proxy) by a mapped port; inside the network, by its alias.
      const couchdbUrl = networkUrls.get(target.couchdbUrl) ?? target.couchdbUrl;
      const container =
        spec.kind === 'image'
          ? new ImageImplementationContainer(spec, endpoint).withAlias(`impl-image-${++instance}`).withContract(couchdbUrl, target.db, target.env ?? {})
          : new ImplementationContainer(await session.projectImage(), spec.name)
              .withAlias(`impl-${spec.name}-${++instance}`)
              .withEnvironment(target.env ?? {})
              .withCouchDb(couchdbUrl, target.db);
      const started = await session.prepare(container).start();
      session.holdsPins(started);
      const running = new ContainerImplementation(spec, started, endpoint, spec.kind !== 'image');
      // The run stops it; stopping again with the environment is a no-op.
      session.track(() => running.stop());
      return running;
    },
    async startSupport(impls: readonly ImplSpec[], note: (text: string) => void): Promise<Support> {
      // Built-ins run in containers and reach memcached on the network; a cmd: `ttl` is no built-in.
      if (!impls.some((impl) => impl.kind === 'built-in' && impl.name === 'ttl')) {
        const { support, stop } = await startLocalSupport([], note);
        session.track(stop);
        return support;
      }
      memcached ??= startMemcached(images.memcached, session);
      return memcached;
    },
    async prepareProxy(setup: ProxySetup, impl: ImplSpec): Promise<RunProxy> {
      // cmd: and url: implementations are not on the network: their proxy runs on this machine.
      if (!runsInContainer(impl)) return ProxyFront.prepare(setup);
      const host = {
        startContainer: session.startContainer.bind(session),
        projectImage: () => session.projectImage(),
        images,
        couchdbNetworkUrl: couch.networkUrl,
      };
      return new ContainerProxyFront(setup, host, `proxy-${++proxies}`);
    },
  };
}

async function startMemcached(image: string, session: ContainerSession): Promise<Support> {
  const { container } = await session.startContainer(new MemcachedContainer(image).withAlias('memcached'));
  session.pinHost('memcached', container);
  // Stopped with the environment; MEMCACHED_SERVERS names it by its alias on the network.
  return supportWith(container.servers, undefined, { memcached: container.version });
}
