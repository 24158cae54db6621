// A built-in implementation in a container (the project's image, `node dist/reference-server/main.js <name>`),
// configured by the contract's environment (docs/architecture.md, Implementation contract) with COUCHDB_URL on the network; ready when
// /health answers 200. The harness reaches it through its mapped port; a proxy container through its alias.
// Its output is kept for diagnostics, and the end of its log stream tells that it exited.

import type { Readable } from 'node:stream';
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { RunningImplementation } from '../../contract/running-implementation.js';
import { StartupError } from '../../errors.js';
import type { ImplSpec } from '../../contract/impl-spec.js';
import { dockerRequest, type DockerEndpoint } from './docker-api.js';
import { untilRestarted } from './until-restarted.js';

export const IMPLEMENTATION_PORT = 8080;
export const READY_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL = 4096;

export class ImplementationContainer extends GenericContainer {
  #alias: string;
  #output = '';
  #ended: Promise<void>;
  #onEnd: () => void = () => {};

  constructor(
    image: string,
    private readonly builtIn: string,
  ) {
    super(image);
    this.#alias = `impl-${builtIn}`;
    this.#ended = new Promise((resolve) => (this.#onEnd = resolve));
    this.withExposedPorts(IMPLEMENTATION_PORT)
      // Under a supervisor that restarts it on SIGUSR2 (restart-implementation) in the same container.
      .withCommand(['node', 'dist/harness/environment/containers/supervisor-main.js', 'node', 'dist/reference-server/main.js', builtIn])
      .withEnvironment({ HOST: '0.0.0.0', PORT: String(IMPLEMENTATION_PORT) })
      .withWaitStrategy(Wait.forHttp('/health', IMPLEMENTATION_PORT).forStatusCode(200))
      .withStartupTimeout(READY_TIMEOUT_MS)
      .withLogConsumer((stream: Readable) => {
        stream.on('data', (chunk: Buffer | string) => (this.#output = (this.#output + chunk.toString()).slice(-OUTPUT_TAIL * 2)));
        stream.on('end', () => this.#onEnd());
        stream.on('error', () => this.#onEnd());
      });
  }

  /** The name a proxy container uses to reach it (unique per instance). */
  withAlias(alias: string): this {
    this.#alias = alias;
    return this;
  }

  /** COUCHDB_URL as seen from inside the network, and the database. */
  withCouchDb(networkUrl: string, db: string): this {
    return this.withEnvironment({ COUCHDB_URL: networkUrl, COUCHDB_DB: db });
  }

  override async start(): Promise<StartedImplementationContainer> {
    this.withNetworkAliases(this.#alias);
    let started: StartedTestContainer;
    try {
      started = await super.start();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StartupError(`${this.builtIn} (container) not ready: ${reason}${tail(this.#output)}`, { cause: error });
    }
    return new StartedImplementationContainer(started, this.#alias, () => this.#output, this.#ended);
  }
}

export class StartedImplementationContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly alias: string,
    readonly output: () => string,
    /** Resolves when its log stream ends: the container stopped. */
    readonly ended: Promise<void>,
  ) {
    super(started);
  }

  /** For the harness on the host: the mapped port on localhost. */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(IMPLEMENTATION_PORT)}`;
  }

  /** For containers on the same network (a proxy in front). */
  getNetworkUrl(): string {
    return `http://${this.alias}:${IMPLEMENTATION_PORT}`;
  }
}

/** The RunningImplementation a run sees: exit and output as for a local process. */
export class ContainerImplementation implements RunningImplementation {
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  #stopping = false;
  /** Absent for an image: implementation, which runs its own command with no supervisor to restart it. */
  readonly restart?: () => Promise<void>;

  constructor(
    readonly spec: ImplSpec,
    private readonly container: StartedImplementationContainer,
    private readonly endpoint: DockerEndpoint,
    supervised = true,
  ) {
    if (supervised) this.restart = () => this.#restart();
    void container.ended.then(async () => {
      if (this.#stopping) return;
      this.#exit = { code: await exitCode(endpoint, container.getId()), signal: null };
    });
  }

  get url(): string {
    return this.container.getUrl();
  }

  get networkUrl(): string {
    return this.container.getNetworkUrl();
  }

  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.#exit;
  }

  /** Whether `url` answers from inside this container (a name on the network resolves and the server is up). */
  async reaches(url: string): Promise<boolean> {
    const probe = `fetch(${JSON.stringify(url)}, { signal: AbortSignal.timeout(2000) }).then(() => process.exit(0), () => process.exit(1))`;
    const result = await this.container.exec(['node', '-e', probe]).catch(() => ({ exitCode: 1 }));
    return result.exitCode === 0;
  }

  stderrTail(): string {
    return this.container.output().slice(-OUTPUT_TAIL);
  }

  /** The implementation's process killed (SIGKILL) and started again by the container's supervisor; resolves
   *  once /health answers 200 on the same URL. */
  async #restart(): Promise<void> {
    const response = await dockerRequest(this.endpoint, 'POST', `/containers/${this.container.getId()}/kill?signal=SIGUSR2`);
    if (response.status !== 204) throw new Error(`restarting ${this.spec.spec}: the runtime answered ${response.status} ${response.body.trim()}`);
    await untilRestarted({ url: `${this.url}/health`, what: `${this.spec.spec} (container)`, withinMs: READY_TIMEOUT_MS, pollMs: 50 });
  }

  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    await this.container.stop();
  }
}

async function exitCode(endpoint: DockerEndpoint, id: string): Promise<number | null> {
  try {
    const response = await dockerRequest(endpoint, 'GET', `/containers/${id}/json`);
    const state = (JSON.parse(response.body) as { State?: { ExitCode?: number } }).State;
    return typeof state?.ExitCode === 'number' ? state.ExitCode : null;
  } catch {
    return null;
  }
}

function tail(output: string): string {
  const lines = output.trim().split('\n').slice(-5).join('\n  ');
  return lines === '' ? '' : `; its output ends:\n  ${lines}`;
}
