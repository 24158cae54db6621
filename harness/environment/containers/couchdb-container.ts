// CouchDB for the containers environment: Apache CouchDB (`couchdb:3` by default) when its image is here or can
// be pulled; otherwise the project's CouchDB-compatible server built on the Node
// image. An image the user chose is never replaced: it starts or the environment fails. Either way the
// result says which ran (image, and whether it is the compatible server).

import { randomBytes } from 'node:crypto';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { StartupError } from '../../errors.js';
import { ApacheCouchDbContainer } from './apache-couchdb-container.js';
import { COMPATIBLE_COUCHDB_IMAGE, type ContainerImages } from './container-images.js';
import { CouchDbCompatibleContainer } from './couchdb-compatible-container.js';
import { imageExists, pullImage, type DockerEndpoint } from './docker-api.js';

export const COUCHDB_ALIAS = 'couchdb';
const PULL_TIMEOUT_MS = 180_000;

export interface StartedCouchDb {
  /** For the harness on the host (mapped port), credentials included. */
  readonly url: string;
  /** For containers on the network (its alias), credentials included. */
  readonly networkUrl: string;
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
  return { url: container.getUrl(), networkUrl: container.getNetworkUrl(), image, compatible: true, container };
}

async function startApacheCouchDb(start: CouchDbStart, image: string): Promise<StartedCouchDb> {
  // A password of its own per run: nothing on the network is ever root:root.
  const admin = { username: 'admin', password: randomBytes(12).toString('hex') };
  const container = await start.prepare(new ApacheCouchDbContainer(image, admin).withNetworkAliases(COUCHDB_ALIAS)).start();
  return {
    url: container.getUrl(),
    networkUrl: container.getNetworkUrl(COUCHDB_ALIAS),
    image,
    compatible: false,
    container,
  };
}

/** Undefined when the image is here or was pulled; else why not. */
async function unavailableReason(endpoint: DockerEndpoint, image: string): Promise<string | undefined> {
  if (await imageExists(endpoint, image)) return undefined;
  return pullImage(endpoint, image, PULL_TIMEOUT_MS);
}

const firstLine = (text: string): string => text.split('\n')[0]!.slice(0, 300);
