// An `image:` implementation (the user's image, or the project's own) in a container on the environment's network:
// the image's own entrypoint and command, no supervisor, configured by the implementation contract's environment
// (docs/architecture.md, Implementation contract) with COUCHDB_URL as containers reach CouchDB. Ready when
// /health answers 200; a container that exits first fails the start at once (no wait for the timeout), with its
// exit code and the last lines of its log. Its log is kept after the start too, for an exit during the run.

import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { GenericContainer, getContainerRuntimeClient, type BoundPorts, type WaitStrategy } from 'testcontainers';
import type { ImplSpec } from '../../contract/impl-spec.js';
import { StartupError } from '../../errors.js';
import { dockerRequest, type DockerEndpoint } from './docker-api.js';
import { IMPLEMENTATION_PORT, READY_TIMEOUT_MS, StartedImplementationContainer } from './implementation-container.js';

const OUTPUT_TAIL = 4096;
const SHOWN_LINES = 10;
const POLL_MS = 100;

type ImageSpec = Extract<ImplSpec, { kind: 'image' }>;

export class ImageImplementationContainer extends GenericContainer {
  #alias = 'impl-image';
  #output = '';
  #ended: Promise<void>;
  #onEnd: () => void = () => {};
  #id: string | undefined;

  constructor(
    private readonly spec: ImageSpec,
    private readonly endpoint: DockerEndpoint,
  ) {
    super(spec.image);
    this.#ended = new Promise((resolve) => (this.#onEnd = resolve));
    this.withExposedPorts(IMPLEMENTATION_PORT)
      .withWaitStrategy(new HealthOrExit(spec.spec, this.#ended, () => this.#output, endpoint))
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

  /** The contract's environment: CouchDB as seen from inside the network, the database, and `env` (support,
   *  a purged proxy, --impl-env) — never overriding HOST, PORT, COUCHDB_URL or COUCHDB_DB. */
  withContract(networkCouchdbUrl: string, db: string, env: Record<string, string>): this {
    return this.withEnvironment({ ...env, HOST: '0.0.0.0', PORT: String(IMPLEMENTATION_PORT), COUCHDB_URL: networkCouchdbUrl, COUCHDB_DB: db });
  }

  protected override async containerCreated(id: string): Promise<void> {
    this.#id = id;
  }

  override async start(): Promise<StartedImplementationContainer> {
    this.withNetworkAliases(this.#alias);
    try {
      const started = await super.start();
      return new StartedImplementationContainer(started, this.#alias, () => this.#output, this.#ended);
    } catch (error) {
      if (error instanceof StartupError) throw error;
      // Exited before testcontainers saw its ports bound: said as an exit, and removed (testcontainers removes
      // only a container whose wait failed).
      const state = this.#id === undefined ? { exited: false } : await containerState(this.endpoint, this.#id);
      if (this.#id !== undefined) await dockerRequest(this.endpoint, 'DELETE', `/containers/${this.#id}?force=true&v=true`).catch(() => undefined);
      if (state.exited) throw exitedBeforeReady(this.spec.spec, state.code, this.#output);
      const reason = error instanceof Error ? error.message : String(error);
      throw new StartupError(`${this.spec.spec}: ${reason}${this.#output.trim() === '' ? '' : logTail(this.#output)}`, { cause: error });
    }
  }
}

/** Ready when GET /health answers 200 on the mapped port; fails as soon as the container has exited. */
class HealthOrExit implements WaitStrategy {
  #timeoutMs = READY_TIMEOUT_MS;

  constructor(
    private readonly what: string,
    private readonly ended: Promise<void>,
    private readonly output: () => string,
    private readonly endpoint: DockerEndpoint,
  ) {}

  async waitUntilReady(container: { readonly id: string }, boundPorts: BoundPorts): Promise<void> {
    const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
    const url = `http://${host}:${boundPorts.getBinding(IMPLEMENTATION_PORT)}/health`;
    let exited = false;
    void this.ended.then(() => (exited = true));
    const deadline = Date.now() + this.#timeoutMs;
    let last = 'no answer';
    for (let poll = 0; ; poll++) {
      // The runtime is asked once a second, in case the log's end is slow to tell.
      if (exited || (poll % 10 === 0 && (await containerState(this.endpoint, container.id)).exited)) {
        throw exitedBeforeReady(this.what, (await containerState(this.endpoint, container.id)).code, this.output());
      }
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status === 200) return;
        last = `/health answered ${response.status}`;
      } catch (error) {
        last = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      }
      if (Date.now() >= deadline) {
        const hint = `it must listen on HOST and PORT (0.0.0.0:${IMPLEMENTATION_PORT} in its container)`;
        throw new StartupError(`${this.what} not ready after ${this.#timeoutMs} ms (${last}; ${hint})${logTail(this.output())}`);
      }
      await sleep(POLL_MS);
    }
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.#timeoutMs = startupTimeoutMs;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return true;
  }

  getStartupTimeout(): number {
    return this.#timeoutMs;
  }
}

/** Asked of the runtime as well as told by the log's end: a log stream may outlive its container a moment. */
async function containerState(endpoint: DockerEndpoint, id: string): Promise<{ exited: boolean; code?: number }> {
  try {
    const response = await dockerRequest(endpoint, 'GET', `/containers/${id}/json`);
    const state = (JSON.parse(response.body) as { State?: { Status?: string; ExitCode?: number } }).State;
    const exited = state?.Status === 'exited' || state?.Status === 'dead';
    return { exited, ...(exited && typeof state?.ExitCode === 'number' ? { code: state.ExitCode } : {}) };
  } catch {
    return { exited: false };
  }
}

function exitedBeforeReady(what: string, code: number | undefined, output: string): StartupError {
  const how = code === undefined ? 'exited' : `exited with code ${code}`;
  return new StartupError(`${what} ${how} before it was ready (GET /health never answered 200)${logTail(output)}`);
}

function logTail(output: string): string {
  const lines = output.trim().split('\n').slice(-SHOWN_LINES).join('\n  ');
  return lines === '' ? '; it logged nothing' : `; its log ends:\n  ${lines}`;
}
