// An Apache CouchDB cluster of N nodes (N ≥ 2) in containers on the session's network, joined as CouchDB 3's
// "Cluster Set Up" describes (The Cluster Setup API): every node started alone with the cluster's Erlang cookie
// and secret (`COUCHDB_SINGLE_NODE=false`: no system databases, waiting for `/_cluster_setup`), then, through
// node 1, `enable_cluster` and `add_node` for nodes 2..N and `finish_cluster`, and ready once every node's
// `_membership` lists all N. A node is `couchdb@<alias>` with alias `couchdb-<i>.cluster`: Erlang's long names
// want a dot in the host part, and a bare `couchdb-2` never connects.
//
// What CouchDB does not say: `enable_cluster` with a `remote_node` answers 201 whatever the remote node answered
// (setup_httpd turns every error but its own "already enabled" into ok), and the image's nodes are already
// "enabled" (bound to 0.0.0.0 with an admin), so the remote call does nothing there; each node's own
// `GET /_cluster_setup` is asked instead, before the join (cluster_enabled) and after it (cluster_finished).
// CouchDB's logs hold secrets in clear: node 1 logs remote_current_password, the others the Erlang cookie of
// receive_cookie; keep these containers' logs to yourself.

import { randomBytes } from 'node:crypto';
import { StartupError } from '../../errors.js';
import { withoutCredentials } from '../couch-auth.js';
import { ApacheCouchDbContainer, type CouchDbAdmin, type StartedApacheCouchDbContainer } from './apache-couchdb-container.js';
import type { ContainerSession } from './container-session.js';
import { COUCHDB_PORT } from './couchdb-compatible-container.js';

/** Every node of the cluster within this of the last join request, or the start fails. */
const MEMBERSHIP_TIMEOUT_MS = 60_000;
/** finish_cluster waits for the nodes to connect before it answers. */
const SETUP_REQUEST_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
const POLL_MS = 200;

export interface CouchDbClusterOptions {
  readonly session: ContainerSession;
  /** Apache CouchDB 3 (the official image or one that reads its variables). */
  readonly image: string;
  /** At least 2. */
  readonly nodes: number;
  /** The admin of every node. */
  readonly admin: CouchDbAdmin;
  readonly note: (text: string) => void;
}

export interface CouchDbClusterNode {
  /** Its network alias and Erlang host name: `couchdb-<i>.cluster` (its node is `couchdb@<alias>`). */
  readonly alias: string;
  /** For the harness on the host: localhost and the mapped port, credentials included. */
  readonly url: string;
  /** For containers on the network: `<alias>:5984`, credentials included. */
  readonly networkUrl: string;
  readonly container: StartedApacheCouchDbContainer;
}

export interface StartedCouchDbCluster {
  /** Node 1 first: the one the cluster was set up through. */
  readonly nodes: readonly CouchDbClusterNode[];
  /** From the call until every node listed all N in `_membership`. */
  readonly startupMs: number;
  /** `cluster_nodes` of `GET /_membership`, as node 1 sees it. */
  membership(): Promise<string[]>;
}

/** A node's alias (and Erlang host), 1-based. */
export const clusterAlias = (index: number): string => `couchdb-${index}.cluster`;
/** The Erlang node name CouchDB lists in `_membership`. */
export const clusterNodeName = (alias: string): string => `couchdb@${alias}`;

export async function startCouchDbCluster(options: CouchDbClusterOptions): Promise<StartedCouchDbCluster> {
  const { session, image, admin, note } = options;
  const count = options.nodes;
  if (!Number.isInteger(count) || count < 2) throw new StartupError(`a CouchDB cluster needs 2 nodes or more (asked for ${count})`);
  const started = performance.now();
  // One secret and one cookie per cluster: the nodes trust each other and nothing else.
  const secret = randomBytes(16).toString('hex');
  const cookie = randomBytes(16).toString('hex');
  const aliases = Array.from({ length: count }, (_, i) => clusterAlias(i + 1));

  const stops: (() => Promise<void>)[] = [];
  const starts = await Promise.allSettled(
    aliases.map(async (alias) => {
      const container = await session
        .prepare(
          new ApacheCouchDbContainer(image, admin).withNetworkAliases(alias).withEnvironment({
            NODENAME: alias,
            COUCHDB_SECRET: secret,
            COUCHDB_ERLANG_COOKIE: cookie,
            COUCHDB_SINGLE_NODE: 'false',
          }),
        )
        .start();
      stops.push(session.track(() => container.stop().then(() => {})));
      return { alias, url: container.getUrl(), networkUrl: container.getNetworkUrl(alias), container } satisfies CouchDbClusterNode;
    }),
  );
  const failed = starts.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    await Promise.allSettled(stops.map((stop) => stop()));
    const reason = (failed as PromiseRejectedResult).reason;
    throw new StartupError(`a CouchDB cluster node did not start: ${reason instanceof Error ? reason.message : String(reason)}`, { cause: reason });
  }
  const nodes = starts.map((s) => (s as PromiseFulfilledResult<CouchDbClusterNode>).value);
  const startedMs = Math.round(performance.now() - started);

  try {
    await join(nodes, admin);
    await untilMembersEverywhere(nodes);
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw error;
  }
  for (const node of nodes) session.pinHost(node.alias, node.container);
  const startupMs = Math.round(performance.now() - started);
  note(`containers: Apache CouchDB cluster of ${count} nodes from ${image}: containers up in ${startedMs} ms, joined in ${startupMs} ms`);
  const first = nodes[0]!;
  return {
    nodes,
    startupMs,
    membership: async () => (await membershipOf(first)).cluster_nodes,
  };
}

/**
 * `PUT /{db}?q=&n=`: a database of q shards with n copies of each; CouchDB's refusal (412 file_exists, 400 …) is
 * thrown with its text. n ≤ the number of nodes is the caller's affair: CouchDB 3.4.3 accepts n=4 on 3 nodes
 * (201), keeps 3 copies, says `cluster.n: 3` in `GET /{db}` and only logs "Request to create N=4 DB but only 3 node(s)".
 */
export async function createClusterDatabase(url: string, name: string, shards: { q: number; n: number }): Promise<void> {
  const path = `/${encodeURIComponent(name)}?q=${shards.q}&n=${shards.n}`;
  const response = await couchRequest(url, 'PUT', path);
  if (response.status !== 201 && response.status !== 202) throw new StartupError(`PUT ${path} answered ${response.status}: ${response.text}`);
}

/** enable_cluster and add_node for nodes 2..N through node 1, then finish_cluster; each answer checked. */
async function join(nodes: readonly CouchDbClusterNode[], admin: CouchDbAdmin): Promise<void> {
  // Each node alone, waiting to be joined: anything else (single_node_enabled: the image ignored
  // COUCHDB_SINGLE_NODE) would never join.
  await Promise.all(nodes.map((node) => expectSetupState(node, 'cluster_enabled', 'before the join')));
  // What enable_cluster's node_count does on a node it enables (cluster n = min(node_count, 3)), which these nodes,
  // enabled already, never get: without it 2 nodes keep n=3, and every database made without n, the system ones
  // included, logs "Request to create N=3 DB but only 2 node(s)".
  if (nodes.length < 3) await Promise.all(nodes.map((node) => setDefaultCopies(node, nodes.length)));
  const [first, ...others] = nodes as [CouchDbClusterNode, ...CouchDbClusterNode[]];
  const credentials = { username: admin.username, password: admin.password };
  for (const node of others) {
    await clusterSetup(first, {
      action: 'enable_cluster',
      bind_address: '0.0.0.0',
      ...credentials,
      node_count: nodes.length,
      remote_node: node.alias,
      port: COUCHDB_PORT,
      remote_current_user: admin.username,
      remote_current_password: admin.password,
    });
    await clusterSetup(first, { action: 'add_node', host: node.alias, port: COUCHDB_PORT, ...credentials });
  }
  await clusterSetup(first, { action: 'finish_cluster' });
  await expectSetupState(first, 'cluster_finished', 'after finish_cluster');
}

async function clusterSetup(node: CouchDbClusterNode, body: Record<string, unknown>): Promise<void> {
  const target = typeof body.remote_node === 'string' ? ` ${body.remote_node}` : typeof body.host === 'string' ? ` ${body.host}` : '';
  const response = await couchRequest(node.url, 'POST', '/_cluster_setup', body, SETUP_REQUEST_TIMEOUT_MS).catch((error: unknown) => {
    throw new StartupError(`POST /_cluster_setup ${body.action}${target} on ${node.alias} failed: ${messageOf(error)}`, { cause: error });
  });
  if (response.status !== 201) {
    throw new StartupError(`POST /_cluster_setup ${body.action}${target} on ${node.alias} answered ${response.status}: ${response.text}`);
  }
}

async function setDefaultCopies(node: CouchDbClusterNode, n: number): Promise<void> {
  const path = '/_node/_local/_config/cluster/n';
  const response = await couchRequest(node.url, 'PUT', path, String(n));
  if (response.status !== 200) throw new StartupError(`PUT ${path} on ${node.alias} answered ${response.status}: ${response.text}`);
}

async function expectSetupState(node: CouchDbClusterNode, state: string, when: string): Promise<void> {
  const response = await couchRequest(node.url, 'GET', '/_cluster_setup');
  const found = response.status === 200 ? (response.json as { state?: unknown } | undefined)?.state : undefined;
  if (found !== state) {
    throw new StartupError(`${node.alias} is not ${state} ${when}: GET /_cluster_setup answered ${response.status} ${response.text}`);
  }
}

interface Membership {
  /** The nodes it is connected to (itself included). */
  readonly all_nodes: string[];
  /** The nodes its _nodes database lists: the cluster as it knows it. */
  readonly cluster_nodes: string[];
}

async function membershipOf(node: CouchDbClusterNode): Promise<Membership> {
  const response = await couchRequest(node.url, 'GET', '/_membership');
  const body = response.json as Partial<Membership> | undefined;
  if (response.status !== 200 || !Array.isArray(body?.all_nodes) || !Array.isArray(body?.cluster_nodes)) {
    throw new Error(`GET /_membership on ${node.alias} answered ${response.status}: ${response.text}`);
  }
  return { all_nodes: body.all_nodes, cluster_nodes: body.cluster_nodes };
}

/** Until every node lists all N in cluster_nodes, and is connected to them (all_nodes). */
async function untilMembersEverywhere(nodes: readonly CouchDbClusterNode[]): Promise<void> {
  const expected = nodes.map((node) => clusterNodeName(node.alias));
  const deadline = Date.now() + MEMBERSHIP_TIMEOUT_MS;
  for (;;) {
    const missing = await Promise.all(
      nodes.map(async (node) => {
        try {
          const membership = await membershipOf(node);
          const absent = expected.filter((name) => !membership.cluster_nodes.includes(name));
          const apart = expected.filter((name) => !membership.all_nodes.includes(name));
          if (absent.length > 0) return `${node.alias} lacks ${absent.join(', ')} in cluster_nodes`;
          if (apart.length > 0) return `${node.alias} is not connected to ${apart.join(', ')} (all_nodes)`;
          return undefined;
        } catch (error) {
          return messageOf(error);
        }
      }),
    );
    const wrong = missing.filter((text) => text !== undefined);
    if (wrong.length === 0) return;
    if (Date.now() > deadline) {
      throw new StartupError(`the CouchDB cluster did not form within ${MEMBERSHIP_TIMEOUT_MS / 1000} s of its setup: ${wrong.join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

interface CouchAnswer {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

/** One request with the URL's credentials as a header (fetch refuses them in the URL). */
async function couchRequest(url: string, method: string, path: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<CouchAnswer> {
  const plain = withoutCredentials(url);
  const response = await fetch(plain.url.replace(/\/+$/, '') + path, {
    method,
    headers: { ...plain.headers, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = (await response.text()).trim();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
