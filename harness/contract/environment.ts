// The environment contract: where a run's CouchDB comes from, and how its implementations, proxies and side
// services are started and stopped, and which faults it can perform. Three environments implement it
// (harness/environment/): embedded (the CouchDB-compatible server and local processes), containers
// (testcontainers) and external (the user's CouchDB by URL). The run and the conformance suite see only this.

import type { EnvironmentFaults } from './faults.js';
import type { ImplSpec } from './impl-spec.js';
import type { ProxySetup, RunProxy } from './run-proxy.js';
import type { ImplementationTarget, RunningImplementation } from './running-implementation.js';

export type EnvironmentKind = 'embedded' | 'external' | 'containers';

export interface CouchDbInfo {
  readonly version: string;
  readonly vendor: string;
  /** The container image CouchDB ran from (containers environment only). */
  readonly image?: string;
  /** A cluster: how many nodes (absent for a single CouchDB). */
  readonly nodes?: number;
}

export interface RunDatabase {
  readonly name: string;
  /** Deletes it when the harness created it; a database the user named is never deleted. */
  release(): Promise<void>;
}

export interface DatabaseShape {
  readonly q?: number;
  readonly n?: number;
}

/** CouchDB's requests counted by route template (`GET /{db}/{id}`), at one moment. */
export interface CouchStats {
  readonly requests: Record<string, number>;
  readonly total: number;
}

/** CouchDB's own counters (`/_node/_local/_stats/couchdb`, summed over its nodes), at one moment. */
export interface CouchCounters {
  /** `database_reads`: documents opened, by anyone (a CouchDB that answers a 304 itself opens the document too). */
  readonly databaseReads: number;
  /** `database_writes`: writes handed to a database (a PUT, a DELETE, a `_bulk_docs` batch once per shard; conflicts included). */
  readonly databaseWrites: number;
  /** `httpd.requests`: HTTP requests received, these reads of the counters included. */
  readonly httpdRequests: number;
}

/** What an implementation needs beside CouchDB, as the environment's support provides it. */
export interface ImplementationNeeds {
  /** Extra environment for the implementation (MEMCACHED_SERVERS for `ttl`). */
  readonly implEnv?: Record<string, string>;
  /** Why it cannot run here: reported, never replaced by another. */
  readonly unavailable?: string;
}

/** Side services started once for a command's implementations (memcached for `ttl`), stopped with the environment. */
export interface Support {
  needsOf(impl: ImplSpec): ImplementationNeeds;
  /** What it started, by name, with the version each reports (`memcached: "memcached 1.6.18"`). */
  readonly versions: Record<string, string>;
}

export interface Environment {
  readonly kind: EnvironmentKind;
  /** Base URL, credentials included where needed (never print it: see redactUrl). In a cluster, node 0's: the
   *  one the oracle follows. */
  readonly couchdbUrl: string;
  /** Every node's base URL, node 0 first (one entry for a single CouchDB). */
  readonly couchdbNodes: readonly string[];
  readonly couchdb: CouchDbInfo;
  /** The database a run uses; `shape`: its shards and copies in a cluster (CouchDB's defaults otherwise). */
  database(label: string, shape?: DatabaseShape): Promise<RunDatabase>;
  /** CouchDB's per-route request counter; undefined where this CouchDB has none. */
  stats(): Promise<CouchStats | undefined>;
  /** CouchDB's own counters, or why this CouchDB does not give them (e.g. no admin credentials). */
  counters(): Promise<CouchCounters | string>;
  /** Starts what these implementations need beside CouchDB; stopped by stop(). Notes go to `note`. */
  startSupport(impls: readonly ImplSpec[], note: (text: string) => void): Promise<Support>;
  /** Starts an implementation on one of its databases, the environment's way (local process, container). */
  startImplementation(spec: ImplSpec, target: ImplementationTarget): Promise<RunningImplementation>;
  /** The caching proxy for a run of this implementation, not yet started (its port may be needed first). */
  prepareProxy(setup: ProxySetup, impl: ImplSpec): Promise<RunProxy>;
  /** The fault kinds it can perform, and the means. */
  readonly faults: EnvironmentFaults;
  /** Stops everything it started, support included. */
  stop(): Promise<void>;
}
