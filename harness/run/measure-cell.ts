// One cell of the matrix, measured: a scenario against one implementation (behind its proxy, if any), in seven
// named steps — follow the truth, start the stack, warm up, the measured window, what each class costs CouchDB,
// judge, summarise — on a database of its own. Everything it started is stopped on the way out, whatever happened.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Environment, Support } from '../contract/environment.js';
import type { RunResult } from '../results/types.js';
import type { LoadDriver } from '../workload/load-driver.js';
import { emptyRun } from './empty-run.js';
import { FeedWatch } from './feed-watch.js';
import { followTruth, type FollowedTruth } from './follow-truth.js';
import { measuredWindow, startLoad, warmUp, type AgentsOption, type RunProgress } from './measured-window.js';
import { measureReadCosts } from './read-costs.js';
import type { RunCell, ShardPlan } from './run-plan.js';
import { reportedVersion } from './reported-version.js';
import { startStack, type Stack } from './start-stack.js';
import { judgeExchanges, summariseCell } from './summarise-cell.js';

/** Requests in each of step 7's bursts (each sent up to three times): a per-1,000 figure to the nearest 10. */
const READ_COST_REQUESTS = 100;

export interface MeasureCellOptions {
  readonly cell: RunCell;
  readonly environment: Environment;
  readonly support: Support;
  /** The closed-loop driver; a scenario with `load.mode: "open"` gets an open-loop one of its own. */
  readonly driver: LoadDriver;
  /** The readers on load agents (worker threads); absent: on this event loop. */
  readonly agents?: AgentsOption;
  /** A sharded run: this machine's shard and its part of the read load. */
  readonly shard?: ShardPlan;
  /** Epoch ms the load starts at (--start-at): the stack is up and waits for it. */
  readonly startAt?: number;
  /** Time a write straight to CouchDB may take to reach the app through its feed before it counts as stale. */
  readonly graceMs: number;
  /** Fires on Ctrl-C: the load stops and what was measured is kept, marked partial. */
  readonly signal: AbortSignal;
  readonly onProgress: (progress: RunProgress) => void;
  readonly onProxyVersion: (name: string, version: string) => void;
  readonly clock?: () => number;
}

export async function measureCell(options: MeasureCellOptions): Promise<RunResult> {
  const { cell, environment, signal } = options;
  const clock = options.clock ?? (() => performance.now());
  const proxy = cell.proxy?.spec.spec ?? 'none';
  const needs = options.support.needsOf(cell.impl);
  // An implementation that cannot run here (ttl without memcached) is reported, never replaced.
  if (needs.unavailable !== undefined) return { ...emptyRun(cell.scenario, cell.impl.spec, needs.unavailable, 'unavailable'), proxy };
  const database = await environment.database(cell.scenario.name, cell.scenario.couchdb);
  let truth: FollowedTruth | undefined;
  let stack: Stack | undefined;
  let feed: FeedWatch | undefined;
  try {
    // The harness tells the instances apart only where it spreads the requests over them itself.
    const instances = cell.proxy === undefined ? cell.scenario.instances : 1;
    truth = await followTruth({ couchdbUrl: environment.couchdbUrl, db: database.name, scenario: cell.scenario, graceMs: options.graceMs, instances, clock });
    // The raw feed beside the lag; a feed that cannot be followed leaves that figure out, not the run.
    feed = await FeedWatch.start(environment.couchdbUrl, database.name, clock).catch(() => undefined);
    const started = await startStack({ environment, cell, db: database.name, needs, onProxyVersion: options.onProxyVersion });
    if ('failure' in started) return { ...emptyRun(cell.scenario, cell.impl.spec, started.failure), proxy };
    stack = started;
    const implVersion = await reportedVersion(stack.implementations[0]!.url);
    if (options.startAt !== undefined) await untilTime(options.startAt, signal);
    const { shard } = options;
    const load = startLoad({ ...options, stack, truth, db: database.name, clock, ...(shard === undefined ? {} : { share: shard.share }) });
    const measured = await measuredWindow(load, await warmUp(load));
    const readCosts = signal.aborted
      ? 'interrupted'
      : await measureReadCosts({
          urls: stack.urls,
          docIds: truth.states.liveIds(),
          requests: READ_COST_REQUESTS,
          counters: () => environment.counters(),
          signal,
        });
    const feedDeliveredAt = feed === undefined ? undefined : feed.deliveredAt.bind(feed);
    // The window's opening on the wall clock (the run's own clock is monotonic, not absolute): shards compare it.
    const windowStartedAt = new Date(Date.now() - (clock() - measured.windowStart)).toISOString();
    const shardIdentity = shard === undefined ? {} : { shard: { index: shard.index, count: shard.count, seed: cell.scenario.seed, windowStartedAt } };
    return summariseCell({
      cell,
      stack,
      ...(implVersion === undefined ? {} : { implVersion }),
      measured,
      verdicts: judgeExchanges(measured, truth),
      aborted: signal.aborted,
      readCosts,
      feedDeliveredAt,
      ...shardIdentity,
    });
  } finally {
    await feed?.stop();
    await stack?.stop();
    truth?.stop();
    await database.release().catch(() => {});
  }
}

/** Waits for the common start of a sharded run (or until Ctrl-C). */
async function untilTime(epochMs: number, signal: AbortSignal): Promise<void> {
  const waitMs = epochMs - Date.now();
  if (waitMs <= 0) return;
  await sleep(waitMs, undefined, { signal }).catch(() => undefined);
}
