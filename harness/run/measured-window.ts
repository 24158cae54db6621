// Steps 3 and 4 of a measured cell: the load — readers, writers, lag probes and the scenario's faults — over
// warm-up and measured window. CouchDB's, the origin's and the writers' counters are read at the window's edges
// themselves, on timers: the load generator starts a little after the load does and runs its full duration
// from then, so reading at the end of the load would count its tail.

import nano from 'nano';
import type { CouchCounters, CouchStats, Environment } from '../contract/environment.js';
import type { OriginCounts } from '../contract/run-proxy.js';
import { FaultSchedule } from '../faults/fault-schedule.js';
import type { Revision } from '../oracle/types.js';
import type { TimelineEvent } from '../results/types.js';
import type { AcknowledgedWrite } from '../metrics/feed-delivery.js';
import { LagProbes } from '../workload/lag-probes.js';
import type { DriverResult, LoadDriver } from '../workload/load-driver.js';
import { driverFor } from '../workload/open-loop-selection.js';
import { pageChooser } from '../workload/page-chooser.js';
import { seededRandom } from '../workload/random.js';
import { runAgents } from '../workload/agents/agent-pool.js';
import { wholeShare, type LoadShare } from '../workload/agents/load-shares.js';
import { shareReaders } from '../workload/agents/share-readers.js';
import type { ClosedLoopDriverName } from '../workload/closed-loop-selection.js';
import type { ReadLog } from '../workload/readers.js';
import { Writers, type AppTarget } from '../workload/writers.js';
import { crossInstanceProbes } from './cross-instance.js';
import type { Truth } from './follow-truth.js';
import type { RunCell } from './run-plan.js';
import type { Stack } from './start-stack.js';

export interface RunProgress {
  readonly elapsedS: number;
  readonly totalS: number;
  readonly responses: number;
  readonly writes: number;
}

export interface LoadOptions {
  readonly cell: RunCell;
  readonly stack: Stack;
  readonly truth: Truth;
  readonly environment: Environment;
  readonly db: string;
  readonly driver: LoadDriver;
  /** The readers on this many load agents (worker threads) with this closed-loop driver; absent: on this loop. */
  readonly agents?: AgentsOption;
  /** The part of the read load this machine sends (--shard); absent: all of it. */
  readonly share?: LoadShare;
  readonly graceMs: number;
  readonly signal: AbortSignal;
  readonly clock: () => number;
  readonly onProgress: (progress: RunProgress) => void;
}

export interface AgentsOption {
  readonly count: number;
  readonly driver: ClosedLoopDriverName;
}

/** The counters read at one edge of the window. */
export interface Edge {
  readonly probeRequests: number;
  readonly couchReads: number;
  readonly origin: OriginCounts | undefined;
  readonly stats: CouchStats | undefined;
  /** CouchDB's own counters, or why they could not be read. */
  readonly counters: CouchCounters | string;
}

/** What the load left to judge and summarise. */
export interface Measured {
  readonly readers: ReadLog;
  readonly probes: LagProbes;
  /** Several instances the harness spreads over itself: the probes of the other instances after a write. */
  readonly crossInstance: LagProbes | undefined;
  readonly writers: Writers;
  readonly driven: DriverResult;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly inWindow: (t: number) => boolean;
  /** Every write acknowledged, warm-up included (the timeline marks them; the raw feed times those in the window). */
  readonly writes: readonly AcknowledgedWrite[];
  readonly events: readonly TimelineEvent[];
  /** Undefined when the load ended before the window opened (Ctrl-C during the warm-up). */
  readonly before: Edge | undefined;
  readonly after: Edge;
  /** CouchDB restarted in the window: its counters began again from 0. */
  readonly couchRestarted: boolean;
}

interface Load {
  readonly options: LoadOptions;
  /** The readers' exchanges: complete once `driving` has resolved. */
  reads(): ReadLog;
  readonly probes: LagProbes;
  readonly crossInstance: LagProbes | undefined;
  readonly probeAbort: AbortController;
  readonly writers: Writers;
  readonly faults: FaultSchedule;
  readonly writes: AcknowledgedWrite[];
  readonly windowStart: number;
  readonly plannedEnd: number;
  readonly driving: Promise<DriverResult>;
  readonly progressTimer: NodeJS.Timeout;
  edge(): Promise<Edge>;
}

/** Starts readers, writers, probes and the fault schedule; the load runs for warm-up + duration. */
export function startLoad(options: LoadOptions): Load {
  const { cell, stack, truth, clock, graceMs } = options;
  const { scenario } = cell;
  // The writers aim at the pages the readers find popular: the same ordering, from the scenario's seed.
  const pages = pageChooser(scenario, seededRandom(scenario.seed));
  const totalS = scenario.warmupS + scenario.durationS;
  let turn = 0;
  // Several URLs are the instances themselves (behind a proxy there is one, the proxy's): a write names its instance.
  const nextTarget = (): AppTarget => {
    const instance = turn++ % stack.urls.length;
    return { url: stack.urls[instance]!, ...(stack.urls.length > 1 ? { instance } : {}) };
  };
  const loadStart = clock();
  const windowStart = loadStart + scenario.warmupS * 1000;
  const plannedEnd = loadStart + totalS * 1000;
  const probeAbort = new AbortController();
  const probes = new LagProbes(() => nextTarget().url, scenario.probes, clock, probeAbort.signal);
  const crossInstance = crossInstanceProbes(stack.urls, scenario.probes, clock, probeAbort.signal);
  const writes: AcknowledgedWrite[] = [];
  const writers = new Writers({
    scenario,
    appTarget: nextTarget,
    couch: nextNode(options.environment.couchdbNodes.map((url) => nano(url).use<Record<string, unknown>>(options.db))),
    docOrder: pages.docOrder,
    states: truth.states,
    random: seededRandom(scenario.seed + 1),
    clock,
    // Only a write through the app can be invalidated before it is acknowledged; anything else reaches the app
    // through its feed, and is due a grace later. With several instances a write through one reaches the others
    // through their feeds too: due there a grace later, and at its acknowledgement only on the instance that took
    // it (revision.instance; the judge reads each exchange on the history of the instance it went to). Behind a
    // proxy no one knows which instance took it or answered: due a grace later everywhere.
    onRevision: (revision: Revision) => {
      writes.push({ docId: revision.docId, rev: revision.rev, ackAt: revision.ackAt });
      const dueAtAck = revision.via === 'app' && scenario.instances === 1;
      truth.record(dueAtAck ? revision : { ...revision, dueAt: revision.ackAt + graceMs });
    },
    probes,
    ...(crossInstance === undefined ? {} : { crossInstance }),
    inWindow: (t) => t >= windowStart && t < plannedEnd,
  });
  const edge = async (): Promise<Edge> => ({
    // The local counts first, at the edge itself; then the ones read over HTTP.
    probeRequests: probes.requests + (crossInstance?.probes.requests ?? 0),
    couchReads: writers.counts.couchReads,
    origin: await stack.front?.originCounts(),
    stats: await options.environment.stats(),
    counters: await options.environment.counters(),
  });
  const faults = new FaultSchedule(scenario.faults, stack.faultTargets, () => clock() - windowStart);
  faults.start(scenario.warmupS * 1000);
  writers.start();
  const reading = startReaders(options, totalS);
  const progressTimer = setInterval(() => {
    const writes = writers.counts.app + writers.counts.couch;
    options.onProgress({ elapsedS: (clock() - loadStart) / 1000, totalS, responses: reading.responses(), writes });
  }, 1000);
  return {
    options,
    reads: reading.reads,
    probes,
    crossInstance: crossInstance?.probes,
    probeAbort,
    writers,
    faults,
    writes,
    windowStart,
    plannedEnd,
    driving: reading.driving,
    progressTimer,
    edge,
  };
}

/** The readers on this event loop, or on load agents; either way their exchanges on the run's clock. */
function startReaders(options: LoadOptions, totalS: number): { reads: () => ReadLog; responses: () => number; driving: Promise<DriverResult> } {
  const { cell, stack, clock } = options;
  const { scenario } = cell;
  const share = options.share ?? wholeShare(scenario);
  if (options.agents === undefined || options.agents.count <= 1) {
    const readers = shareReaders(scenario, share, stack.urls, totalS, clock);
    const driving = driverFor(share.load, options.driver).run(readers, options.signal);
    return { reads: () => readers, responses: () => readers.exchanges.length, driving };
  }
  const { count, driver } = options.agents;
  const run = runAgents({ scenario, urls: stack.urls, durationS: totalS, agents: count, driver, clock, part: share }, options.signal);
  let log: ReadLog = { exchanges: [], missedAt: [] };
  const driving = run.done.then((done) => {
    log = done;
    return done.driven;
  });
  return { reads: () => log, responses: run.responses, driving };
}

/** Each node of the CouchDB in turn (one node: always it). */
function nextNode<T>(scopes: readonly T[]): () => T {
  let turn = 0;
  return () => scopes[turn++ % scopes.length]!;
}

/** Step 3: until the window opens (or the load ends first); the counters at its opening edge. */
export async function warmUp(load: Load): Promise<Edge | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const opened = new Promise<'open'>((resolve) => (timer = setTimeout(() => resolve('open'), Math.max(0, load.windowStart - load.options.clock()))));
  const first = await Promise.race([opened, load.driving.then(() => 'ended' as const)]);
  clearTimeout(timer);
  return first === 'open' ? load.edge() : undefined;
}

/** Step 4: until the load ends; the counters at the closing edge, faults undone, writers and probes drained. */
export async function measuredWindow(load: Load, before: Edge | undefined): Promise<Measured> {
  const { options } = load;
  let closing: Promise<Edge> | undefined;
  const closeTimer = setTimeout(() => (closing = load.edge()), Math.max(0, load.plannedEnd - options.clock()));
  const driven = await load.driving;
  const windowEnd = Math.min(load.plannedEnd, options.clock());
  // Before the closing counters are read: a paused CouchDB answers nothing.
  await load.faults.stop();
  clearTimeout(closeTimer);
  clearInterval(load.progressTimer);
  // Stopped before the window ended (Ctrl-C): its end is now.
  const after = await (closing ?? load.edge());
  await load.writers.stop();
  if (options.signal.aborted) load.probeAbort.abort();
  await load.probes.drain();
  await load.crossInstance?.drain();
  return {
    readers: load.reads(),
    probes: load.probes,
    crossInstance: load.crossInstance,
    writers: load.writers,
    driven,
    windowStart: load.windowStart,
    windowEnd,
    inWindow: (t) => t >= load.windowStart && t < windowEnd,
    writes: load.writes,
    events: load.faults.events,
    before,
    after,
    couchRestarted: load.faults.couchRestarted,
  };
}
