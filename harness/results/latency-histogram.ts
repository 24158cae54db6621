// HDR histograms of latency in microseconds (1 µs .. 60 s, 3 significant digits), reported in milliseconds.
// The JS implementation is used so that nothing here is async; encoded histograms let results from several load
// machines be merged exactly.
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { Percentiles } from './types.js';

export const LATENCY_LOWEST_US = 1;
export const LATENCY_HIGHEST_US = 60_000_000;
export const SIGNIFICANT_DIGITS = 3;

/** An empty histogram of values in µs up to `highestUs`; values beyond are clamped to it when recorded. */
export function createHistogram(highestUs = LATENCY_HIGHEST_US): Histogram {
  return build({
    lowestDiscernibleValue: LATENCY_LOWEST_US,
    highestTrackableValue: highestUs,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    bitBucketSize: 32,
    autoResize: false,
    useWebAssembly: false,
  });
}

/** Records a duration in milliseconds, as whole µs clamped to the histogram's range (never throws). */
export function recordMs(histogram: Histogram, ms: number): void {
  const us = Number.isFinite(ms) ? Math.round(ms * 1000) : 0;
  histogram.recordValue(Math.min(Math.max(us, 0), histogram.highestTrackableValue));
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * p50, p90, p99, p999 and max in milliseconds, 3 decimals; all zero for an empty histogram. Like every HDR
 * percentile, each is the top of its bucket (within 0.1% above the recorded value). max is read the same way,
 * not from the exact maximum, because a decoded histogram only knows buckets: this keeps the figures of merged
 * histograms identical to those of one histogram of every value.
 */
export function percentilesMs(histogram: Histogram): Percentiles {
  const at = (percentile: number): number => round3(histogram.getValueAtPercentile(percentile) / 1000);
  return { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: at(100) };
}

export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(base64: string): Histogram {
  return decodeFromCompressedBase64(base64, 32, false);
}

/** One histogram holding every count of `histograms` (they may come from different machines or ranges). */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const merged = createHistogram();
  merged.autoResize = true; // a source recorded with a wider range must not be cut
  for (const histogram of histograms) merged.add(histogram);
  return merged;
}

/** One latency histogram per HTTP status ("0" for no response), from each exchange's receivedAt − sentAt. */
export function latencyHistogramsByStatus(
  exchanges: Iterable<{ readonly status: number; readonly sentAt: number; readonly receivedAt: number }>,
): Map<string, Histogram> {
  const byStatus = new Map<string, Histogram>();
  for (const exchange of exchanges) {
    const key = String(exchange.status);
    let histogram = byStatus.get(key);
    if (histogram === undefined) {
      histogram = createHistogram();
      byStatus.set(key, histogram);
    }
    recordMs(histogram, exchange.receivedAt - exchange.sentAt);
  }
  return byStatus;
}
