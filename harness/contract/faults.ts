// What the fault steps of a scenario act on. An environment declares the kinds it can perform (Environment.faults);
// the run plan refuses a scenario whose faults its environment or its stack cannot perform before any load starts,
// so a fault is never skipped for want of a target.

import type { FaultStep } from '../scenario/scenario.js';
import type { ImplSpec } from './impl-spec.js';
import type { RunProxy } from './run-proxy.js';
import type { RunningImplementation } from './running-implementation.js';

export type FaultKind = FaultStep['kind'];

/** CouchDB's process or container, paused and restarted by its environment. */
export interface CouchFaults {
  /** SIGSTOP (or the container's pause): connections stay open and nothing is answered until resume(). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops it and starts it again on the same URL with its data kept; resolves once it answers. */
  restart(): Promise<void>;
  /** Whether restart() keeps the data; restart() rejects otherwise. */
  readonly persistent: boolean;
  /** How pause() and resume() are done, for the timeline's labels (`SIGSTOP`, `container pause`). */
  readonly pauseMeans: { readonly pause: string; readonly resume: string };
}

/** The implementations' changes feeds, through a fault proxy between them and CouchDB (in this process, or a
 *  container commanded over HTTP). */
export interface FeedFaults {
  /** Cuts every feed connection; resolves to how many. */
  cutFeeds(): Promise<number>;
  /** Holds every feed connection open and silent until unstallFeeds(). */
  stallFeeds(): Promise<void>;
  unstallFeeds(): Promise<void>;
}

/** A path between implementations and CouchDB on which the feed can be faulted. */
export interface FeedFaultPath extends FeedFaults {
  /** CouchDB's URL through the fault proxy (credentials and path kept): what the implementations get. */
  readonly couchdbUrl: string;
  stop(): Promise<void>;
}

/** One node of a CouchDB cluster at a time: paused (frozen, connections kept) or stopped, then brought back. */
export interface NodeFaults {
  readonly count: number;
  pause(node: number): Promise<void>;
  resume(node: number): Promise<void>;
  stop(node: number): Promise<void>;
  /** Starts a stopped node again with its data; resolves once it answers and has rejoined the cluster. */
  start(node: number): Promise<void>;
}

/** What an environment can do to a run's stack, declared up front. */
export interface EnvironmentFaults {
  /** The kinds it performs for implementations it starts; the stack may still rule one out (see refuseFaults). */
  readonly kinds: ReadonlySet<FaultKind>;
  /** Why a kind it does not perform cannot be performed here (shown when a scenario asks for it). */
  whyNot(kind: FaultKind): string;
  /** Present when it pauses and restarts CouchDB. */
  readonly couch?: CouchFaults;
  /** Present when CouchDB is a cluster whose nodes it can pause and stop. */
  readonly nodes?: NodeFaults;
  /** Present when it can put a fault proxy between this implementation's instances and CouchDB. */
  feedPath?(impl: ImplSpec): Promise<FeedFaultPath>;
}

/** What one run's fault schedule acts on. Each piece is optional only for the schedule's own tests: the plan has
 *  checked that every step of the scenario has its target. */
export interface FaultTargets {
  readonly couch?: CouchFaults;
  readonly nodes?: NodeFaults;
  readonly feed?: FeedFaults;
  /** Why `feed` is missing, when it is. */
  readonly feedMissing?: string;
  readonly proxy?: RunProxy;
  readonly implementations: readonly RunningImplementation[];
}
