import t from 'tap';
import { buildTimeline } from '../../harness/metrics/timeline.js';
import { summarizeRun } from '../../harness/metrics/summarize-run.js';
import type { Exchange, Verdict } from '../../harness/oracle/types.js';

const page = '/doc/d';
const cond = { sentEtag: '"e"', cachedRevs: [] };
// The measured window is [1000, 4000): three buckets of 1 s, [1000, 2000), [2000, 3000), [3000, 4000).
const run: Array<[Exchange, Verdict]> = [
  // warm-up: excluded, even though it completes inside the window
  [
    { page, sentAt: 999, receivedAt: 1005, status: 304, ...cond },
    { class: 'stale304', staleForMs: 500, idealHit: false },
  ],
  // bucket 0
  [
    { page, sentAt: 1000, receivedAt: 1002, status: 304, ...cond },
    { class: 'valid304', idealHit: true },
  ],
  [
    { page, sentAt: 1100, receivedAt: 1104, status: 200, ...cond },
    { class: 'fresh200', idealHit: false },
  ],
  [
    { page, sentAt: 1500, receivedAt: 1506, status: 200 },
    { class: 'stale200', staleForMs: 7 },
  ],
  // sent in bucket 0, completed in bucket 1: counted where it completed
  [
    { page, sentAt: 1990, receivedAt: 2020, status: 304, ...cond },
    { class: 'stale304', staleForMs: 40, idealHit: false },
  ],
  // bucket 1
  [
    { page, sentAt: 2500, receivedAt: 2510, status: 503 },
    { class: 'error', reason: 'status 503' },
  ],
  // bucket 2 stays empty; sent inside the window, completed after it: the last bucket
  [
    { page, sentAt: 3999, receivedAt: 5000, status: 0 },
    { class: 'error', reason: 'no response' },
  ],
  // after the window: excluded
  [
    { page, sentAt: 4000, receivedAt: 4001, status: 200 },
    { class: 'stale200', staleForMs: 900 },
  ],
];
const exchanges = run.map(([exchange]) => exchange);
const verdicts = run.map(([, verdict]) => verdict);
const window = { windowStart: 1000, windowEnd: 4000 };
// Writes acknowledged before, inside and after the window.
const writeAcks = [500, 1000, 1999, 2000, 3999.5, 4000];

const timeline = buildTimeline({ exchanges, verdicts, ...window, writeAcks });

t.test('one bucket per second of the window', async (t) => {
  t.equal(timeline.bucketMs, 1000);
  for (const [name, series] of Object.entries(timeline)) {
    if (Array.isArray(series)) t.equal(series.length, 3, `${name} has 3 buckets`);
  }
  const partial = buildTimeline({ exchanges: [], verdicts: [], windowStart: 0, windowEnd: 2500, writeAcks: [] });
  t.equal(partial.responses.length, 3, 'a window of 2.5 s (a run cut short) has a last, partial bucket');
  const overrun = buildTimeline({ exchanges: [], verdicts: [], windowStart: 0, windowEnd: 5004, writeAcks: [] });
  t.equal(overrun.responses.length, 5, 'a 5 s window that overran by 4 ms has 5 buckets, not a sixth sliver');
  const tiny = buildTimeline({ exchanges: [], verdicts: [], windowStart: 0, windowEnd: 20, writeAcks: [] });
  t.equal(tiny.responses.length, 1, 'a window shorter than a sliver still has its one bucket');
  const none = buildTimeline({ exchanges: [], verdicts: [], windowStart: 0, windowEnd: 0, writeAcks: [] });
  t.same(none.responses, [], 'no window, no buckets');
});

t.test('responses land in the bucket of their completion', async (t) => {
  t.same(timeline.responses, [3, 2, 1], 'the one sent at 1990 completes at 2020; the one sent at 3999 is kept in the last');
  t.same(timeline.conditional, [2, 1, 0]);
  t.same(timeline.hits, [1, 1, 0], 'every 304 to a conditional request, as hitRate counts them');
  t.same(timeline.stale, [1, 1, 0], 'stale 200 and stale 304');
  t.same(timeline.errors, [0, 1, 1], 'a 503 and a request without response');
});

t.test('writes land in the bucket of their acknowledgement, inside the window only', async (t) => {
  t.same(timeline.writes, [2, 1, 1]);
});

t.test('latency percentiles per bucket, null when the bucket had no response', async (t) => {
  const near = (actual: number | null | undefined, expected: number): boolean =>
    actual !== null && actual !== undefined && actual >= expected && actual <= expected * 1.001;
  t.ok(near(timeline.latencyP50Ms[0], 4), `bucket 0 p50 ${timeline.latencyP50Ms[0]}: the middle of 2, 4 and 6 ms`);
  t.ok(near(timeline.latencyP99Ms[0], 6), `bucket 0 p99 ${timeline.latencyP99Ms[0]}`);
  t.ok(near(timeline.latencyP50Ms[1], 10), `bucket 1 p50 ${timeline.latencyP50Ms[1]}: of 30 and 10 ms`);
  t.ok(near(timeline.latencyP99Ms[1], 30), `bucket 1 p99 ${timeline.latencyP99Ms[1]}`);
  const gap = buildTimeline({ exchanges: exchanges.slice(1, 3), verdicts: verdicts.slice(1, 3), ...window, writeAcks: [] });
  t.ok(near(gap.latencyP50Ms[0], 2) && near(gap.latencyP99Ms[0], 4), 'bucket 0: 2 and 4 ms');
  t.same(gap.latencyP50Ms.slice(1), [null, null], 'p50 of the empty buckets');
  t.same(gap.latencyP99Ms.slice(1), [null, null], 'p99 of the empty buckets');
});

t.test('the buckets add up to the run totals', async (t) => {
  const figures = summarizeRun({ exchanges, verdicts, ...window });
  const sum = (series: readonly number[]): number => series.reduce((a, b) => a + b, 0);
  t.equal(sum(timeline.responses), figures.requests, 'responses: every measured request');
  t.equal(sum(timeline.conditional), figures.conditionalRequests, 'conditional: the hit rate denominator');
  t.equal(sum(timeline.hits) / sum(timeline.conditional), figures.hitRate, 'hits / conditional is the run hit rate');
  t.equal(sum(timeline.stale), figures.stale['200'] + figures.stale['304']);
  t.equal(sum(timeline.errors), figures.errors);
});

t.test('every exchange needs its verdict', async (t) => {
  t.throws(() => buildTimeline({ exchanges, verdicts: verdicts.slice(1), ...window, writeAcks: [] }), RangeError);
});
