import t, { type Test } from 'tap';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  latencyHistogramsByStatus,
  mergeHistograms,
  percentilesMs,
  recordMs,
} from '../../harness/results/latency-histogram.js';

// HDR with 3 significant digits keeps every value within 0.1% of what was recorded.
function near(t: Test, actual: number, expected: number, what: string): void {
  t.ok(Math.abs(actual - expected) <= expected * 0.001 + 0.001, `${what}: ${actual} ms, expected ${expected} ms ± 0.1%`);
}

t.test('percentiles of a known distribution, in ms', async (t) => {
  const histogram = createHistogram();
  for (let ms = 1; ms <= 10_000; ms++) recordMs(histogram, ms);
  const p = percentilesMs(histogram);
  near(t, p.p50, 5000, 'p50');
  near(t, p.p90, 9000, 'p90');
  near(t, p.p99, 9900, 'p99');
  near(t, p.p999, 9990, 'p999');
  near(t, p.max, 10_000, 'max');
  for (const value of Object.values(p)) t.equal(value, Math.round(value * 1000) / 1000, `${value} has at most 3 decimals`);
});

t.test('sub-millisecond latencies keep their microseconds', async (t) => {
  const histogram = createHistogram();
  recordMs(histogram, 0.25);
  t.same(percentilesMs(histogram), { p50: 0.25, p90: 0.25, p99: 0.25, p999: 0.25, max: 0.25 });
});

t.test('values outside 0 .. 60 s are clamped, not thrown', async (t) => {
  const histogram = createHistogram();
  recordMs(histogram, 120_000);
  recordMs(histogram, -3);
  t.equal(histogram.totalCount, 2, 'both recorded');
  near(t, percentilesMs(histogram).max, 60_000, 'a 2-minute stall shows as the 60 s ceiling');
  t.equal(histogram.getValueAtPercentile(1), 0, 'a negative duration (clock skew) counts as 0');
});

t.test('an empty histogram reports zeros', async (t) => {
  t.same(percentilesMs(createHistogram()), { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
});

t.test('encode, decode and merge give what one histogram of every value gives', async (t) => {
  const whole = createHistogram();
  const machines = [createHistogram(), createHistogram(), createHistogram()];
  for (let i = 0; i < 30_000; i++) {
    const ms = ((i * 7919) % 5000) / 10 + (i % 97 === 0 ? 2500 : 0); // a spread with a tail
    recordMs(whole, ms);
    recordMs(machines[i % 3]!, ms);
  }
  const merged = mergeHistograms(machines.map((h) => decodeHistogram(encodeHistogram(h))));
  t.equal(merged.totalCount, whole.totalCount, 'every count arrives');
  t.same(percentilesMs(merged), percentilesMs(whole), 'identical percentiles');
  t.equal(decodeHistogram(encodeHistogram(whole)).getValueAtPercentile(99), whole.getValueAtPercentile(99), 'a round trip is exact');
  t.equal(mergeHistograms([]).totalCount, 0, 'merging nothing is empty');
});

t.test('merging accepts a histogram recorded over a wider range', async (t) => {
  const wide = createHistogram(3_600_000_000);
  recordMs(wide, 600_000);
  const merged = mergeHistograms([decodeHistogram(encodeHistogram(wide))]);
  near(t, percentilesMs(merged).max, 600_000, 'a 10-minute value survives the merge');
});

t.test('one histogram per status', async (t) => {
  const byStatus = latencyHistogramsByStatus([
    { status: 200, sentAt: 0, receivedAt: 2 },
    { status: 200, sentAt: 10, receivedAt: 14 },
    { status: 304, sentAt: 0, receivedAt: 1 },
    { status: 0, sentAt: 0, receivedAt: 30_000 },
  ]);
  t.same([...byStatus.keys()].sort(), ['0', '200', '304'], '"0" holds requests that got no response');
  t.equal(byStatus.get('200')?.totalCount, 2);
  near(t, percentilesMs(byStatus.get('200')!).max, 4, 'latency is receivedAt − sentAt');
  near(t, percentilesMs(byStatus.get('0')!).max, 30_000, 'a timeout counts at its full wait');
});
