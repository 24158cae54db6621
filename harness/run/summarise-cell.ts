// Steps 5 and 6 of a measured cell: every exchange judged once against the truth, then the measured window
// summarised into results.json's run: figures, timeline, lag, writes, what reached the origin and CouchDB.

import type { RunningImplementation } from '../contract/running-implementation.js';
import { describeExit } from '../implementations/started-implementation.js';
import { summarizeFeedDelivery } from '../metrics/feed-delivery.js';
import { lagHistogram, summarizeLag } from '../metrics/lag-summary.js';
import { summarizeRun } from '../metrics/summarize-run.js';
import { buildTimeline } from '../metrics/timeline.js';
import { judgeExchange } from '../oracle/instance-histories.js';
import type { Verdict } from '../oracle/types.js';
import type { ReadCosts, RunResult, RunShard } from '../results/types.js';
import { countsBetween } from '../proxies/origin-counter.js';
import { runLoadOf } from '../workload/open-loop-selection.js';
import { couchRequestsOf } from './couch-requests.js';
import { couchdbCountersOf } from './couchdb-counters.js';
import { crossInstanceFigures } from './cross-instance.js';
import type { Truth } from './follow-truth.js';
import type { Measured } from './measured-window.js';
import type { RunCell } from './run-plan.js';
import type { Stack } from './start-stack.js';

/** Step 5: one verdict per exchange, staleness on the history of the instance that answered, the ideal hit on the strict one. */
export function judgeExchanges(measured: Measured, truth: Truth): Verdict[] {
  return measured.readers.exchanges.map((exchange) => judgeExchange(truth.histories, exchange));
}

export interface SummariseOptions {
  readonly cell: RunCell;
  readonly stack: Stack;
  readonly measured: Measured;
  readonly verdicts: readonly Verdict[];
  readonly aborted: boolean;
  /** Step 7's bursts (read-costs.ts), or why they were not measured. */
  readonly readCosts: ReadCosts | string;
  /** When the harness's own feed reader got a revision; absent when the feed could not be followed. */
  readonly feedDeliveredAt?: (docId: string, rev: string) => number | undefined;
  /** A sharded run: its identity as results.json keeps it. */
  readonly shard?: RunShard;
  /** What the implementation's /health said it is. */
  readonly implVersion?: string;
}

/** Step 6: the run's result (thresholds are evaluated by the caller, against the scenario). */
export function summariseCell(options: SummariseOptions): RunResult {
  const { cell, stack, measured, verdicts } = options;
  const { readers, probes, writers, driven, windowStart, windowEnd, before, after } = measured;
  const exchanges = readers.exchanges;
  const figures = summarizeRun({ exchanges, verdicts, windowStart, windowEnd });
  const errorReasons = { ...figures.errorReasons };
  if (driven.errors > 0) errorReasons['no response (connection error)'] = driven.errors;
  if (driven.timeouts > 0) errorReasons['no response (timeout)'] = driven.timeouts;
  const pageRequests = figures.requests + after.probeRequests - (before?.probeRequests ?? 0);
  // A restarted CouchDB counts from 0 again: its request counts over the window are unknown.
  const statsBefore = measured.couchRestarted ? undefined : before?.stats;
  const crashed = stack.implementations.find((implementation) => implementation.exit !== undefined);
  const couchdbCounters = couchdbCountersOf({
    before: before?.counters,
    after: after.counters,
    couchRestarted: measured.couchRestarted,
    harnessReads: after.couchReads - (before?.couchReads ?? 0),
    responses: figures.requests,
    readCosts: options.readCosts,
  });
  return {
    scenario: cell.scenario.name,
    impl: cell.impl.spec,
    ...(options.implVersion === undefined ? {} : { implVersion: options.implVersion }),
    proxy: cell.proxy?.spec.spec ?? 'none',
    durationS: round3(Math.max(0, windowEnd - windowStart) / 1000),
    warmupS: cell.scenario.warmupS,
    ...(stack.implementations.length > 1 ? { instances: stack.implementations.length } : {}),
    partial: driven.stopped || options.aborted || crashed !== undefined,
    // Open loop: missed sends intended inside the measured window, as requests are counted.
    load: runLoadOf(cell.scenario.load, readers.missedAt.filter(measured.inWindow).length),
    ...figures,
    errors: figures.errors + driven.errors + driven.timeouts,
    errorReasons,
    invalidationLagMs: summarizeLag(probes.samples, probes.timeouts),
    invalidatedBeforeSendMs: summarizeLag(probes.sentSamples, probes.timeouts),
    invalidatedBeforeSendHistogram: lagHistogram(probes.sentSamples),
    ...feedDeliveryOf(measured, options.feedDeliveredAt),
    ...crossInstanceFigures(cell, measured.crossInstance),
    timeline: buildTimeline({ exchanges, verdicts, windowStart, windowEnd, writeAcks: measured.writes.map((write) => write.ackAt) }),
    events: [...measured.events],
    lagHistogram: lagHistogram(probes.samples),
    writes: { app: writers.counts.app, couch: writers.counts.couch, conflicts: writers.counts.conflicts, failed: writers.counts.failed },
    // What reached the origin behind the proxy during the window (readers', probes' and writers' requests).
    ...(before?.origin !== undefined && after.origin !== undefined ? { origin: countsBetween(before.origin, after.origin) } : {}),
    couchRequests: couchRequestsOf(statsBefore, after.stats, pageRequests, after.couchReads - (before?.couchReads ?? 0)),
    ...(couchdbCounters === undefined ? {} : { couchdbCounters }),
    thresholds: [],
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(crashed === undefined ? {} : { failureKind: 'crash' as const, failure: crashReport(crashed) }),
  };
}

function crashReport(crashed: RunningImplementation): string {
  const tail = crashed.stderrTail().trim().split('\n').slice(-3).join(' | ');
  return `${crashed.spec.spec} exited during the run (${describeExit(crashed.exit!)}): ${tail}`;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

function feedDeliveryOf(measured: Measured, deliveredAt: SummariseOptions['feedDeliveredAt']): Pick<RunResult, 'feedDeliveryMs' | 'feedDeliveryHistogram'> {
  if (deliveredAt === undefined) return {};
  const delivery = summarizeFeedDelivery(
    measured.writes.filter((write) => measured.inWindow(write.ackAt)),
    deliveredAt,
  );
  return { feedDeliveryMs: delivery.summary, feedDeliveryHistogram: delivery.histogram };
}
