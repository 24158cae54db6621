import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { latencyCurve, NAMED_PERCENTILES, percentileCharts } from '../../../reports/charts/latency-curves.js';
import { withRuns } from '../../fixtures/results-smoke.js';

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
  t.ok(
    points.every((point) => point.x <= 10_000),
    'no percentile finer than the samples can tell',
  );
  t.ok(
    points.every((point, i) => i === 0 || (point.x > points[i - 1]!.x && point.y >= points[i - 1]!.y)),
    'rising',
  );
});

t.test('an empty histogram has no curve, a single sample a flat one', async (t) => {
  t.same(latencyCurve(encoded([])), []);
  t.same(latencyCurve(encoded([1500])), [
    { x: 1, y: 1.5 },
    { x: 2, y: 1.5 },
  ]);
});

t.test('a 0 µs sample stays plottable on a log axis', async (t) => {
  const points = latencyCurve(encoded([0, 0]));
  t.ok(points.length >= 2 && points.every((point) => point.y === 0.001), 'floored at 1 µs');
});

t.test('text that is not a histogram throws', async (t) => {
  t.throws(() => latencyCurve('not an HDR histogram'));
});

t.test('the curve is smooth on the log axis and passes through every named percentile', async (t) => {
  const points = latencyCurve(encoded(Array.from({ length: 100_000 }, (_, i) => i + 1)));
  const xs = points.map((point) => point.x);
  for (const p of NAMED_PERCENTILES.filter((p) => 1 / (1 - p / 100) < 100_000)) {
    t.ok(xs.includes(Number((1 / (1 - p / 100)).toPrecision(6))), `p${p} is a point`);
  }
  const decades = Math.log10(100_000);
  t.ok(points.length >= 9 * decades && points.length <= 12 * decades, `about ten points a decade (${points.length} over ${decades})`);
  const gaps = xs.slice(1).map((x, i) => Math.log10(x / xs[i]!));
  t.ok(Math.max(...gaps) <= 0.11, `no gap wider than a tenth of a decade (${Math.max(...gaps).toFixed(3)})`);
});

t.test('one panel per status, a line per implementation and proxy, on shared axes', async (t) => {
  const results = withRuns((runs) => {
    const [ref, seed] = runs as [RunResult, RunResult];
    return [
      ref,
      { ...ref, proxy: 'varnish:purge' },
      seed,
      { ...seed, scenario: 'other' },
      { ...ref, impl: 'broken', failure: 'exited with code 1' },
      { ...seed, impl: 'corrupt', histograms: { 200: 'not an HDR histogram' } },
    ];
  });
  const [main, other] = percentileCharts(results, ['read-mostly', 'other']);
  t.same(
    main!.panels.map((panel) => panel.status),
    ['200', '304'],
  );
  t.same(
    main!.panels[0]!.lines.map((line) => [line.label, line.colourIndex]),
    [
      ['reference', 0],
      ['reference via varnish:purge', 1],
      ['seed', 2],
    ],
    'the failed run has no line; the proxy makes a line of its own, in a colour of its own',
  );
  t.same(
    other!.panels[0]!.lines.map((line) => [line.label, line.colourIndex]),
    [['seed', 2]],
    'seed keeps its colour in another scenario',
  );
  t.same(main!.undecodable, ['corrupt 200'], 'a histogram that does not decode is named');
  const ys = main!.panels.flatMap((panel) => panel.lines.flatMap((line) => line.points.map((point) => point.y)));
  t.ok(main!.yMinMs <= Math.min(...ys) && main!.yMaxMs >= Math.max(...ys), 'every point within the y axis');
  t.ok(
    [main!.yMinMs, main!.yMaxMs].every((y) => Number.isInteger(Math.log10(y))),
    `y bounds are decades (${main!.yMinMs}, ${main!.yMaxMs})`,
  );
  t.equal(main!.xMax, 10_000, 'x reaches p99.99 even when the samples do not');
});
