// One run: a scenario against one implementation. Seeds a fresh database, follows its changes feed (so
// the history knows every revision, whoever wrote it), starts the implementation, drives readers, writers
// and lag probes for warm-up + duration, then judges every exchange and summarises the measured window.

import nano from 'nano';
import { ChangesFollower } from '../../reference-server/couch/changes-follower.js';
import { Database } from '../../reference-server/couch/database.js';
import { seedDocuments } from '../environment/seed-documents.js';
import { startImplementation, type Environment, type RunningImplementation } from '../environment/environment.js';
import { describeExit } from '../implementations/started-implementation.js';
import type { ImplSpec } from '../implementations/impl-spec.js';
import { lagHistogram, summarizeLag } from '../metrics/lag-summary.js';
import { summarizeRun } from '../metrics/summarize-run.js';
import { buildTimeline } from '../metrics/timeline.js';
import { History } from '../oracle/history.js';
import { judge } from '../oracle/judge.js';
import type { Revision } from '../oracle/types.js';
import { countsBetween, ProxyFront, type ProxySetup } from '../proxies/proxy-front.js';
import type { ProxyName } from '../proxies/proxy-spec.js';
import type { RunProxy } from '../proxies/run-proxy.js';
import type { RunResult } from '../results/types.js';
import type { Scenario } from '../scenario/scenario.js';
import { DocStates } from '../workload/doc-states.js';
import { LagProbes } from '../workload/lag-probes.js';
import type { LoadDriver } from '../workload/load-driver.js';
import { driverFor, runLoadOf } from '../workload/open-loop-selection.js';
import { pageChooser } from '../workload/page-chooser.js';
import { seededRandom } from '../workload/random.js';
import { Readers } from '../workload/readers.js';
import { VirtualClients } from '../workload/virtual-clients.js';
import { Writers } from '../workload/writers.js';
import { couchRequestsOf } from './couch-requests.js';
import { emptyRun } from './empty-run.js';
import { FaultSchedule, type FaultTargets } from '../faults/fault-schedule.js';
import { FeedFaultProxy } from '../faults/feed-fault-proxy.js';

export interface RunOptions {
  readonly scenario: Scenario;
  readonly impl: ImplSpec;
  readonly environment: Environment;
  /** The closed-loop driver; a scenario with `load.mode: "open"` gets an open-loop one of its own. */
  readonly driver: LoadDriver;
  /** Fires on Ctrl-C: the load stops and what was measured is kept, marked partial. */
  readonly signal: AbortSignal;
  /** Time a write straight to CouchDB may take to reach the app through its feed before it counts as stale. */
  readonly graceMs: number;
  /** Extra environment for the implementation's process (MEMCACHED_SERVERS, …). */
  readonly implEnv?: Record<string, string>;
  /** Processes of the implementation against the one CouchDB (default 1); requests are spread over them. */
  readonly instances?: number;
  /** Set when the implementation cannot run here (e.g. `ttl` without memcached): reported, never replaced. */
  readonly unavailable?: string;
  /** A caching proxy in front of the instances: readers, probes and writes through the app go through it. */
  readonly proxy?: ProxySetup;
  /** Hears the version of the proxy once it started (results.json's environment). */
  readonly onProxyVersion?: (name: ProxyName, version: string) => void;
  readonly clock?: () => number;
  readonly onProgress?: (progress: RunProgress) => void;
}

export interface RunProgress {
  readonly elapsedS: number;
  readonly totalS: number;
  readonly responses: number;
  readonly writes: number;
}

export async function runScenario(options: RunOptions): Promise<RunResult> {
  const { scenario, impl, environment } = options;
  const clock = options.clock ?? (() => performance.now());
  const proxySpec = options.proxy?.spec.spec ?? 'none';
  if (options.unavailable !== undefined) return { ...emptyRun(scenario, impl.spec, options.unavailable, 'unavailable'), proxy: proxySpec };
  const database = await environment.database(scenario.name);
  // Two views of the same revisions: `history` tolerates the grace for writes that can only reach the app
  // through its feed (staleness is judged on it); `strict` has every revision due at its acknowledgement
  // (the ideal hit rate is judged on it: what an implementation that knew every write at once would do).
  const history = new History();
  const strict = new History();
  const states = new DocStates();
  const record = (revision: Revision): void => {
    history.record(revision);
    const { dueAt: _tolerance, ...due } = revision;
    strict.record(due);
    states.apply(revision);
  };
  let follower: ChangesFollower | undefined;
  const implementations: RunningImplementation[] = [];
  let front: RunProxy | undefined;
  let feedProxy: FeedFaultProxy | undefined;
  try {
    await seedDocuments(environment.couchdbUrl, database.name, scenario.documents.count, scenario.documents.groups, (seeded) => {
      const at = clock();
      record({ ...seeded, ackAt: at, via: 'seed' });
    });
    follower = new ChangesFollower(new Database(environment.couchdbUrl, database.name), (change) => {
      const at = clock();
      const group = change.doc?.group;
      record({
        docId: change.id,
        rev: change.rev,
        ...(typeof group === 'string' ? { group } : {}),
        deleted: change.deleted,
        ackAt: at,
        dueAt: at + options.graceMs,
        via: 'feed',
      });
    });
    await follower.start();
    // The environment's own proxy (a container beside containerised implementations), else a local process.
    if (options.proxy !== undefined) front = (await environment.prepareProxy?.(options.proxy, impl)) ?? (await ProxyFront.prepare(options.proxy));
    const env = { ...options.implEnv, ...front?.implEnv };
    // Feed faults need the implementations' CouchDB connections to pass through the harness.
    feedProxy = await FeedFaultProxy.startIfNeeded(scenario, environment, impl);
    const couchdbUrl = feedProxy?.url ?? environment.couchdbUrl;
    try {
      for (let i = 0; i < (options.instances ?? 1); i++) {
        // The environment's way: a local process by default, a container under --env containers.
        implementations.push(await startImplementation(environment, impl, { couchdbUrl, db: database.name, env }));
      }
    } catch (error) {
      return { ...emptyRun(scenario, impl.spec, error instanceof Error ? error.message : String(error)), proxy: proxySpec };
    }
    // A proxy that cannot start is the harness's failure, not the implementation's: it propagates.
    if (front !== undefined) {
      await front.start(implementations, { couchdbUrl: environment.couchdbUrl, db: database.name });
      options.onProxyVersion?.(front.setup.spec.name, front.version);
    }
    const faultTargets: FaultTargets = {
      ...(environment.couchFaults === undefined ? {} : { couch: environment.couchFaults }),
      ...(feedProxy === undefined ? { feedMissing: FeedFaultProxy.whyMissing(environment, impl) } : { feed: feedProxy }),
      ...(front === undefined ? {} : { proxy: front }),
      implementations,
    };
    return await drive(options, clock, implementations, environment, database.name, { history, strict }, states, record, front, faultTargets);
  } finally {
    await front?.stop();
    await Promise.all(implementations.map((implementation) => implementation.stop()));
    await feedProxy?.stop();
    await follower?.stop();
    await database.release().catch(() => {});
  }
}

async function drive(
  options: RunOptions,
  clock: () => number,
  implementations: readonly RunningImplementation[],
  environment: Environment,
  dbName: string,
  truth: { history: History; strict: History },
  states: DocStates,
  record: (revision: Revision) => void,
  front: RunProxy | undefined,
  faultTargets: FaultTargets,
): Promise<RunResult> {
  const { scenario, signal } = options;
  const random = seededRandom(scenario.seed);
  const pages = pageChooser(scenario, random);
  const clients = new VirtualClients(scenario.readers.clients);
  const totalS = scenario.warmupS + scenario.durationS;
  // Behind a proxy everything goes to it; it balances over the instances.
  const urls = front !== undefined ? [front.url] : implementations.map((implementation) => implementation.url);
  let turn = 0;
  const nextUrl = (): string => urls[turn++ % urls.length]!;
  const readers = new Readers(urls, scenario.readers.connections, totalS, pages, clients, random, clock);
  const loadStart = clock();
  const windowStart = loadStart + scenario.warmupS * 1000;
  let windowEnd = loadStart + totalS * 1000;
  const inWindow = (t: number): boolean => t >= windowStart && t < windowEnd;
  const probeAbort = new AbortController();
  const probes = new LagProbes(nextUrl, scenario.probes, clock, probeAbort.signal);
  // When each write was acknowledged, for the timeline's writes per second.
  const writeAcks: number[] = [];
  const writers = new Writers({
    scenario,
    appUrl: nextUrl,
    couch: nano(environment.couchdbUrl).use<Record<string, unknown>>(dbName),
    docOrder: pages.docOrder,
    states,
    random: seededRandom(scenario.seed + 1),
    clock,
    // Only a write through the app can be invalidated before it is acknowledged; anything else reaches the
    // app through its feed, and is due a grace later.
    onRevision: (revision) => {
      writeAcks.push(revision.ackAt);
      record(revision.via === 'app' ? revision : { ...revision, dueAt: revision.ackAt + options.graceMs });
    },
    probes,
    inWindow,
  });

  // Counters are read at the edges of the measured window itself, on timers: autocannon starts a little after
  // loadStart and runs its full duration from then, so reading at the end of the load would count its tail.
  // The local counts first, at the edge itself; then the ones read over HTTP.
  const snapshot = async () => ({
    probeRequests: probes.requests,
    couchReads: writers.counts.couchReads,
    origin: await front?.originCounts(),
    stats: await environment.stats(),
  });
  let before: ReturnType<typeof snapshot> | undefined;
  let after: ReturnType<typeof snapshot> | undefined;
  const windowStartTimer = setTimeout(() => (before = snapshot()), scenario.warmupS * 1000);
  const windowEndTimer = setTimeout(() => (after = snapshot()), totalS * 1000);
  const progressTimer = setInterval(() => {
    options.onProgress?.({
      elapsedS: (clock() - loadStart) / 1000,
      totalS,
      responses: readers.exchanges.length,
      writes: writers.counts.app + writers.counts.couch,
    });
  }, 1000);

  const faults = new FaultSchedule(scenario.faults, faultTargets, () => clock() - windowStart);
  faults.start(scenario.warmupS * 1000);
  writers.start();
  const driven = await driverFor(scenario.load, options.driver).run(readers, signal);
  const loadEnd = clock();
  // Before the window's counters are read: a paused CouchDB answers nothing.
  await faults.stop();
  windowEnd = Math.min(windowEnd, loadEnd);
  clearTimeout(windowStartTimer);
  clearTimeout(windowEndTimer);
  clearInterval(progressTimer);
  // Stopped before the window ended (Ctrl-C): its end is now.
  after ??= snapshot();
  const edges = { before: before === undefined ? undefined : await before, after: await after };
  const probeRequests = edges.after.probeRequests - (edges.before?.probeRequests ?? 0);
  const originBefore = edges.before?.origin;
  const originAfter = edges.after.origin;
  // A restarted CouchDB counts from 0 again: its request counts over the window are unknown.
  const statsBefore = faults.couchRestarted ? undefined : edges.before?.stats;
  const statsAfter = edges.after.stats;
  const couchReadsBefore = edges.before?.couchReads ?? 0;
  const couchReadsAfter = edges.after.couchReads;
  await writers.stop();
  if (signal.aborted) probeAbort.abort();
  await probes.drain();

  const crashed = implementations.find((implementation) => implementation.exit !== undefined);
  const verdicts = readers.exchanges.map((exchange) => {
    const verdict = judge(truth.history, exchange);
    return exchange.sentEtag === undefined ? verdict : { ...verdict, idealHit: judge(truth.strict, exchange).idealHit === true };
  });
  const figures = summarizeRun({ exchanges: readers.exchanges, verdicts, windowStart, windowEnd });
  const timeline = buildTimeline({ exchanges: readers.exchanges, verdicts, windowStart, windowEnd, writeAcks });
  const errorReasons = { ...figures.errorReasons };
  if (driven.errors > 0) errorReasons['no response (connection error)'] = driven.errors;
  if (driven.timeouts > 0) errorReasons['no response (timeout)'] = driven.timeouts;
  const pageRequests = figures.requests + probeRequests;
  return {
    scenario: scenario.name,
    impl: options.impl.spec,
    proxy: front?.setup.spec.spec ?? 'none',
    durationS: round3(Math.max(0, windowEnd - windowStart) / 1000),
    warmupS: scenario.warmupS,
    ...(implementations.length > 1 ? { instances: implementations.length } : {}),
    partial: driven.stopped || signal.aborted || crashed !== undefined,
    // Open loop: missed sends intended inside the measured window, as requests are counted.
    load: runLoadOf(scenario.load, readers.missedAt.filter(inWindow).length),
    ...figures,
    errors: figures.errors + driven.errors + driven.timeouts,
    errorReasons,
    invalidationLagMs: summarizeLag(probes.samples, probes.timeouts),
    timeline,
    events: faults.events,
    lagHistogram: lagHistogram(probes.samples),
    writes: { app: writers.counts.app, couch: writers.counts.couch, conflicts: writers.counts.conflicts, failed: writers.counts.failed },
    // What reached the origin behind the proxy during the window (readers', probes' and writers' requests).
    ...(originBefore !== undefined && originAfter !== undefined ? { origin: countsBetween(originBefore, originAfter) } : {}),
    couchRequests: couchRequestsOf(statsBefore, statsAfter, pageRequests, couchReadsAfter - couchReadsBefore),
    thresholds: [],
    ...(crashed !== undefined
      ? { failureKind: 'crash' as const, failure: `${crashed.spec.spec} exited during the run (${describeExit(crashed.exit!)}): ${crashed.stderrTail().trim().split('\n').slice(-3).join(' | ')}` }
      : {}),
  };
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
