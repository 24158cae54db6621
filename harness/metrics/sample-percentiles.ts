// Percentiles of durations that can run longer than a request (how long a page stayed stale, invalidation lag):
// the same HDR precision as latency, over a range of up to one hour.
import type { Percentiles } from '../results/types.js';
import { createHistogram, percentilesMs, recordMs } from './latency-histogram.js';

export const LONG_HIGHEST_US = 3_600_000_000;

/** Percentiles (ms, 3 decimals) of `samplesMs`; null when there are none. */
export function percentilesOfMs(samplesMs: Iterable<number>): Percentiles | null {
  const histogram = createHistogram(LONG_HIGHEST_US);
  for (const ms of samplesMs) recordMs(histogram, ms);
  return histogram.totalCount === 0 ? null : percentilesMs(histogram);
}
