// Every fault kind under --env containers (docs/architecture.md, Environment). CouchDB: its container paused,
// Apache CouchDB restarted by its own API with its data (couchdb-container-faults.ts). The feed: built-in and
// image: implementations get CouchDB through a fault proxy container on the network (`etag-bench fault-proxy`, in the
// project's image, commanded from the host through its mapped control port), in their path only — the harness,
// the writers and the invalidator keep reaching CouchDB directly; a local `cmd:` implementation gets a local
// fault proxy in front of CouchDB's mapped port. Proxies and implementations restart themselves
// (container-proxy-front.ts, implementation-container.ts).

import { GenericContainer, Wait } from 'testcontainers';
import type { EnvironmentFaults, FaultKind, FeedFaultPath } from '../../contract/faults.js';
import { runsInContainer, type ImplSpec } from '../../contract/impl-spec.js';
import { remoteFeedFaults } from '../../faults/fault-proxy-client.js';
import { startFeedFaultProxy } from '../../faults/feed-fault-proxy.js';
import type { ContainerSession } from './container-session.js';
import { COUCHDB_PORT } from './couchdb-compatible-container.js';
import { ClusterNodeFaults } from './cluster-node-faults.js';
import type { StartedCouchDb } from './couchdb-container.js';
import { CouchDbContainerFaults } from './couchdb-container-faults.js';
import type { DockerEndpoint } from './docker-api.js';

const CONTROL_PORT = 7000;
const ALL: readonly FaultKind[] = ['pause-couchdb', 'restart-couchdb', 'cut-feed', 'stall-feed', 'restart-proxy', 'restart-implementation'];
const NODE_KINDS: readonly FaultKind[] = ['stop-couchdb-node', 'pause-couchdb-node'];

export interface ContainersFaultsOptions {
  readonly endpoint: DockerEndpoint;
  readonly session: ContainerSession;
  readonly couch: StartedCouchDb;
  /** Remembers that implementations given `hostUrl` reach it on the network at `networkUrl`. */
  readonly translate: (hostUrl: string, networkUrl: string) => void;
}

export function containersFaults(options: ContainersFaultsOptions): EnvironmentFaults {
  const { couch } = options;
  const persistent = !couch.compatible;
  const cluster = couch.nodes.length > 1;
  const kinds = new Set([...ALL.filter((kind) => persistent || kind !== 'restart-couchdb'), ...(cluster ? NODE_KINDS : [])]);
  let paths = 0;
  return {
    kinds,
    whyNot: (kind) =>
      NODE_KINDS.includes(kind)
        ? 'CouchDB is one node here (a cluster: couchdb.nodes in the scenario, or --couchdb-nodes)'
        : 'the CouchDB-compatible server in a container keeps its data in memory, so a restart would lose it (run Apache CouchDB, the default image, or --env embedded)',
    // In a cluster, pause and restart act on node 0 (the one the oracle follows).
    couch: new CouchDbContainerFaults(options.endpoint, couch.container.getId(), couch.url, persistent),
    ...(cluster ? { nodes: new ClusterNodeFaults(options.endpoint, options.session, couch.nodes) } : {}),
    async feedPath(impl: ImplSpec): Promise<FeedFaultPath> {
      if (!runsInContainer(impl)) return startFeedFaultProxy(couch.url);
      return startFaultProxyContainer(options, `couchdb-feed-${++paths}`);
    },
  };
}

async function startFaultProxyContainer(options: ContainersFaultsOptions, alias: string): Promise<FeedFaultPath> {
  const { session, couch } = options;
  const image = await session.projectImage();
  const { container, stop } = await session.startContainer(
    new GenericContainer(image)
      .withCommand([
        'node',
        'bin/etag-bench.js',
        'fault-proxy',
        '--target',
        `${couch.alias}:${COUCHDB_PORT}`,
        '--host',
        '0.0.0.0',
        '--port',
        String(COUCHDB_PORT),
        '--control-port',
        String(CONTROL_PORT),
      ])
      .withExposedPorts(COUCHDB_PORT, CONTROL_PORT)
      .withNetworkAliases(alias)
      .withWaitStrategy(Wait.forHttp('/health', CONTROL_PORT).forStatusCode(200))
      .withStartupTimeout(60_000),
  );
  // Implementations started after it find it by a pinned address, as they find CouchDB.
  session.pinHost(alias, container);
  const through = (base: string, host: string, port: number): string => {
    const url = new URL(base);
    url.hostname = host;
    url.port = String(port);
    return url.href.replace(/\/$/, '');
  };
  const hostUrl = through(couch.url, container.getHost(), container.getMappedPort(COUCHDB_PORT));
  options.translate(hostUrl, through(couch.networkUrl, alias, COUCHDB_PORT));
  const control = remoteFeedFaults(`http://${container.getHost()}:${container.getMappedPort(CONTROL_PORT)}`);
  return { couchdbUrl: hostUrl, ...control, stop };
}
