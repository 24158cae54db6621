import t from 'tap';
import { evaluateThresholds } from '../../harness/results/thresholds/evaluate-thresholds.js';
import type { RunResult } from '../../harness/results/types.js';

// A run result with round, known figures, so each case can say exactly what it expects.
const pct = (p50: number, max: number) => ({ p50, p90: (p50 + max) / 2, p99: max - 1, p999: max - 0.5, max });
function runResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    scenario: 'read-heavy',
    impl: 'reference',
    proxy: 'none',
    durationS: 10,
    warmupS: 1,
    partial: false,
    requests: 1000,
    conditionalRequests: 800,
    status: { '200': 300, '304': 700 },
    classes: { fresh200: 300, stale200: 0, valid304: 697, stale304: 3, error: 0 },
    hitRate: 0.875,
    idealHitRate: 0.9,
    stale: { '304': 3, '200': 0 },
    staleAgeMs: { '304': pct(40, 120), '200': null },
    invalidationLagMs: { samples: 20, p50: 8, p90: 15, p99: 30, max: 31, timeouts: 1 },
    latencyMs: { '200': pct(5, 50), '304': pct(1, 10) },
    throughputRps: 100,
    errors: 4,
    errorReasons: { 'status 500': 4 },
    writes: { app: 10, couch: 10, conflicts: 0, failed: 0 },
    couchRequests: { byRoute: { 'GET /{db}/{docid}': 300 }, total: 300, perPageRequest: 0.3 },
    thresholds: [],
    histograms: {},
    ...overrides,
  };
}

const one = (text: string, run = runResult()) => evaluateThresholds([text], run)[0]!;

t.test('each operator decides on the value', async (t) => {
  // errors is 4 in the run
  const cases: [string, boolean][] = [
    ['errors == 4', true],
    ['errors == 3', false],
    ['errors != 3', true],
    ['errors != 4', false],
    ['errors < 5', true],
    ['errors < 4', false],
    ['errors <= 4', true],
    ['errors <= 3', false],
    ['errors > 3', true],
    ['errors > 4', false],
    ['errors >= 4', true],
    ['errors >= 5', false],
  ];
  for (const [text, ok] of cases) t.same(one(text), { name: text, limit: text.slice('errors '.length), value: 4, ok }, text);
});

t.test('results.json shape: name as written, limit as "<op> <number>", one entry per threshold in order', async (t) => {
  const verdicts = evaluateThresholds(['stale304 == 0', 'latency.304.p99 < 50ms', 'hitRate>=.8'], runResult());
  t.same(verdicts, [
    { name: 'stale304 == 0', limit: '== 0', value: 3, ok: false },
    { name: 'latency.304.p99 < 50ms', limit: '< 50', value: 9, ok: true },
    { name: 'hitRate>=.8', limit: '>= 0.8', value: 0.875, ok: true },
  ]);
  t.same(evaluateThresholds([], runResult()), []);
});

t.test('every metric reads the figure it names', async (t) => {
  const expected: Record<string, number> = {
    stale304: 3,
    stale200: 0,
    stale: 3,
    hitRate: 0.875,
    idealHitRate: 0.9,
    hitRateGap: 0.025,
    errors: 4,
    errorRate: 0.004,
    throughputRps: 100,
    requests: 1000,
    couchRequestsPerPage: 0.3,
    'latency.200.p50': 5,
    'latency.200.p90': 27.5,
    'latency.200.p99': 49,
    'latency.200.p999': 49.5,
    'latency.200.max': 50,
    'latency.304.max': 10,
    'lag.samples': 20,
    'lag.p50': 8,
    'lag.p90': 15,
    'lag.p99': 30,
    'lag.max': 31,
    'lag.timeouts': 1,
    'staleAge.304.p50': 40,
    'staleAge.304.max': 120,
  };
  for (const [metric, value] of Object.entries(expected)) t.equal(one(`${metric} >= 0`).value, value, metric);
  t.equal(one('stale == 0', runResult({ stale: { '304': 3, '200': 2 } })).value, 5, 'stale counts both statuses');
});

t.test('a figure the run lacks is null, and null is never ok', async (t) => {
  t.same(one('latency.404.p99 < 1000ms'), { name: 'latency.404.p99 < 1000ms', limit: '< 1000', value: null, ok: false }, 'no 404 in the run');
  t.same(one('latency.304.p99 != 1', runResult({ latencyMs: {} })).value, null, 'no 304 latency');
  t.equal(one('couchRequestsPerPage <= 1', runResult({ couchRequests: null })).value, null, 'CouchDB traffic not observed');
  const noConditional = runResult({ conditionalRequests: 0, hitRate: 0, idealHitRate: 0 });
  for (const metric of ['hitRate', 'idealHitRate', 'hitRateGap']) {
    t.same(one(`${metric} >= 0`, noConditional), { name: `${metric} >= 0`, limit: '>= 0', value: null, ok: false }, `${metric} of no conditional request`);
  }
  t.equal(one('errorRate == 0', runResult({ requests: 0 })).value, null, 'error rate of no request');
  t.equal(one('lag.p99 < 1000', runResult({ invalidationLagMs: { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts: 3 } })).value, null, 'lag of no sample');
  t.equal(
    one('lag.timeouts == 3', runResult({ invalidationLagMs: { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts: 3 } })).value,
    3,
    'counts stay counts',
  );
});

t.test('no stale response at all is a stale age of 0, not a missing figure', async (t) => {
  t.same(one('staleAge.200.max <= 1500ms'), { name: 'staleAge.200.max <= 1500ms', limit: '<= 1500', value: 0, ok: true }, 'the run has no stale 200');
  const agesLost = runResult({ staleAgeMs: { '304': null, '200': null } }); // 3 stale 304s, no ages
  t.equal(one('staleAge.304.p99 < 1000', agesLost).value, null, 'stale 304s without their ages: unknown');
});

t.test('a run that failed has no figures: every threshold fails', async (t) => {
  const failed = runResult({ failure: 'reference exited with code 1', stale: { '304': 0, '200': 0 } });
  t.same(evaluateThresholds(['stale304 == 0', 'stale200 == 0'], failed), [
    { name: 'stale304 == 0', limit: '== 0', value: null, ok: false },
    { name: 'stale200 == 0', limit: '== 0', value: null, ok: false },
  ]);
});

t.test('a ratio difference is not decided by float noise', async (t) => {
  // 0.35 - 0.3 is 0.04999999999999999 in floating point
  const run = runResult({ idealHitRate: 0.35, hitRate: 0.3 });
  t.equal(one('hitRateGap <= 0.05', run).value, 0.05);
  t.equal(one('hitRateGap == 0.05', run).ok, true);
});

t.test('a threshold that does not parse throws rather than reading as a verdict', async (t) => {
  t.throws(() => evaluateThresholds(['hitrate >= 0.8'], runResult()), /unknown metric "hitrate"/);
});
