// CouchDB's faults under --env containers. Pause and resume are the container's (the runtime freezes every
// process in it: connections stay open, nothing is answered). Restart is Apache CouchDB's own
// `POST /_node/_local/_restart`: the server drops every connection and comes back on the same address with its
// data (measured here: about 2.5 s unanswered). A container restart would do the same but give the container a
// new address on the network, which the implementations, whose hosts file pins CouchDB's, would never learn.

import type { CouchFaults } from '../../contract/faults.js';
import { StartupError } from '../../errors.js';
import { withoutCredentials } from '../couch-auth.js';
import { dockerRequest, type DockerEndpoint } from './docker-api.js';
import { untilRestarted } from './until-restarted.js';

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
      // CouchDB may answer once more before it goes down; after 3 s of answers it restarted too fast to see.
      await untilRestarted({ url: `${base}/_up`, what: 'CouchDB', withinMs: BACK_WITHIN_MS, pollMs: POLL_MS, seenUpForMs: 3_000 });
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
