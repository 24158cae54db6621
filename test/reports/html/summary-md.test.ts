import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { combineResults } from '../../../reports/combine/combine-results.js';
import { compareResults } from '../../../reports/combine/compare-runs.js';
import { mdCell, renderSummaryMd } from '../../../reports/html/summary-md.js';
import { smokeResults, withRuns } from '../../fixtures/results-smoke.js';

t.test('environment, verdict and one table per scenario', async (t) => {
  const md = renderSummaryMd(smokeResults());
  t.match(
    md,
    /^## etag-bench results\n\netag-bench 0\.1\.0 · started 2025-11-25T22:00:00\.000Z · embedded environment · CouchDB 3\.3\.3 · Node v20\.20\.2 · linux x64, 2 × Example CPU @ 2\.00GHz, 4 GiB · harness ceiling 41250 req\/s\n/,
  );
  t.match(md, /\n✗ 1 of 2 run\(s\) failed or missed a threshold\.\n/);
  t.match(
    md,
    /\n### read-mostly\n\n\| impl \| proxy \| requests \| hit rate \(ideal\) \| stale 304 \/ 200 \| lag p50 \/ p99 \(ms\) \| 200 p99 \(ms\) \| 304 p99 \(ms\) \| errors \| thresholds \|\n\| --- \| --- \| --: /,
  );
  t.match(md, /\n\| reference \| none \| 5000 \| 80\.0% \(80\.0%\) \| 0 \/ 0 \| 11\.2 \/ 34\.6 \| 6\.83 \| 1\.57 \| 0 \| ✓ 2 met \|\n/);
  t.match(
    md,
    /\n\| seed \| none \| 4505 \| 83\.3% \(78\.0%\) \| ✗ 42 \/ 0 \| 241 \/ 990 \| 8\.05 \| 1\.5 \| 5 \| ✗ stale304 == 0 \(42\) \|\n/,
    'the failing threshold named, with its value',
  );
  t.notMatch(md, /Comparison|Notes/, 'nothing about a comparison or a merge for one file');
  t.ok(md.endsWith('|\n'), 'ends with one newline');
});

t.test('every threshold met; a failed run and a partial one say so in words', async (t) => {
  const md = renderSummaryMd(
    withRuns(([ref]) => [
      ref!,
      { ...ref!, scenario: 'write-heavy', failure: 'seed did not start' },
      { ...ref!, scenario: 'write-heavy', impl: 'seed', partial: true },
    ]),
  );
  t.match(md, /\| reference \| none \| - \| - \| - \/ - \| - \/ - \| - \| - \| - \| ✗ run failed: seed did not start \|/);
  t.match(md, /\| seed \(partial\) \| none \| 5000 \|/);
  t.match(md, /### read-mostly[^#]*### write-heavy/, 'scenarios in the order of the runs');
  const ok = renderSummaryMd(withRuns(([ref]) => [ref!]));
  t.match(ok, /✓ 1 run\(s\), every threshold met\./);
});

t.test('several instances: the cross-instance lag beside the lag, and why it is n/a behind a proxy', async (t) => {
  const crossInstanceLagMs = { samples: 30, p50: 4, p90: 9, p99: 12.5, max: 20, timeouts: 0 };
  const unavailable = 'behind varnish:purge the harness cannot know which instance took a write or answered a request';
  const md = renderSummaryMd(
    withRuns((runs) => [
      { ...runs[0]!, crossInstanceLagMs },
      { ...runs[1]!, crossInstanceLagUnavailable: unavailable },
    ]),
  );
  t.match(md, /\| cross-instance lag p50 \/ p99 \(ms\) \|/);
  t.match(md, /\| 4 \/ 12\.5 \|/);
  t.match(md, /\| n\/a \/ n\/a \|/);
  t.match(md, `Cross-instance lag n/a: ${unavailable}.`);
});

t.test('table cells cannot break the table or inject HTML', async (t) => {
  t.equal(mdCell('cmd:a | b\nc <script>&'), 'cmd:a \\| b c &lt;script&gt;&amp;');
  const md = renderSummaryMd(withRuns(([ref]) => [{ ...ref!, impl: 'cmd:node x.js | tee <log>' } as RunResult]));
  t.match(md, /\| cmd:node x\.js \\\| tee &lt;log&gt; \| none \|/);
});

t.test('files side by side: which file each row is from, and the comparison tables', async (t) => {
  const before = smokeResults();
  const after = withRuns(([ref, seed]) => [
    { ...ref!, stale: { '304': 0, '200': 2 } },
    { ...seed!, stale: { '304': 0, '200': 0 } },
  ]);
  const files = [
    { source: 'before.json', results: before },
    { source: 'after.json', results: after },
  ];
  const combined = combineResults(files);
  const md = renderSummaryMd(combined.results, { sources: files, runSources: combined.runSources, comparison: compareResults(files) });
  t.match(md, /2 files side by side \(the first is the baseline\):\n\n- `before\.json`: etag-bench 0\.1\.0 · started /);
  t.match(md, /\| file \| impl \| proxy \|/);
  t.match(
    md,
    /\| before\.json \| reference \| none \| 5000 \|[^\n]*\n\| before\.json \| seed [^\n]*\n\| after\.json \| reference [^\n]*\n\| after\.json \| seed /,
  );
  t.match(md, /### Comparison: after\.json against before\.json \(baseline\)\n\n\*\*read-mostly × reference\*\*: 1 worse, 11 same\n/);
  t.match(
    md,
    /\| metric \| baseline \| other \| change \| judgement \|\n\| --- \| --: \| --: \| --: \| --- \|\n\| valid hit rate \| 80\.0% \| 80\.0% \| 0 \| = same \|/,
  );
  t.match(md, /\| stale 200 \| 0 \| 2 \| \+2 \| ✗ worse \|/, 'stale from 0 is worse');
  // Its 42 stale 304s gone, the seed's valid hit rate rises with the same hit rate.
  t.match(
    md,
    /\*\*read-mostly × seed\*\*: 2 better, 10 same[^*]*\| valid hit rate \| 82\.3% \| 83\.3% \| \+1\.0 pt \| ✓ better \|[^*]*\| stale 304 \| 42 \| 0 \| -42 \(-100\.0%\) \| ✓ better \|/,
  );
});

t.test('merged files: the machines and the notes', async (t) => {
  const files = [
    { source: 'm1.json', results: smokeResults() },
    { source: 'm2.json', results: smokeResults() },
  ];
  const md = renderSummaryMd(smokeResults(), { sources: files, merged: true, notes: ['x: lag left out'] });
  t.match(md, /Merged from 2 load machines:\n\n- `m1\.json`: etag-bench 0\.1\.0[^\n]*\n- `m2\.json`: /);
  t.match(md, /### Notes\n\n- x: lag left out\n$/);
  t.notMatch(md, /\| file \|/, 'one merged run per row: no file column');
});

t.test('an open-loop scenario: the rate said once, missed sends beside the requests', async (t) => {
  const results = withRuns((runs) => runs.map((run) => ({ ...run, load: { mode: 'open' as const, targetRps: 500, missedSends: 3, maxInFlight: 8 } })));
  const md = renderSummaryMd(results);
  t.match(md, /### read-mostly\n\nOpen loop at 500 req\/s \(latency from each intended send time\)\.\n\n\| impl/);
  t.match(md, /\| reference \| none \| 5000 \(3 missed\) \|/);
  t.notMatch(renderSummaryMd(smokeResults()), /Open loop|\d+ missed\)/, 'closed loop: nothing added');
});
