// The measured window cut into 1 s buckets: what the report draws over time (responses, hit rate, stale
// responses, errors, latency, writes). A response counts in the bucket where it completed; which responses
// count at all follows summarizeRun (sent inside the window), so the buckets add up to the run's totals.
import type { Exchange, Verdict } from '../oracle/types.js';
import type { Timeline } from '../results/types.js';
import { createHistogram, percentilesMs, recordMs } from '../results/latency-histogram.js';
import { checkVerdicts, isConditional, isHit, isMeasured, isStale } from './measured-exchanges.js';

export const TIMELINE_BUCKET_MS = 1000;
/** A last bucket shorter than this share of a bucket joins the one before. */
const SLIVER = 0.05;

export interface TimelineInput {
  /** Every exchange of the run, warm-up included. */
  readonly exchanges: readonly Exchange[];
  /** verdicts[i] is the oracle's verdict on exchanges[i]. */
  readonly verdicts: readonly Verdict[];
  /** The measured window, [windowStart, windowEnd) on the exchanges' clock (ms). */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** When each write of the run was acknowledged (through the app or straight to CouchDB), same clock. */
  readonly writeAcks: readonly number[];
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

export function buildTimeline(input: TimelineInput): Timeline {
  const { exchanges, verdicts, windowStart, windowEnd, writeAcks } = input;
  checkVerdicts(exchanges, verdicts);
  // The window overruns its nominal length by a few ms (timers): a last bucket that thin would chart as a
  // collapse to zero, so it is folded into the one before.
  const widths = (windowEnd - windowStart) / TIMELINE_BUCKET_MS;
  const buckets = widths <= 0 ? 0 : Math.max(1, Math.ceil(widths - SLIVER));
  // A request sent just before the end completes after it: it still counts, in the last bucket.
  const bucketOf = (t: number): number => Math.min(buckets - 1, Math.max(0, Math.floor((t - windowStart) / TIMELINE_BUCKET_MS)));
  const responses = zeros(buckets);
  const conditional = zeros(buckets);
  const hits = zeros(buckets);
  const stale = zeros(buckets);
  const errors = zeros(buckets);
  const latencies: number[][] = Array.from({ length: buckets }, () => []);

  exchanges.forEach((exchange, i) => {
    if (!isMeasured(exchange, windowStart, windowEnd)) return;
    const verdict = verdicts[i] as Verdict;
    const bucket = bucketOf(exchange.receivedAt);
    responses[bucket]! += 1;
    if (isConditional(exchange)) conditional[bucket]! += 1;
    if (isHit(exchange)) hits[bucket]! += 1;
    if (isStale(verdict)) stale[bucket]! += 1;
    if (verdict.class === 'error') errors[bucket]! += 1;
    latencies[bucket]!.push(exchange.receivedAt - exchange.sentAt);
  });

  const writes = zeros(buckets);
  for (const ackAt of writeAcks) {
    if (ackAt >= windowStart && ackAt < windowEnd) writes[bucketOf(ackAt)]! += 1;
  }

  const { p50, p99 } = bucketPercentiles(latencies);
  return { bucketMs: TIMELINE_BUCKET_MS, responses, conditional, hits, stale, errors, latencyP50Ms: p50, latencyP99Ms: p99, writes };
}

/** p50 and p99 of each bucket's latencies (HDR, like latencyMs), with one histogram reused: 600 would weigh megabytes. */
function bucketPercentiles(latencies: readonly (readonly number[])[]): { p50: (number | null)[]; p99: (number | null)[] } {
  const histogram = createHistogram();
  const p50: (number | null)[] = [];
  const p99: (number | null)[] = [];
  for (const bucket of latencies) {
    if (bucket.length === 0) {
      p50.push(null);
      p99.push(null);
      continue;
    }
    histogram.reset();
    for (const ms of bucket) recordMs(histogram, ms);
    const percentiles = percentilesMs(histogram);
    p50.push(percentiles.p50);
    p99.push(percentiles.p99);
  }
  return { p50, p99 };
}
