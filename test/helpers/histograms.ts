// Encoded HDR histograms for report fixtures, built the way runs build theirs, and results carrying them.

import { createHistogram, encodeHistogram, recordMs } from '../../harness/results/latency-histogram.js';
import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import { withRuns } from '../fixtures/results-smoke.js';

/** An encoded histogram (µs) of these values in ms. */
export function encodedMs(values: readonly number[]): string {
  const histogram = createHistogram();
  for (const ms of values) recordMs(histogram, ms);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return encoded;
}

/** The smoke results with the optional series set here, so a test does not lean on the fixture's own. */
export function withSeries(events: RunResult['events'] = []): ResultsFile {
  return withRuns((runs) =>
    runs.map((run) => ({
      ...run,
      timeline: {
        bucketMs: 1000,
        responses: [400, 500],
        conditional: [400, 500],
        hits: [300, 420],
        stale: [0, run.stale['304']],
        errors: [0, 0],
        latencyP50Ms: [0.5, 0.6],
        latencyP99Ms: [2, 3],
        writes: [2, 3],
      },
      events,
      lagHistogram: encodedMs([5, 10, 20]),
      staleAgeHistograms: run.stale['304'] > 0 ? { 304: encodedMs([30, 300]) } : {},
    })),
  );
}
