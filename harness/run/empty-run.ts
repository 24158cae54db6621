// The result of a run that could not take place (the implementation did not start): its reason, no figures.

import { lagHistogram } from '../metrics/lag-summary.js';
import { encodedHistogramOfMs } from '../metrics/sample-percentiles.js';
import { buildTimeline } from '../metrics/timeline.js';
import type { FailureKind, RunResult } from '../results/types.js';
import type { Scenario } from '../scenario/scenario.js';
import { runLoadOf } from '../workload/open-loop-selection.js';

export function emptyRun(scenario: Scenario, impl: string, failure: string, failureKind: FailureKind = 'start'): RunResult {
  const none = { p50: 0, p90: 0, p99: 0, max: 0 };
  return {
    scenario: scenario.name,
    impl,
    proxy: 'none',
    durationS: 0,
    warmupS: scenario.warmupS,
    partial: true,
    // The load the run was to have (a hand-made scenario may lack it).
    ...(scenario.load === undefined ? {} : { load: runLoadOf(scenario.load) }),
    requests: 0,
    conditionalRequests: 0,
    status: {},
    classes: { fresh200: 0, stale200: 0, valid304: 0, stale304: 0, error: 0 },
    hitRate: 0,
    idealHitRate: 0,
    stale: { '304': 0, '200': 0 },
    staleAgeMs: { '304': null, '200': null },
    invalidationLagMs: { samples: 0, ...none, timeouts: 0 },
    latencyMs: {},
    throughputRps: 0,
    errors: 0,
    errorReasons: {},
    writes: { app: 0, couch: 0, conflicts: 0, failed: 0 },
    couchRequests: null,
    thresholds: [],
    histograms: {},
    // Written like a measured run's, empty: readers and merges need not tell a failed run from an old file.
    timeline: buildTimeline({ exchanges: [], verdicts: [], windowStart: 0, windowEnd: 0, writeAcks: [] }),
    events: [],
    lagHistogram: lagHistogram([]),
    staleAgeHistograms: { '304': encodedHistogramOfMs([]), '200': encodedHistogramOfMs([]) },
    failure,
    failureKind,
  };
}
