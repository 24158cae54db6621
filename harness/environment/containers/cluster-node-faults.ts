// One node of a CouchDB cluster at a time (stop-couchdb-node, pause-couchdb-node). Pause freezes its container.
// Stop ends it (the other nodes see it go, and their feeds close); start brings the same container back with its
// data, which gives it a new address on the network: the session rewrites the pinned entry in every container
// that holds it, the other nodes find it again by name, and the start resolves once it answers and every node
// lists it in `_membership` again.

import type { NodeFaults } from '../../contract/faults.js';
import { StartupError } from '../../errors.js';
import { withoutCredentials } from '../couch-auth.js';
import type { ContainerSession } from './container-session.js';
import type { StartedCouchNode } from './couchdb-container.js';
import { dockerRequest, type DockerEndpoint } from './docker-api.js';

const BACK_WITHIN_MS = 60_000;
const POLL_MS = 200;

export class ClusterNodeFaults implements NodeFaults {
  constructor(
    private readonly endpoint: DockerEndpoint,
    private readonly session: ContainerSession,
    private readonly nodes: readonly StartedCouchNode[],
  ) {}

  get count(): number {
    return this.nodes.length;
  }

  pause(node: number): Promise<void> {
    return this.#docker(node, 'pause', 204);
  }

  resume(node: number): Promise<void> {
    return this.#docker(node, 'unpause', 204);
  }

  stop(node: number): Promise<void> {
    return this.#docker(node, 'stop?t=5', 204);
  }

  async start(node: number): Promise<void> {
    await this.#docker(node, 'start', 204);
    const { alias, container } = this.#node(node);
    await this.session.repin(alias, container.getId());
    await untilMember(this.nodes, alias);
  }

  #node(node: number): StartedCouchNode {
    const found = this.nodes[node];
    if (found === undefined) throw new Error(`no CouchDB node ${node} (${this.nodes.length} nodes)`);
    return found;
  }

  async #docker(node: number, action: string, expected: number): Promise<void> {
    const { container, alias } = this.#node(node);
    const response = await dockerRequest(this.endpoint, 'POST', `/containers/${container.getId()}/${action}`, 30_000);
    if (response.status !== expected && response.status !== 304) {
      throw new Error(`${action.split('?')[0]} of ${alias}: the runtime answered ${response.status} ${response.body.trim()}`);
    }
  }
}

/** Until every node answers `_membership` listing `alias`'s node among those it is connected to. */
async function untilMember(nodes: readonly StartedCouchNode[], alias: string): Promise<void> {
  const deadline = Date.now() + BACK_WITHIN_MS;
  const name = `couchdb@${alias}`;
  let last = '';
  while (Date.now() < deadline) {
    const seen = await Promise.all(
      nodes.map(async (node) => {
        const { url, headers } = withoutCredentials(node.url);
        try {
          const response = await fetch(`${url}/_membership`, { headers, signal: AbortSignal.timeout(2000) });
          const body = (await response.json()) as { all_nodes?: string[] };
          return body.all_nodes?.includes(name) === true;
        } catch {
          return false;
        }
      }),
    );
    if (seen.every(Boolean)) return;
    last = nodes
      .filter((_, i) => !seen[i])
      .map((node) => node.alias)
      .join(', ');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new StartupError(`CouchDB node ${alias} did not rejoin within ${BACK_WITHIN_MS / 1000} s (not seen by ${last})`);
}
