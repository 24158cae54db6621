// Encoded HDR histograms for report fixtures, built the way runs build theirs.

import { createHistogram, encodeHistogram, recordMs } from '../../harness/metrics/latency-histogram.js';

/** An encoded histogram (µs) of these values in ms. */
export function encodedMs(values: readonly number[]): string {
  const histogram = createHistogram();
  for (const ms of values) recordMs(histogram, ms);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return encoded;
}
