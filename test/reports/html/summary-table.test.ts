import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { renderSummaryTable } from '../../../reports/html/summary-table.js';
import { smokeResults, withRuns } from '../../fixtures/results-smoke.js';

const HEADER =
  'impl       scenario     requests  hit rate  ideal  stale 304  stale 200  lag p50 ms  lag p99 ms  200 p50 ms  200 p99 ms  304 p50 ms  304 p99 ms  errors';

t.test('one row per run, values formatted, columns aligned', async (t) => {
  const table = renderSummaryTable(smokeResults());
  t.equal(
    table,
    [
      HEADER,
      'reference  read-mostly      5000     80.0%  80.0%          0          0        11.2        34.6         2.1        6.83       0.592        1.57       0',
      'seed       read-mostly      4505     83.3%  78.0%       ✗ 42          0         241         990        1.91        8.05       0.546         1.5       5',
      '',
    ].join('\n'),
  );
  t.notMatch(table, /\u001b\[/, 'no colour codes');
});

t.test('missing values are -, partial and failed runs are marked', async (t) => {
  const results = withRuns((runs) => {
    const ref = runs[0]!;
    const partialNo304: RunResult = {
      ...ref,
      impl: 'cmd:node my-server.js',
      partial: true,
      conditionalRequests: 0,
      latencyMs: { 200: ref.latencyMs['200']! },
      invalidationLagMs: { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts: 4 },
    };
    const failed: RunResult = { ...ref, impl: 'cmd:broken\nserver', failure: 'exited with code 1' };
    return [partialNo304, failed];
  });
  const lines = renderSummaryTable(results).split('\n');
  t.equal(lines.length, 4, 'header, two rows, final newline');
  t.equal(
    lines[1],
    'cmd:node my-server.js  read-mostly      5000         -      -          0          0           -           -         2.1        6.83           -           -       0  partial',
    'no conditional request: no hit rate; no lag sample: no lag; no 304: no 304 latency',
  );
  t.equal(
    lines[2],
    'cmd:broken server      read-mostly         -         -      -          -          -           -           -           -           -           -           -       -  FAILED: exited with code 1',
    'a failed run has no figures, and a newline in its spec does not break the row',
  );
  // The numeric columns are right-aligned: each value ends where its header ends.
  for (const header of ['requests', 'hit rate', 'lag p99 ms', '304 p99 ms', 'errors']) {
    const end = lines[0]!.indexOf(header) + header.length;
    for (const line of lines.slice(1, 3)) {
      t.not(line[end - 1], ' ', `a ${header} value ends under its header`);
      t.equal(line[end] ?? ' ', ' ', `and no further`);
    }
  }
});

t.test('a proxy column appears when some run went through a proxy', async (t) => {
  const results = withRuns((runs) => [runs[0]!, { ...runs[0]!, proxy: 'varnish' }]);
  const lines = renderSummaryTable(results).split('\n');
  t.match(lines[0], /^impl\s+proxy\s+scenario\s+requests/);
  t.match(lines[1], /^reference\s+none\s+read-mostly\s+5000/);
  t.match(lines[2], /^reference\s+varnish\s+read-mostly\s+5000/);
});

t.test("the raw feed's delivery gets a column beside the lag once a run measured it", async (t) => {
  const feedDeliveryMs = { samples: 40, p50: 1.2, p90: 3, p99: 4.75, max: 9, timeouts: 0 };
  const results = withRuns((runs) => [{ ...runs[0]!, feedDeliveryMs }, runs[1]!]);
  const lines = renderSummaryTable(results).split('\n');
  t.match(lines[0], /lag p99 ms\s+feed p99 ms\s+200 p50 ms/);
  t.match(lines[1], /11\.2\s+34\.6\s+4\.75\s+2\.1/, 'its p99 after the lag');
  t.match(lines[2], /241\s+990\s+-\s+1\.91/, "a run that did not measure it: '-'");
});

t.test('the cross-instance lag gets a column with several instances: its p99, or n/a where they were not told apart', async (t) => {
  const crossInstanceLagMs = { samples: 30, p50: 4, p90: 9, p99: 12.5, max: 20, timeouts: 0 };
  const unavailable = 'behind varnish:purge the harness cannot know which instance took a write or answered a request';
  const results = withRuns((runs) => [
    { ...runs[0]!, instances: 3, crossInstanceLagMs },
    { ...runs[1]!, instances: 3, crossInstanceLagUnavailable: unavailable },
    { ...runs[0]!, impl: 'one-instance' },
  ]);
  const lines = renderSummaryTable(results).split('\n');
  t.match(lines[0], /lag p99 ms\s+cross p99 ms\s+200 p50 ms/);
  t.match(lines[1], /34\.6\s+12\.5\s+2\.1/, 'its p99 after the lag');
  t.match(lines[2], /990\s+n\/a\s+1\.91/, 'behind a proxy: n/a');
  t.match(lines[3], /34\.6\s+-\s+2\.1/, "one instance: '-'");
  t.notMatch(renderSummaryTable(smokeResults()), /cross/, 'no column when no run had several instances');
});

/** Two runs behind proxies and one without, as the task's acceptance case. */
function proxiedResults() {
  return withRuns((runs) => {
    const ref = runs[0]!;
    return [
      { ...ref, proxy: 'varnish:revalidate', origin: { requests: 1000, status: { 200: 100, 304: 900 } } },
      { ...ref, proxy: 'nginx:purge', origin: { requests: 200, status: { 200: 180, 201: 20 } } },
      ref,
    ];
  });
}

t.test('behind a proxy, the origin column says what reached the origin and what the proxy saved', async (t) => {
  const lines = renderSummaryTable(proxiedResults()).split('\n');
  t.match(lines[0], /^impl\s+proxy\s+scenario\s+requests\s+origin\s+hit rate/);
  t.match(lines[1], /^reference\s+varnish:revalidate\s+read-mostly\s+5000\s+1000 \(80\.0% saved\)\s+80\.0%/);
  t.match(lines[2], /^reference\s+nginx:purge\s+read-mostly\s+5000\s+200 \(96\.0% saved\)\s+80\.0%/);
  t.match(lines[3], /^reference\s+none\s+read-mostly\s+5000\s+-\s+80\.0%/, 'no proxy: no origin figure');
  const end = lines[0]!.indexOf('origin') + 'origin'.length;
  for (const line of lines.slice(1, 4)) {
    t.not(line[end - 1], ' ', 'an origin figure ends under its header');
    t.equal(line[end], ' ', 'and no further');
  }
  t.notMatch(renderSummaryTable(smokeResults()), /origin/, 'no origin column when no run went through a proxy');
});
