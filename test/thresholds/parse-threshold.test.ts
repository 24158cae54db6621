import t from 'tap';
import { parseThreshold, THRESHOLD_OPS } from '../../harness/results/thresholds/parse-threshold.js';

t.test('each operator parses, with or without spaces around it', async (t) => {
  for (const op of THRESHOLD_OPS) {
    t.same(parseThreshold(`stale304 ${op} 0`), { text: `stale304 ${op} 0`, metric: 'stale304', op, limit: 0 }, op);
    t.equal(parseThreshold(`hitRate${op}0.8`).op, op, `${op} without spaces`);
  }
  t.equal(parseThreshold('  errors == 0  ').text, 'errors == 0', 'the name is the trimmed text');
  t.equal(parseThreshold('hitRateGap <= .05').limit, 0.05);
  t.equal(parseThreshold('throughputRps >= 1e3').limit, 1000);
  t.equal(parseThreshold('hitRateGap >= -0.1').limit, -0.1, 'negative limits (a gap can be below 0)');
});

t.test('families of metrics: latency per status, lag, stale age', async (t) => {
  t.equal(parseThreshold('latency.304.p99 < 5').metric, 'latency.304.p99');
  t.equal(parseThreshold('latency.404.p999 < 5').metric, 'latency.404.p999');
  t.equal(parseThreshold('lag.timeouts == 0').metric, 'lag.timeouts');
  t.equal(parseThreshold('staleAge.200.max <= 2000').metric, 'staleAge.200.max');
  t.equal(parseThreshold('couchRequestsPerPage <= 1').metric, 'couchRequestsPerPage');
});

t.test('an ms suffix is the same number, and only goes with times', async (t) => {
  t.equal(parseThreshold('latency.304.p99 < 5ms').limit, 5);
  t.equal(parseThreshold('lag.p99 <= 1000ms').limit, 1000);
  t.equal(parseThreshold('staleAge.304.p50 < 2.5ms').limit, 2.5);
  t.throws(() => parseThreshold('hitRate >= 1ms'), /"hitRate" is not a time: "ms" goes only with latency, lag and staleAge/);
  t.throws(() => parseThreshold('lag.samples >= 5ms'), /"lag\.samples" is not a time/, 'a lag count is not a time');
});

t.test('unknown metrics are named, with the known ones', async (t) => {
  t.throws(
    () => parseThreshold('hitrate >= 0.8'),
    /^unknown metric "hitrate" \(known: stale304, stale200, stale, hitRate, .*latency\.<status>\.<p50\|p90\|p99\|p999\|max>, lag\.<samples\|p50\|p90\|p99\|max\|timeouts>, staleAge\.<304\|200>\.<p50\|p90\|p99\|p999\|max>\)$/,
  );
  t.throws(() => parseThreshold('latency.ok.p99 < 5'), /unknown metric "latency\.ok\.p99"/, 'a status is three digits');
  t.throws(() => parseThreshold('latency.304.p95 < 5'), /unknown metric "latency\.304\.p95"/);
  t.throws(() => parseThreshold('staleAge.404.max < 5'), /unknown metric "staleAge\.404\.max"/);
  t.throws(() => parseThreshold('toString == 0'), /unknown metric "toString"/, 'no inherited property passes for a metric');
});

t.test('malformed text says what shape was expected', async (t) => {
  const shape = /is not a threshold \(expected "<metric> <op> <number>\[ms\]" with <op> one of == != < <= > >=\)/;
  for (const text of ['', 'stale304', 'stale304 = 0', 'stale304 =< 0', 'stale304 == 0 extra', '== 0', 'stale304 ==']) {
    t.throws(() => parseThreshold(text), shape, JSON.stringify(text));
  }
  t.throws(() => parseThreshold('stale304 == zero'), /"zero" is not a number \(in "stale304 == zero"/);
  t.throws(() => parseThreshold('latency.304.p99 < 5s'), /"5s" is not a number/, 'seconds are not a unit');
  t.throws(() => parseThreshold('stale304 < < 3'), shape);
});
