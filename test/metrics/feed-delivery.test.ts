import t from 'tap';
import { summarizeFeedDelivery } from '../../harness/metrics/feed-delivery.js';
import { decodeHistogram } from '../../harness/results/latency-histogram.js';

t.test("each window write's delivery is its arrival on the feed minus its acknowledgement", async (t) => {
  const arrivals = new Map([
    ['doc-1 1-a', 105],
    ['doc-2 2-b', 240],
    ['doc-3 3-c', 299.5],
  ]);
  const writes = [
    { docId: 'doc-1', rev: '1-a', ackAt: 100 },
    { docId: 'doc-2', rev: '2-b', ackAt: 200 },
    // The feed beat the writer's acknowledgement by half a millisecond: no time after it.
    { docId: 'doc-3', rev: '3-c', ackAt: 300 },
    { docId: 'doc-4', rev: '1-d', ackAt: 400 },
  ];
  const delivery = summarizeFeedDelivery(writes, (docId, rev) => arrivals.get(`${docId} ${rev}`));
  t.equal(delivery.summary.samples, 3);
  t.equal(delivery.summary.timeouts, 1, 'a write the feed never brought is a timeout, not left out');
  t.ok(Math.abs(delivery.summary.max - 40) < 0.1, `the slowest took 40 ms (${delivery.summary.max})`);
  t.ok(Math.abs(delivery.summary.p50 - 5) < 0.01, `the median 5 ms (${delivery.summary.p50})`);
  const histogram = decodeHistogram(delivery.histogram);
  t.equal(histogram.totalCount, 3, 'the histogram holds every delivery, for an exact merge');
  t.equal(histogram.getValueAtPercentile(1), 0, 'the early one recorded as 0');
});

t.test('no writes: no samples, no timeouts', async (t) => {
  const delivery = summarizeFeedDelivery([], () => 1);
  t.same(delivery.summary, { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts: 0 });
});
