// The project's embedded CouchDB-compatible server in a container (`etag-bench couchdb` in the project's image):
// what runs when no CouchDB image can be had (no registry), or on request (--couchdb-image etag-bench).
// Same routes and ETags as the embedded environment's server, plus its per-route request counter.

import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

export const COUCHDB_PORT = 5984;

export class CouchDbCompatibleContainer extends GenericContainer {
  #alias = 'couchdb';

  constructor(image: string) {
    super(image);
    this.withExposedPorts(COUCHDB_PORT)
      .withCommand(['node', 'bin/etag-bench.js', 'couchdb', '--host', '0.0.0.0', '--port', String(COUCHDB_PORT), '--json'])
      .withWaitStrategy(Wait.forHttp('/_up', COUCHDB_PORT).forStatusCode(200))
      .withStartupTimeout(60_000);
  }

  /** The name other containers use to reach it on the network. */
  withAlias(alias: string): this {
    this.#alias = alias;
    return this;
  }

  override async start(): Promise<StartedCouchDbCompatibleContainer> {
    this.withNetworkAliases(this.#alias);
    return new StartedCouchDbCompatibleContainer(await super.start(), this.#alias);
  }
}

export class StartedCouchDbCompatibleContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly alias: string,
  ) {
    super(started);
  }

  getPort(): number {
    return this.getMappedPort(COUCHDB_PORT);
  }

  /** For the harness on the host: the mapped port on localhost. */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getPort()}`;
  }

  /** For containers on the same network. */
  getNetworkUrl(): string {
    return `http://${this.alias}:${COUCHDB_PORT}`;
  }
}
