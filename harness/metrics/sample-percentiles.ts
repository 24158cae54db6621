// Percentiles of durations that can run longer than a request (how long a page stayed stale, invalidation lag):
// the same HDR precision as latency, over a range of up to one hour.
import type { Histogram } from 'hdr-histogram-js';
import type { Percentiles } from '../results/types.js';
import { createHistogram, encodeHistogram, percentilesMs, recordMs } from '../results/latency-histogram.js';

export const LONG_HIGHEST_US = 3_600_000_000;

/** An HDR histogram (µs, up to one hour) of `samplesMs`. */
export function longHistogramOfMs(samplesMs: Iterable<number>): Histogram {
  const histogram = createHistogram(LONG_HIGHEST_US);
  for (const ms of samplesMs) recordMs(histogram, ms);
  return histogram;
}

/** Percentiles (ms, 3 decimals) of `samplesMs`; null when there are none. */
export function percentilesOfMs(samplesMs: Iterable<number>): Percentiles | null {
  const histogram = longHistogramOfMs(samplesMs);
  return histogram.totalCount === 0 ? null : percentilesMs(histogram);
}

/** `samplesMs` as an encoded histogram (like results' `histograms`), empty when there are none: merged exactly. */
export function encodedHistogramOfMs(samplesMs: Iterable<number>): string {
  return encodeHistogram(longHistogramOfMs(samplesMs));
}
