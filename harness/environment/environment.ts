// Where the CouchDB of a run comes from (DESIGN.md §4): the embedded server started here, or the user's own
// CouchDB reached by URL and never started or stopped by the harness.

import nano from 'nano';
import type { CouchFaults } from '../faults/fault-targets.js';
import type { Support } from '../implementations/implementation-support.js';
import type { ImplSpec } from '../implementations/impl-spec.js';
import { StartedImplementation, type ImplementationTarget } from '../implementations/started-implementation.js';
import type { ProxySetup } from '../proxies/proxy-front.js';
import type { RunProxy } from '../proxies/run-proxy.js';
import type { StatsSnapshot } from './couchdb/request-stats.js';

export interface CouchDbInfo {
  readonly version: string;
  readonly vendor: string;
  /** The container image CouchDB ran from (containers environment only). */
  readonly image?: string;
}

export interface RunDatabase {
  readonly name: string;
  /** Deletes it when the harness created it; a database the user named is never deleted. */
  release(): Promise<void>;
}

/** An implementation under test, running: a local process (StartedImplementation) or a container. */
export interface RunningImplementation {
  readonly spec: ImplSpec;
  /** Where the harness reaches it (for a container: its mapped port on localhost). */
  readonly url: string;
  /** Where other containers reach it on the environment's network (a proxy container in front of it). */
  readonly networkUrl?: string;
  /** How it ended, once it has (a crash during a run); stays undefined during a deliberate restart(). */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The last few KiB of its output, for diagnostics. */
  stderrTail(): string;
  /** Kills it abruptly (SIGKILL) and starts it again on the same URL; resolves once /health answers 200.
   *  Absent where the harness cannot (containers); rejects for a url: implementation. */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}

export interface Environment {
  readonly kind: 'embedded' | 'external' | 'containers';
  /** Base URL, credentials included where needed (never print it: see redactUrl). */
  readonly couchdbUrl: string;
  readonly couchdb: CouchDbInfo;
  /** The database a run uses. */
  database(label: string): Promise<RunDatabase>;
  /** The embedded server's per-route request counter; undefined where CouchDB has none. */
  stats(): Promise<StatsSnapshot | undefined>;
  /** Starts an implementation on one of its databases; absent: a local process (see startImplementation). */
  startImplementation?(spec: ImplSpec, target: ImplementationTarget): Promise<RunningImplementation>;
  /** Starts what implementations need beside CouchDB (memcached for `ttl`) inside this environment and stops it
   *  with the environment; absent: local processes (implementation-support.ts). */
  startSupport?(impls: readonly ImplSpec[]): Promise<Support>;
  /** A caching proxy run the environment's way for this implementation; absent or undefined: a local process. */
  prepareProxy?(setup: ProxySetup, impl: ImplSpec): Promise<RunProxy | undefined>;
  /** Pauses and restarts CouchDB's process (embedded environment); absent where the harness does not run it. */
  readonly couchFaults?: CouchFaults;
  stop(): Promise<void>;
}

/** An implementation started the environment's way: its own (containers) or a local process (the default). */
export function startImplementation(environment: Environment, spec: ImplSpec, target: ImplementationTarget): Promise<RunningImplementation> {
  return environment.startImplementation?.(spec, target) ?? StartedImplementation.start(spec, target);
}

/** CouchDB's welcome (`GET /`): its version and vendor. */
export async function couchDbInfo(couchdbUrl: string): Promise<CouchDbInfo> {
  const welcome = (await nano({ url: couchdbUrl }).info()) as unknown as { version?: unknown; vendor?: { name?: unknown } };
  return {
    version: typeof welcome.version === 'string' ? welcome.version : 'unknown',
    vendor: typeof welcome.vendor?.name === 'string' ? welcome.vendor.name : 'unknown',
  };
}

/** A database name no other run uses: lower case, starts with a letter. */
export function uniqueDbName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '');
  return `etag-bench-${safe || 'run'}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function createDb(couchdbUrl: string, name: string): Promise<void> {
  await nano({ url: couchdbUrl }).db.create(name);
}

export async function dropDb(couchdbUrl: string, name: string): Promise<void> {
  await nano({ url: couchdbUrl })
    .db.destroy(name)
    .catch((error: unknown) => {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    });
}
