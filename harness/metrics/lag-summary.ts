// Invalidation lag (docs/architecture.md, Results): time from a write's acknowledgement to the first response that reflects it.
import type { LagSummary } from '../results/types.js';
import { encodedHistogramOfMs, percentilesOfMs } from './sample-percentiles.js';

export function summarizeLag(samplesMs: readonly number[], timeouts: number): LagSummary {
  const percentiles = percentilesOfMs(samplesMs);
  if (percentiles === null) return { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts };
  const { p50, p90, p99, max } = percentiles;
  return { samples: samplesMs.length, p50, p90, p99, max, timeouts };
}

/** Every lag sample (timeouts are none) as an encoded histogram: the report's CDF, merged exactly across runs. */
export function lagHistogram(samplesMs: readonly number[]): string {
  return encodedHistogramOfMs(samplesMs);
}
