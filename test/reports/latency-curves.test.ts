import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import t from 'tap';
import { latencyCurve } from '../../reports/latency-curves.js';

/** An encoded histogram of these microsecond values. */
function encoded(valuesUs: number[]): string {
  const histogram = build();
  for (const value of valuesUs) histogram.recordValue(value);
  return encodeIntoCompressedBase64(histogram);
}

t.test('x is 1/(1-p) and y the latency in ms at p', async (t) => {
  // 1..10000 µs: the value at percentile p is p% of 10 ms, within the histogram's 3 significant digits.
  const points = latencyCurve(encoded(Array.from({ length: 10_000 }, (_, i) => i + 1)));
  const near = (x: number, ms: number, what: string) => {
    const y = points.find((point) => point.x === x)?.y;
    t.ok(y !== undefined && Math.abs(y - ms) <= ms * 0.002, `${what}: ${y} ms, expected about ${ms}`);
  };
  near(1, 0.001, 'x = 1 is the minimum');
  near(2, 5, 'x = 2 is p50');
  near(10, 9, 'x = 10 is p90');
  near(100, 9.9, 'x = 100 is p99');
  near(1000, 9.99, 'x = 1000 is p99.9');
  near(10_000, 10, 'the maximum closes the curve at x = sample count');
  t.equal(points.at(-1)?.x, 10_000);
  t.ok(points.every((point) => point.x <= 10_000), 'no percentile finer than the samples can tell');
  t.ok(points.every((point, i) => i === 0 || (point.x > points[i - 1]!.x && point.y >= points[i - 1]!.y)), 'rising');
});

t.test('an empty histogram has no curve, a single sample a flat one', async (t) => {
  t.same(latencyCurve(encoded([])), []);
  t.same(latencyCurve(encoded([1500])), [{ x: 1, y: 1.5 }, { x: 2, y: 1.5 }]);
});

t.test('a 0 µs sample stays plottable on a log axis', async (t) => {
  const points = latencyCurve(encoded([0, 0]));
  t.ok(points.length >= 2 && points.every((point) => point.y === 0.001), 'floored at 1 µs');
});

t.test('text that is not a histogram throws', async (t) => {
  t.throws(() => latencyCurve('not an HDR histogram'));
});
