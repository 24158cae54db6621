// Reading encoded HDR histograms (µs) for the charts: percentiles, and the recorded values with their counts.
// Decoded with the JS implementation, as harness/metrics/latency-histogram.ts does, so nothing here is async.

import { decodeFromCompressedBase64, type JsHistogram } from 'hdr-histogram-js';

export interface RecordedValue {
  /** The middle of the histogram bucket, in µs: where a value is counted when the bucket straddles a bin edge
   * (a bucket is up to 0.1% wide; 500 ms lies in [499.968, 500.223] ms). */
  readonly midUs: number;
  /** The top of the bucket, in µs, as percentiles read it. */
  readonly highUs: number;
  readonly count: number;
}

/** Runs `read` on the decoded histogram and frees it. Throws on text that is not an encoded histogram. */
export function withHistogram<T>(encoded: string, read: (histogram: JsHistogram) => T): T {
  const histogram = decodeFromCompressedBase64(encoded, 32, false) as unknown as JsHistogram;
  try {
    return read(histogram);
  } finally {
    histogram.destroy();
  }
}

/** Every non-empty bucket, lowest first. */
export function recordedValues(histogram: JsHistogram): RecordedValue[] {
  const values: RecordedValue[] = [];
  const iterator = histogram.recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    values.push({
      midUs: histogram.medianEquivalentValue(step.valueIteratedTo),
      highUs: histogram.highestEquivalentValue(step.valueIteratedTo),
      count: step.countAtValueIteratedTo,
    });
  }
  return values;
}
