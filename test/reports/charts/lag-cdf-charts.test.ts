import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { lagCdf, lagCdfCharts } from '../../../reports/charts/lag-cdf-charts.js';
import { withRuns } from '../../fixtures/results-smoke.js';
import { encodedMs } from '../../helpers/histograms.js';

const lag = (samples: number, timeouts: number) => ({ samples, p50: 2, p90: 4, p99: 4, max: 4, timeouts });

t.test('the share of probed writes seen within x ms, from 0 to 100%', async (t) => {
  // Under 2.048 ms a histogram bucket is 1 µs wide: the values come back exact.
  t.same(lagCdf(encodedMs([0.5, 1, 2, 2]), 0), [
    { x: 0.5, y: 0 },
    { x: 0.5, y: 25 },
    { x: 1, y: 50 },
    { x: 2, y: 100 },
  ]);
});

t.test('probes that timed out keep the line below 100%', async (t) => {
  t.same(lagCdf(encodedMs([0.5, 1, 2]), 1).at(-1), { x: 2, y: 75 });
});

t.test('more values than a chart can show are thinned, and still end at the top', async (t) => {
  const values = Array.from({ length: 5000 }, (_, i) => 1 + i * 0.5);
  const points = lagCdf(encodedMs(values), 0);
  t.ok(points.length <= 210, `${points.length} points`);
  t.equal(points.at(-1)?.y, 100);
  t.ok(
    points.every((point, i) => i === 0 || (point.x >= points[i - 1]!.x && point.y >= points[i - 1]!.y)),
    'never falls back',
  );
});

t.test('a line per run with lag samples; in words, what cannot be drawn', async (t) => {
  const results = withRuns((runs) => {
    const ref = runs[0]!;
    const run = (impl: string, fields: Partial<RunResult> & { lagHistogram?: string }): RunResult => ({ ...ref, impl, ...fields });
    return [
      run('fast', { invalidationLagMs: lag(4, 0), lagHistogram: encodedMs([1, 2, 4, 4]) }),
      run('slow', { invalidationLagMs: lag(3, 1), lagHistogram: encodedMs([20, 40, 80]) }),
      run('no-probe', { invalidationLagMs: lag(0, 0) }),
      run('all-lost', { invalidationLagMs: lag(0, 5) }),
      run('older', { invalidationLagMs: lag(3, 0), lagHistogram: undefined }),
      run('corrupt', { invalidationLagMs: lag(3, 0), lagHistogram: 'not an HDR histogram' }),
      run('broken', { failure: 'exited with code 1', lagHistogram: encodedMs([1]) }),
    ];
  });
  const [chart] = lagCdfCharts(results, ['read-mostly']);
  t.same(
    chart!.lines.map((line) => [line.label, line.colourIndex]),
    [
      ['fast', 0],
      ['slow', 1],
    ],
  );
  t.same(chart!.notes, [
    'slow: 1 of 4 probed writes timed out; the line ends at 75.0%.',
    'no-probe: no write was probed.',
    'all-lost: all 5 probed writes timed out, none was seen.',
    'older: lag histogram not recorded in these results.',
    'corrupt: lag histogram not decodable, not drawn.',
  ]);
  t.equal(chart!.xMinMs, 1, 'the x axis starts at the decade at or below the fastest');
  t.equal(chart!.xMaxMs, 100, 'and ends at the decade above the slowest');
});
