// An implementation under test, running, however it was started: a local process, a container, or a URL the
// user gave. What the run, the proxies and the faults need of it, and no more.

import type { ImplSpec } from './impl-spec.js';

/** Where an implementation is pointed: the implementation contract's COUCHDB_URL and COUCHDB_DB, and more. */
export interface ImplementationTarget {
  readonly couchdbUrl: string;
  readonly db: string;
  /** More environment for the process (e.g. MEMCACHED_SERVERS for `ttl`, PURGE_URL behind a purged proxy). */
  readonly env?: Record<string, string>;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunningImplementation {
  readonly spec: ImplSpec;
  /** Where the harness reaches it (for a container: its mapped port on localhost). */
  readonly url: string;
  /** Where other containers reach it on the environment's network (a proxy container in front of it). */
  readonly networkUrl?: string;
  /** How it ended, once it has (a crash during a run); stays undefined during a deliberate restart(). */
  readonly exit: ProcessExit | undefined;
  /** The last few KiB of its output, for diagnostics. */
  stderrTail(): string;
  /** Kills it abruptly (SIGKILL) and starts it again on the same URL (a container keeps running: its
   *  supervisor restarts the process); resolves once /health answers 200. Absent for url: implementations, and for
   *  image: ones (their container runs the image's own command, with no supervisor). */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}
