// Apache CouchDB in a container, configured through the official image's variables (COUCHDB_USER,
// COUCHDB_PASSWORD): single node, admin credentials, ready when `/_up` answers 200. Written on GenericContainer
// instead of @testcontainers/couchdb, whose one class is this much and whose versions pull their own
// testcontainers.

import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { COUCHDB_PORT } from './couchdb-compatible-container.js';

export interface CouchDbAdmin {
  readonly username: string;
  readonly password: string;
}

/** CouchDB writes its first database files and shards on start: slower than the project's server. */
const STARTUP_TIMEOUT_MS = 120_000;

export class ApacheCouchDbContainer extends GenericContainer {
  readonly #admin: CouchDbAdmin;

  constructor(image: string, admin: CouchDbAdmin) {
    super(image);
    this.#admin = admin;
    this.withExposedPorts(COUCHDB_PORT)
      .withEnvironment({ COUCHDB_USER: admin.username, COUCHDB_PASSWORD: admin.password })
      .withWaitStrategy(Wait.forHttp('/_up', COUCHDB_PORT).forStatusCode(200))
      .withStartupTimeout(STARTUP_TIMEOUT_MS);
  }

  override async start(): Promise<StartedApacheCouchDbContainer> {
    return new StartedApacheCouchDbContainer(await super.start(), this.#admin);
  }
}

export class StartedApacheCouchDbContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    readonly admin: CouchDbAdmin,
  ) {
    super(started);
  }

  /** For the harness on the host: the mapped port on localhost, credentials included. */
  getUrl(): string {
    return `http://${credentials(this.admin)}@${this.getHost()}:${this.getMappedPort(COUCHDB_PORT)}`;
  }

  /** For containers on the same network, by one of its aliases, credentials included. */
  getNetworkUrl(alias: string): string {
    return `http://${credentials(this.admin)}@${alias}:${COUCHDB_PORT}`;
  }
}

const credentials = (admin: CouchDbAdmin): string => `${encodeURIComponent(admin.username)}:${encodeURIComponent(admin.password)}`;
