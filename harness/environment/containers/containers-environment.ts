// The containers environment (docs/architecture.md, Environments): CouchDB, memcached, the built-in implementations and the proxy in
// front of them (with its counting hop and invalidator) in containers on one network, so the changes feed and
// the purges cross containers; the harness stays on the host and reaches them
// through mapped ports on localhost. `cmd:` implementations stay local processes (they reach CouchDB through
// its mapped port) and `url:` ones are only checked. Every container carries the session's labels, is tracked
// and stopped by stop(); a reaper process removes them should the harness die first.

import { randomBytes } from 'node:crypto';
import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { CouchStats, Environment, Support } from '../../contract/environment.js';
import type { EnvironmentFaults } from '../../contract/faults.js';
import type { ImplSpec } from '../../contract/impl-spec.js';
import type { ProxySetup, RunProxy } from '../../contract/run-proxy.js';
import type { ImplementationTarget, RunningImplementation } from '../../contract/running-implementation.js';
import { STATS_PATH } from '../../couchdb-compatible/front-router.js';
import { StartedImplementation } from '../../implementations/started-implementation.js';
import { ProxyFront } from '../../proxies/proxy-front.js';
import { couchDbInfo, createDb, dropDb, uniqueDbName } from '../couch-databases.js';
import { startLocalSupport, supportWith } from '../local-support.js';
import { containerImages } from './container-images.js';
import { ContainerProxyFront, type TrackedContainer } from './container-proxy-front.js';
import { PID_LABEL, SESSION_LABEL, startReaper, type Reaper } from './container-reaper.js';
import { requireContainerRuntime } from './container-runtime.js';
import { COUCHDB_ALIAS, startCouchDb, type StartedCouchDb } from './couchdb-container.js';
import { etagBenchImage } from './etag-bench-image.js';
import { ContainerImplementation, ImplementationContainer } from './implementation-container.js';
import { MemcachedContainer } from './memcached-container.js';

export interface ContainersEnvironmentOptions {
  /** CouchDB's image (default: ETAG_BENCH_IMAGE_COUCHDB, else couchdb:3); `etag-bench`: the compatible server. */
  readonly couchdbImage?: string;
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
  const session = randomBytes(6).toString('hex');
  const labels = { [SESSION_LABEL]: session, [PID_LABEL]: String(process.pid) };
  const stops = new Set<() => Promise<void>>();
  let network: StartedNetwork | undefined;
  let reaper: Reaper | undefined;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const pending = [...stops];
    stops.clear();
    const failures = (await Promise.allSettled(pending.map((stopOne) => stopOne()))).filter((r) => r.status === 'rejected');
    await network?.stop().catch(() => {});
    // Something could not be stopped: leave the reaper to retry once this process is gone.
    if (failures.length === 0) reaper?.dismiss();
    if (failures.length > 0) throw (failures[0] as PromiseRejectedResult).reason;
  };
  const track = (stopOne: () => Promise<void>): (() => Promise<void>) => {
    const once = async (): Promise<void> => {
      stops.delete(once);
      await stopOne();
    };
    stops.add(once);
    return once;
  };
  // CouchDB's and memcached's names, pinned in the /etc/hosts of every container started after them: a lookup
  // through the network's DNS now and then went unanswered for seconds (glibc then waits 5 s and asks the next
  // nameserver), and an implementation whose first document read waited on it answered nothing in a short run.
  const knownHosts: { host: string; ipAddress: string }[] = [];
  const pinHost = (host: string, container: StartedTestContainer): void => {
    knownHosts.push({ host, ipAddress: container.getIpAddress(network!.getName()) });
  };
  const prepare = <C extends GenericContainer>(container: C): C =>
    container.withNetwork(network!).withLabels(labels).withExtraHosts([...knownHosts]) as C;
  const startContainer = async <T extends StartedTestContainer>(container: GenericContainer & { start(): Promise<T> }): Promise<TrackedContainer<T>> => {
    const running = (await prepare(container).start()) as T;
    const stopOne = track(async () => {
      await running.stop();
    });
    return { container: running, stop: stopOne };
  };
  let building: Promise<string> | undefined;
  const projectImage = (): Promise<string> => {
    building ??= etagBenchImage(runtime.endpoint, images.node).then((image) => {
      if (image.built) note(`containers: built ${image.name} on ${images.node} in ${image.buildMs} ms (context ${(image.contextBytes / 2 ** 20).toFixed(1)} MiB)`);
      return image.name;
    });
    return building;
  };

  let couch: StartedCouchDb;
  try {
    network = await new Network().start();
    reaper = startReaper({ endpoint: runtime.endpoint, session, networkId: network.getId() });
    couch = await startCouchDb({ endpoint: runtime.endpoint, images, prepare, projectImage, note });
    track(async () => {
      await couch.container.stop();
    });
    pinHost(COUCHDB_ALIAS, couch.container);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  const info = { ...(await couchDbInfo(couch.url).catch(async (error: unknown) => {
    await stop().catch(() => {});
    throw error;
  })), image: couch.image };
  const startupMs = Math.round(performance.now() - started);
  note(`containers: CouchDB ${info.vendor} ${info.version} from ${couch.image}, ready in ${startupMs} ms`);

  let memcached: Promise<Support> | undefined;
  let instance = 0;
  let proxies = 0;
  const environment: ContainersEnvironment = {
    kind: 'containers',
    couchdbUrl: couch.url,
    couchdb: info,
    networkName: network.getName(),
    session,
    startupMs,
    async database(label) {
      const name = uniqueDbName(label);
      await createDb(couch.url, name);
      return { name, release: () => dropDb(couch.url, name) };
    },
    async stats(): Promise<CouchStats | undefined> {
      if (!couch.compatible) return undefined;
      const response = await fetch(couch.url + STATS_PATH);
      return (await response.json()) as CouchStats;
    },
    async startImplementation(spec: ImplSpec, target: ImplementationTarget): Promise<RunningImplementation> {
      if (spec.kind !== 'built-in') return StartedImplementation.start(spec, target);
      const image = await projectImage();
      const container = new ImplementationContainer(image, spec.name)
        .withAlias(`impl-${spec.name}-${++instance}`)
        .withEnvironment(target.env ?? {})
        // The harness names its CouchDB by the mapped port; inside the network it has its alias.
        .withCouchDb(target.couchdbUrl === couch.url ? couch.networkUrl : target.couchdbUrl, target.db);
      const running = new ContainerImplementation(spec, await prepare(container).start(), runtime.endpoint);
      // The run stops it; stopping again with the environment is a no-op.
      track(() => running.stop());
      return running;
    },
    async startSupport(impls: readonly ImplSpec[], note: (text: string) => void): Promise<Support> {
      // Built-ins run in containers and reach memcached on the network; a cmd: `ttl` is no built-in.
      if (!impls.some((impl) => impl.kind === 'built-in' && impl.name === 'ttl')) {
        const { support, stop: stopSupport } = await startLocalSupport([], note);
        track(stopSupport);
        return support;
      }
      memcached ??= startMemcached(images.memcached, startContainer, pinHost);
      return memcached;
    },
    async prepareProxy(setup: ProxySetup, impl: ImplSpec): Promise<RunProxy> {
      // cmd: and url: implementations are not on the network: their proxy runs on this machine.
      if (impl.kind !== 'built-in') return ProxyFront.prepare(setup);
      const host = { startContainer, projectImage, images, couchdbNetworkUrl: couch.networkUrl };
      return new ContainerProxyFront(setup, host, `proxy-${++proxies}`);
    },
    faults: CONTAINERS_FAULTS,
    startContainer,
    projectImage,
    stop,
  };
  return environment;
}

async function startMemcached(
  image: string,
  startContainer: ContainersEnvironment['startContainer'],
  pinHost: (host: string, container: StartedTestContainer) => void,
): Promise<Support> {
  const { container } = await startContainer(new MemcachedContainer(image).withAlias('memcached'));
  pinHost('memcached', container);
  // Stopped with the environment; MEMCACHED_SERVERS names it by its alias on the network.
  return supportWith(container.servers, undefined, { memcached: container.version });
}

// Containers are not paused, restarted or put behind a fault proxy by the harness yet: a scenario with faults is
// refused under --env containers before it starts (run it with --env embedded).
const CONTAINERS_FAULTS: EnvironmentFaults = {
  kinds: new Set(),
  whyNot: () => 'the containers environment does not perform faults yet (use --env embedded)',
};
