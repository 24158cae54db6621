// CouchDB for the containers environment: Apache CouchDB (`couchdb:3` by default) when its image is here or can
// be pulled; otherwise the project's CouchDB-compatible server built on the Node
// image. An image the user chose is never replaced: it starts or the environment fails. Either way the
// result says which ran (image, and whether it is the compatible server).

import { randomBytes } from 'node:crypto';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { StartupError } from '../../errors.js';
import { ApacheCouchDbContainer } from './apache-couchdb-container.js';
import type { ContainerSession } from './container-session.js';
import { startCouchDbCluster } from './couchdb-cluster.js';
import { COMPATIBLE_COUCHDB_IMAGE, type ContainerImages } from './container-images.js';
import { CouchDbCompatibleContainer } from './couchdb-compatible-container.js';
import { imageExists, pullImage, type DockerEndpoint } from './docker-api.js';

export const COUCHDB_ALIAS = 'couchdb';
const PULL_TIMEOUT_MS = 180_000;

/** One CouchDB node: the whole CouchDB, or one node of a cluster. */
export interface StartedCouchNode {
  /** For the harness on the host (mapped port), credentials included. */
  readonly url: string;
  /** For containers on the network (its alias), credentials included. */
  readonly networkUrl: string;
  /** Its name on the network. */
  readonly alias: string;
  readonly container: StartedTestContainer;
}

export interface StartedCouchDb {
  /** Node 0's (the only one's) for the harness on the host (mapped port), credentials included. */
  readonly url: string;
  /** Node 0's for containers on the network (its alias), credentials included. */
  readonly networkUrl: string;
  /** Node 0's name on the network. */
  readonly alias: string;
  /** Every node, node 0 first (one for a single CouchDB). */
  readonly nodes: readonly StartedCouchNode[];
  readonly image: string;
  /** The project's compatible server (it has the per-route request counter). */
  readonly compatible: boolean;
  readonly container: StartedTestContainer;
}

export interface CouchDbStart {
  readonly endpoint: DockerEndpoint;
  readonly images: ContainerImages;
  /** Puts a container on the environment's network with its labels. */
  readonly prepare: <C extends GenericContainer>(container: C) => C;
  /** The project's image (built on first use). */
  readonly projectImage: () => Promise<string>;
  readonly note: (text: string) => void;
}

export async function startCouchDb(start: CouchDbStart): Promise<StartedCouchDb> {
  const { images } = start;
  if (images.couchdb !== COMPATIBLE_COUCHDB_IMAGE) {
    const missing = await unavailableReason(start.endpoint, images.couchdb);
    if (missing === undefined) return startApacheCouchDb(start, images.couchdb);
    if (images.couchdbChosen) throw new StartupError(`CouchDB image ${images.couchdb} cannot be had: ${missing}`);
    start.note(`containers: ${images.couchdb} cannot be had (${firstLine(missing)}); running etag-bench's CouchDB-compatible server instead`);
  }
  const image = await start.projectImage();
  const container = await start.prepare(new CouchDbCompatibleContainer(image).withAlias(COUCHDB_ALIAS)).start();
  return single({ url: container.getUrl(), networkUrl: container.getNetworkUrl(), alias: COUCHDB_ALIAS, container }, image, true);
}

const single = (node: StartedCouchNode, image: string, compatible: boolean): StartedCouchDb => ({ ...node, nodes: [node], image, compatible });

async function startApacheCouchDb(start: CouchDbStart, image: string): Promise<StartedCouchDb> {
  // A password of its own per run: nothing on the network is ever root:root.
  const admin = { username: 'admin', password: randomBytes(12).toString('hex') };
  const container = await start.prepare(new ApacheCouchDbContainer(image, admin).withNetworkAliases(COUCHDB_ALIAS)).start();
  return single({ url: container.getUrl(), networkUrl: container.getNetworkUrl(COUCHDB_ALIAS), alias: COUCHDB_ALIAS, container }, image, false);
}

/** A cluster of Apache CouchDB nodes (couchdb-cluster.ts); the compatible server has no cluster. The session
 *  tracks and pins each node. */
export async function startCouchDbClusterOf(start: CouchDbStart & { readonly session: ContainerSession; readonly nodes: number }): Promise<StartedCouchDb> {
  const { images } = start;
  if (images.couchdb === COMPATIBLE_COUCHDB_IMAGE)
    throw new StartupError(`a CouchDB cluster needs Apache CouchDB: the CouchDB-compatible server (${COMPATIBLE_COUCHDB_IMAGE}) runs one node`);
  const missing = await unavailableReason(start.endpoint, images.couchdb);
  if (missing !== undefined) throw new StartupError(`CouchDB image ${images.couchdb} cannot be had: ${missing} (a cluster needs Apache CouchDB)`);
  const admin = { username: 'admin', password: randomBytes(12).toString('hex') };
  const cluster = await startCouchDbCluster({ session: start.session, image: images.couchdb, nodes: start.nodes, admin, note: start.note });
  const nodes = cluster.nodes.map((node) => ({ url: node.url, networkUrl: node.networkUrl, alias: node.alias, container: node.container }));
  const first = nodes[0]!;
  return { ...first, nodes, image: images.couchdb, compatible: false };
}

/** Undefined when the image is here or was pulled; else why not. */
async function unavailableReason(endpoint: DockerEndpoint, image: string): Promise<string | undefined> {
  if (await imageExists(endpoint, image)) return undefined;
  return pullImage(endpoint, image, PULL_TIMEOUT_MS);
}

const firstLine = (text: string): string => text.split('\n')[0]!.slice(0, 300);
