import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { binLabel, STALE_AGE_EDGES_MS, staleAgeCharts, staleAgeCounts } from '../../../reports/charts/stale-age-charts.js';
import { withRuns } from '../../fixtures/results-smoke.js';
import { encodedMs } from '../../helpers/histograms.js';

t.test('bins of 1-2-5 steps, labelled in ms, then in s', async (t) => {
  const labels = STALE_AGE_EDGES_MS.map((_, i) => binLabel(i));
  t.same(labels, [
    '0–1 ms',
    '1–2 ms',
    '2–5 ms',
    '5–10 ms',
    '10–20 ms',
    '20–50 ms',
    '50–100 ms',
    '100–200 ms',
    '200–500 ms',
    '0.5–1 s',
    '1–2 s',
    '2–5 s',
    '5–10 s',
    '≥ 10 s',
  ]);
});

t.test('each age counts in the bin that holds it, edges in the upper bin', async (t) => {
  const counts = staleAgeCounts(encodedMs([0.5, 1, 1.999, 2, 499, 500, 999, 12_000, 12_000]));
  t.same(counts, [1, 2, 1, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 2]);
});

t.test('a dataset per run and status that served stale responses, on the bins they fill', async (t) => {
  const results = withRuns((runs) => {
    const ref = runs[0]!;
    const run = (impl: string, fields: Partial<RunResult>): RunResult => ({ ...ref, impl, ...fields });
    return [
      run('fresh', { stale: { 304: 0, 200: 0 } }),
      run('racy', { stale: { 304: 3, 200: 1 }, staleAgeHistograms: { 304: encodedMs([3, 4, 30]), 200: encodedMs([60]) } }),
      run('older', { stale: { 304: 2, 200: 0 }, staleAgeHistograms: undefined }),
      run('corrupt', { stale: { 304: 0, 200: 2 }, staleAgeHistograms: { 200: 'not an HDR histogram' } }),
      run('broken', { failure: 'exited with code 1', stale: { 304: 9, 200: 9 } }),
    ];
  });
  const [chart] = staleAgeCharts(results, ['read-mostly']);
  t.same(chart!.bins, ['2–5 ms', '5–10 ms', '10–20 ms', '20–50 ms', '50–100 ms'], 'from the first bin with a response to the last');
  t.same(chart!.datasets, [
    { label: 'racy 304', run: 'racy', colourIndex: 1, status: '304', counts: [2, 0, 0, 1, 0] },
    { label: 'racy 200', run: 'racy', colourIndex: 1, status: '200', counts: [0, 0, 0, 0, 1] },
  ]);
  t.ok(chart!.anyStale);
  t.same(chart!.notes, ['older: ages of its 2 stale 304 not recorded in these results.', 'corrupt: stale 200 age histogram not decodable, not drawn.']);
});

t.test('no stale response: nothing to draw, and the page can say so', async (t) => {
  const [chart] = staleAgeCharts(
    withRuns((runs) => [runs[0]!]),
    ['read-mostly'],
  );
  t.same(chart, { bins: [], datasets: [], anyStale: false, notes: [] });
});
