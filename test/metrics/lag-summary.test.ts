import t from 'tap';
import { lagHistogram, summarizeLag } from '../../harness/metrics/lag-summary.js';
import { decodeHistogram } from '../../harness/results/latency-histogram.js';

t.test('percentiles of the probed writes and the timeouts', async (t) => {
  const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1 .. 100 ms
  const lag = summarizeLag(samples, 3);
  t.equal(lag.samples, 100);
  t.equal(lag.timeouts, 3);
  // HDR reports the top of each value's bucket: within 0.1% above it.
  for (const [name, expected] of [
    ['p50', 50],
    ['p90', 90],
    ['p99', 99],
    ['max', 100],
  ] as const) {
    const actual = lag[name];
    t.ok(actual >= expected && actual <= expected * 1.001, `${name} of 1..100 ms is ${actual}, expected ${expected} + ≤ 0.1%`);
  }
});

t.test('fractions of a millisecond keep 3 decimals', async (t) => {
  t.same(summarizeLag([1.2345], 0), { samples: 1, p50: 1.235, p90: 1.235, p99: 1.235, max: 1.235, timeouts: 0 });
});

t.test('lag beyond a minute is not cut at the latency ceiling', async (t) => {
  const lag = summarizeLag([90_000], 0);
  t.ok(Math.abs(lag.max - 90_000) <= 90, `max ${lag.max} ms ≈ 90 s`);
});

t.test('no samples: zeros, and the timeouts still count', async (t) => {
  t.same(summarizeLag([], 5), { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts: 5 });
});

t.test('the lag histogram: every sample, in µs, encoded for exact merges', async (t) => {
  const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1 .. 100 ms
  const histogram = decodeHistogram(lagHistogram(samples));
  t.equal(histogram.totalCount, summarizeLag(samples, 3).samples, 'one count per sample (timeouts are not samples)');
  const p90 = histogram.getValueAtPercentile(90);
  t.ok(p90 >= 90_000 && p90 <= 90_090, `p90 of 1..100 ms is ${p90} µs, expected 90 ms + ≤ 0.1%`);
  t.equal(histogram.getValueAtPercentile(90) / 1000, summarizeLag(samples, 0).p90, 'the same figure as the summary');
  const long = decodeHistogram(lagHistogram([90_000]));
  t.ok(Math.abs(long.getValueAtPercentile(100) - 90_000_000) <= 90_000, 'lag beyond a minute is not cut');
  t.equal(decodeHistogram(lagHistogram([])).totalCount, 0, 'no samples: an empty histogram');
});
