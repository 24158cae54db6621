// CouchDB's faults under --env containers. Pause and resume are the container's (the runtime freezes every
// process in it: connections stay open, nothing is answered). Restart is Apache CouchDB's own
// `POST /_node/_local/_restart`: the server drops every connection and comes back on the same address with its
// data (measured here: about 2.5 s unanswered). A container restart would do the same but give the container a
// new address on the network, which the implementations, whose hosts file pins CouchDB's, would never learn.

import type { CouchFaults } from '../../contract/faults.js';
import { StartupError } from '../../errors.js';
import { withoutCredentials } from '../couch-auth.js';
import { dockerRequest, type DockerEndpoint } from './docker-api.js';

const BACK_WITHIN_MS = 60_000;
const POLL_MS = 100;

export class CouchDbContainerFaults implements CouchFaults {
  readonly pauseMeans = { pause: 'container paused', resume: 'container unpaused' };
  // One operation at a time, as for the embedded server's process.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly endpoint: DockerEndpoint,
    private readonly containerId: string,
    /** CouchDB for the harness (mapped port, credentials included). */
    private readonly couchdbUrl: string,
    /** Apache CouchDB restarts itself with its data; the compatible server in a container cannot. */
    readonly persistent: boolean,
  ) {}

  pause(): Promise<void> {
    return this.#serially(() => this.#docker('pause'));
  }

  resume(): Promise<void> {
    return this.#serially(() => this.#docker('unpause'));
  }

  restart(): Promise<void> {
    if (!this.persistent) return Promise.reject(new Error('the CouchDB-compatible server in a container keeps its data in memory: a restart would lose it'));
    return this.#serially(async () => {
      const { url, headers } = withoutCredentials(this.couchdbUrl);
      const base = url.replace(/\/+$/, '');
      const response = await fetch(`${base}/_node/_local/_restart`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new StartupError(`CouchDB refused to restart: POST /_node/_local/_restart answered ${response.status}`);
      await untilBack(base);
    });
  }

  async #docker(action: 'pause' | 'unpause'): Promise<void> {
    const response = await dockerRequest(this.endpoint, 'POST', `/containers/${this.containerId}/${action}`);
    if (response.status !== 204) throw new Error(`${action} of the CouchDB container: the runtime answered ${response.status} ${response.body.trim()}`);
  }

  #serially<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(operation, operation);
    this.#queue = next.catch(() => {});
    return next;
  }
}

/** Waits for `/_up` to fail (the restart has begun) and then to answer 200 again. */
async function untilBack(base: string): Promise<void> {
  const deadline = Date.now() + BACK_WITHIN_MS;
  let wentDown = false;
  while (Date.now() < deadline) {
    const up = await fetch(`${base}/_up`, { signal: AbortSignal.timeout(1000) })
      .then(async (response) => (await response.arrayBuffer(), response.status === 200))
      .catch(() => false);
    if (!up) wentDown = true;
    else if (wentDown) return;
    // CouchDB may answer once more before it goes down; after 3 s of answers it restarted too fast to see.
    else if (Date.now() > deadline - BACK_WITHIN_MS + 3_000) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new StartupError(`CouchDB did not answer /_up within ${BACK_WITHIN_MS / 1000} s of its restart`);
}
