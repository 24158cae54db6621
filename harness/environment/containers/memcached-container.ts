// memcached in a container, for the `ttl` implementation: the image from ETAG_BENCH_IMAGE_MEMCACHED (Debian's
// memcached, no CMD) started with an explicit command; implementations on the network reach it by its alias.

import { connect } from 'node:net';
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

export const MEMCACHED_PORT = 11211;

export class MemcachedContainer extends GenericContainer {
  #alias = 'memcached';
  #memoryMb = 64;

  constructor(image: string) {
    super(image);
    this.withExposedPorts(MEMCACHED_PORT).withWaitStrategy(Wait.forListeningPorts()).withStartupTimeout(30_000);
  }

  /** The name implementations use to reach it on the network. */
  withAlias(alias: string): this {
    this.#alias = alias;
    return this;
  }

  withMemoryMb(memoryMb: number): this {
    this.#memoryMb = memoryMb;
    return this;
  }

  override async start(): Promise<StartedMemcachedContainer> {
    // As root memcached needs -u; -U 0 turns UDP off.
    this.withCommand(['memcached', '-u', 'root', '-l', '0.0.0.0', '-p', String(MEMCACHED_PORT), '-U', '0', '-m', String(this.#memoryMb)]);
    this.withNetworkAliases(this.#alias);
    const started = await super.start();
    return new StartedMemcachedContainer(started, this.#alias, await versionOf(started.getHost(), started.getMappedPort(MEMCACHED_PORT)));
  }
}

export class StartedMemcachedContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly alias: string,
    readonly version: string,
  ) {
    super(started);
  }

  /** `alias:port`, for MEMCACHED_SERVERS of implementations on the network. */
  get servers(): string {
    return `${this.alias}:${MEMCACHED_PORT}`;
  }

  /** `host:port` through the mapped port, for processes on the host. */
  getHostServers(): string {
    return `${this.getHost()}:${this.getMappedPort(MEMCACHED_PORT)}`;
  }
}

/** memcached's `version` command: "VERSION 1.6.18" → "memcached 1.6.18". */
function versionOf(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let answer = '';
    const done = (version: string): void => {
      socket.destroy();
      resolve(version);
    };
    socket.setTimeout(2000, () => done('memcached'));
    socket.on('connect', () => socket.write('version\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (!answer.includes('\r\n')) return;
      const version = /^VERSION (\S+)/.exec(answer)?.[1];
      done(version === undefined ? 'memcached' : `memcached ${version}`);
    });
    socket.on('error', () => done('memcached'));
  });
}
