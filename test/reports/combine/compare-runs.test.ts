import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { compareResults, compareRuns, judge, type MetricChange } from '../../../reports/combine/compare-runs.js';
import { formatChange } from '../../../reports/html/comparison-format.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

const reference = (): RunResult => smokeResults().runs[0]!;
const rowOf = (rows: readonly MetricChange[], metric: string): MetricChange => {
  const row = rows.find((r) => r.metric === metric);
  if (row === undefined) throw new Error(`no row ${metric}`);
  return row;
};

t.test('direction: higher is better for hit rate and throughput, lower for the rest', async (t) => {
  t.equal(judge({ unit: 'ratio', better: 'higher' }, 0.8, 0.9), 'better', 'hit rate up');
  t.equal(judge({ unit: 'ratio', better: 'higher' }, 0.8, 0.7), 'worse', 'hit rate down');
  t.equal(judge({ unit: 'rps', better: 'higher' }, 500, 600), 'better', 'throughput up');
  t.equal(judge({ unit: 'rps', better: 'higher' }, 500, 400), 'worse', 'throughput down');
  t.equal(judge({ unit: 'ms', better: 'lower' }, 10, 20), 'worse', 'latency up');
  t.equal(judge({ unit: 'ms', better: 'lower' }, 10, 5), 'better', 'latency down');
  t.equal(judge({ unit: 'count', better: 'lower' }, 40, 80), 'worse', 'stale up');
  t.equal(judge({ unit: 'count', better: 'lower' }, 40, 20), 'better', 'stale down');
});

t.test('noise tolerance: small changes are "same"', async (t) => {
  const ms = { unit: 'ms', better: 'lower' } as const;
  t.equal(judge(ms, 0.5, 0.59), 'same', '+0.09 ms is under 0.1 ms (though +18%)');
  t.equal(judge(ms, 0.5, 0.61), 'worse', '+0.11 ms and +22%');
  t.equal(judge(ms, 100, 104.9), 'same', '+4.9% is under 5% (though +4.9 ms)');
  t.equal(judge(ms, 100, 105), 'worse', '+5% is not noise');
  t.equal(judge({ unit: 'rps', better: 'higher' }, 1000, 1040), 'same', 'throughput +4%');
  t.equal(judge({ unit: 'ratio', better: 'higher' }, 0.8, 0.804), 'same', 'hit rate +0.4 point');
  t.equal(judge({ unit: 'ratio', better: 'higher' }, 0.8, 0.805), 'better', 'hit rate +0.5 point, float noise aside');
  t.equal(judge({ unit: 'count', better: 'lower' }, 1000, 1030), 'same', 'errors +3%');
  t.equal(judge(ms, 3, 3), 'same', 'unchanged');
});

t.test('a count that leaves 0 or reaches it is never noise', async (t) => {
  const count = { unit: 'count', better: 'lower' } as const;
  t.equal(judge(count, 0, 1), 'worse', 'stale 0 → 1 is worse');
  t.equal(judge(count, 0, 0), 'same');
  t.equal(judge(count, 1000, 0), 'better', 'stale gone');
  t.equal(judge({ unit: 'rps', better: 'higher' }, 500, 0), 'worse', 'nothing served any more');
});

t.test('a figure one side lacks is n/a, not a change', async (t) => {
  t.equal(judge({ unit: 'ms', better: 'lower' }, null, 3), 'n/a');
  t.equal(judge({ unit: 'ms', better: 'lower' }, 3, null), 'n/a');
  const noLag: RunResult = { ...reference(), invalidationLagMs: { ...reference().invalidationLagMs, samples: 0 } };
  const rows = compareRuns('x', reference(), noLag).rows;
  t.equal(rowOf(rows, 'lag p99 (ms)').judgement, 'n/a', 'no lag sample: no lag to compare');
  t.equal(rowOf(rows, 'lag p99 (ms)').change, null);
  const failed = compareRuns('x', reference(), { ...reference(), failure: 'did not start' });
  t.ok(
    failed.rows.every((row) => row.judgement === 'n/a'),
    'a failed run has no figure',
  );
  t.same(failed.failure, { other: 'did not start' });
});

t.test('compareRuns: one row per metric with value, change and judgement', async (t) => {
  const plain = reference();
  const base: RunResult = { ...plain, latencyMs: { ...plain.latencyMs, '304': { ...plain.latencyMs['304']!, p99: 2 } } };
  const other: RunResult = {
    ...base,
    hitRate: 0.7,
    stale: { '304': 3, '200': 0 },
    throughputRps: 520,
    latencyMs: { ...base.latencyMs, '304': { ...base.latencyMs['304']!, p99: 3 } },
  };
  const rows = compareRuns('read-mostly × reference', base, other).rows;
  t.same(
    rows.map((r) => r.metric),
    [
      'valid hit rate',
      'stale 304',
      'stale 200',
      'errors',
      'lag p50 (ms)',
      'lag p99 (ms)',
      'lag timeouts',
      '200 p50 (ms)',
      '200 p99 (ms)',
      '304 p50 (ms)',
      '304 p99 (ms)',
      'throughput (req/s)',
    ],
  );
  // Stale 304s are not hits worth having: they are taken off the hit rate.
  const validOther = 0.7 - 3 / other.conditionalRequests;
  t.match(rowOf(rows, 'valid hit rate'), { baseline: 0.8, judgement: 'worse' });
  t.ok(Math.abs(rowOf(rows, 'valid hit rate').other! - validOther) < 1e-9, 'the other run: hit rate less its stale 304s');
  t.equal(formatChange(rowOf(rows, 'valid hit rate')), `${((validOther - 0.8) * 100).toFixed(1)} pt`);
  t.match(rowOf(rows, 'stale 304'), { baseline: 0, other: 3, change: 3, relative: null, judgement: 'worse' });
  t.equal(formatChange(rowOf(rows, 'stale 304')), '+3', 'from 0 a percentage means nothing');
  t.match(rowOf(rows, '304 p99 (ms)'), { judgement: 'worse' });
  t.equal(formatChange(rowOf(rows, '304 p99 (ms)')), '+1 ms (+50.0%)');
  t.match(rowOf(rows, 'throughput (req/s)'), { judgement: 'same', change: 20 });
  t.equal(formatChange(rowOf(rows, 'throughput (req/s)')), '+20 (+4.0%)');
  t.match(rowOf(rows, '200 p99 (ms)'), { judgement: 'same', change: 0 });
});

t.test('compareResults pairs runs by scenario, impl and proxy; the rest is listed', async (t) => {
  const baseline = smokeResults();
  const other = { ...smokeResults(), runs: [smokeResults().runs[1]!, { ...smokeResults().runs[0]!, proxy: 'varnish' }] };
  const comparison = compareResults([
    { source: 'a.json', results: baseline },
    { source: 'b.json', results: other },
  ]);
  t.equal(comparison.baseline, 'a.json');
  t.equal(comparison.files.length, 1);
  const file = comparison.files[0]!;
  t.same(
    file.runs.map((r) => r.label),
    ['read-mostly × seed'],
    'only the run in both',
  );
  t.same(file.onlyInBaseline, ['read-mostly × reference']);
  t.same(file.onlyInOther, ['read-mostly × reference via varnish']);
  t.ok(
    file.runs[0]!.rows.every((row) => row.judgement === 'same'),
    'a run against itself is the same on every metric',
  );
  t.same(compareResults([{ source: 'a.json', results: baseline }]).files, [], 'one file: nothing to compare');
});
