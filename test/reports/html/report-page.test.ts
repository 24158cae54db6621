import t from 'tap';
import type { ResultsFile, RunResult } from '../../../harness/results/types.js';
import { CHARTS_DATA_ID, type ScenarioCharts } from '../../../reports/charts/chart-data.js';
import { readPageScript } from '../../../reports/html/page-script-bundle.js';
import { renderHtmlReport, RESULTS_DATA_ID } from '../../../reports/html/report-page.js';
import { renderRunsTable } from '../../../reports/html/runs-table.js';
import { smokeResults, withRuns } from '../../fixtures/results-smoke.js';
import { withSeries } from '../../helpers/histograms.js';

// Assertions read a slice of the page, never the whole of it: a failure then prints the part that matters rather
// than chart.js's 200 kB.

/** The text of the <script type="application/json"> with this id, as the browser would read it. */
function embedded(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  if (match === null) throw new Error(`no embedded JSON with id ${id}`);
  return JSON.parse(match[1]!);
}

const chartsOf = (html: string) => embedded(html, CHARTS_DATA_ID) as ScenarioCharts[];

/** From `start` (included) to `end` (excluded), or to the end of the page. */
function slice(html: string, start: string, end?: string): string {
  const from = html.indexOf(start);
  if (from < 0) return '';
  const to = end === undefined ? -1 : html.indexOf(end, from + start.length);
  return html.slice(from, to < 0 ? undefined : to);
}

const runsTable = (html: string) => slice(html, '<table class="runs">', '</table>');
const header = (html: string) => slice(html, '<header>', '</header>');
const scenarios = (html: string) => slice(html, '<h2>Scenarios</h2>', '<script');
const rowOf = (table: string, text: string) => table.split('\n').find((line) => line.startsWith('<tr') && line.includes(text)) ?? '';

/** A run as an older results file holds it: no timeline, events, lag or stale-age histogram. */
function olderRun(run: RunResult): RunResult {
  const copy: Record<string, unknown> = { ...run };
  for (const key of ['timeline', 'events', 'lagHistogram', 'staleAgeHistograms']) delete copy[key];
  return copy as unknown as RunResult;
}

t.test('renders every run of the smoke results', async (t) => {
  const results = smokeResults();
  const html = renderHtmlReport(results);
  t.match(html.slice(0, 20), /^<!DOCTYPE html>/);
  const table = runsTable(html);
  for (const run of results.runs) t.match(rowOf(table, `>${run.impl}<`), `<td class="text">${run.impl}</td>`, `${run.impl} has a row`);
  t.match(
    table,
    '<th scope="rowgroup" rowspan="2" class="scenario">read-mostly<span class="window">10 s window, closed loop</span></th>',
    'the scenario heads its runs',
  );
  t.match(header(html), '<dd>etag-bench 0.1.0</dd>', 'tool version in the header');
  t.match(header(html), '<dd>3.3.3 (The Apache Software Foundation)</dd>', 'CouchDB version and vendor');
  t.match(header(html), '<dt>proxies</dt><dd>none</dd>', 'proxies, said even when there is none');
  t.match(header(html), '<dd>41250 req/s</dd>', 'harness ceiling');
  t.match(table, '<td class="num stale">✗ 42</td>', 'a stale count carries a text marker, not only a colour');
  t.match(table, '<td class="num">80.0%</td>', 'hit rate as a percentage');
});

t.test('latency p50, p99 and p99.9 per status, and thresholds in words', async (t) => {
  const results = smokeResults();
  const table = runsTable(renderHtmlReport(results));
  const ref = results.runs[0]!;
  const latencies = ['200', '304'].flatMap((status) => {
    const p = ref.latencyMs[status]!;
    return [p.p50, p.p99, p.p999].map((ms) => `<td class="num">${Number(ms.toPrecision(3))}</td>`);
  });
  t.match(rowOf(table, '>reference<'), latencies.join(''), '200 then 304: p50, p99, p99.9');
  t.match(rowOf(table, '>reference<'), '<td class="text threshold-pass">✓ pass 2/2</td>');
  t.match(
    rowOf(table, '>seed<'),
    '<td class="text threshold-fail"><details><summary>✗ FAIL 1/2</summary><ul><li>stale304 == 0, got 42</li></ul></details></td>',
    'a failed threshold says FAIL, and which, with the value',
  );
  for (const group of ['requests', 'hit rate', 'stale responses', 'invalidation lag (ms)', '200 latency (ms)', '304 latency (ms)']) {
    t.match(table, new RegExp(`<th scope="colgroup" colspan="\\d">${group.replace(/[()]/g, '\\$&')}</th>`), `a ${group} group of columns`);
  }
  t.notMatch(table, '>proxy<', 'no proxy column when no run went through one');
  t.notMatch(table, '>note<', 'no note column when no run was partial');
  t.notMatch(table, 'raw feed delivery', 'no raw feed columns when no run measured it');
});

t.test("the raw feed's delivery: a group of columns beside the invalidation lag", async (t) => {
  const feedDeliveryMs = { samples: 40, p50: 1.25, p90: 3, p99: 4.75, max: 9, timeouts: 0 };
  const table = runsTable(renderHtmlReport(withRuns((runs) => [{ ...runs[0]!, feedDeliveryMs }, runs[1]!])));
  t.match(table, /invalidation lag \(ms\)<\/th>\n?<th scope="colgroup" colspan="2">raw feed delivery \(ms\)<\/th>/);
  t.match(rowOf(table, '>reference<'), '<td class="num">1.25</td><td class="num">4.75</td>');
  // Between the seed's lag (p99 990, its timeouts) and its 200 p50 (1.91): the two feed cells, '-'.
  t.match(
    rowOf(table, '>seed<'),
    /<td class="num">990<\/td><td class="num">\d+<\/td><td class="num">-<\/td><td class="num">-<\/td><td class="num">1\.91<\/td>/,
    "'-' where it was not measured",
  );
});

t.test('the verdict says, with ✓ and ✗, what went wrong', async (t) => {
  const html = renderHtmlReport(smokeResults());
  const verdict = slice(html, '<ul class="verdict">', '</ul>');
  t.match(verdict, '<li class="fail">✗ 1 run of 2 missed a threshold: seed in read-mostly (stale304 == 0)</li>');
  t.match(verdict, '<li class="fail">✗ 42 stale responses (42 stale 304, 0 stale 200) in 1 run</li>');
  const clean = renderHtmlReport(withRuns((runs) => [runs[0]!]));
  t.match(slice(clean, '<ul class="verdict">', '</ul>'), '<li class="pass">✓ every run met its thresholds (1 run)</li>');
  t.match(slice(clean, '<ul class="verdict">', '</ul>'), '<li class="pass">✓ no stale response in any run</li>');
});

t.test('holds no network reference', async (t) => {
  const html = renderHtmlReport(smokeResults());
  const found = (pattern: RegExp) => pattern.exec(html)?.[0] ?? null;
  t.equal(found(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i), null, 'no src= or href= to a remote or protocol-relative URL');
  t.equal(found(/\b(?:src|href)\s*=/i), null, 'no src= or href= at all');
  t.equal(found(/@import/i), null, 'no CSS @import');
  // `\b` so chart.js's canvas.toDataURL( is not taken for a CSS url(…).
  t.equal(found(/\burl\(/i), null, 'no CSS url(…)');
  t.equal(found(/sourceMappingURL/), null, 'no source map the browser would look for');
  t.equal(found(/\bfetch\(|XMLHttpRequest|new WebSocket/), null, 'no request from script');
  t.match(slice(html, '<head>', '</head>'), /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
});

t.test('the embedded JSON is the results, and the chart points come from the histograms', async (t) => {
  const results = smokeResults();
  const html = renderHtmlReport(results);
  t.same(embedded(html, RESULTS_DATA_ID), results);

  const charts = chartsOf(html);
  t.equal(charts.length, 1, 'one entry per scenario');
  const [ok, notModified] = charts[0]!.latency.panels;
  t.same([ok!.status, notModified!.status], ['200', '304'], 'a panel per status');
  t.same(
    ok!.lines.map((line) => line.label),
    ['reference', 'seed'],
    'a line per implementation',
  );
  const ref200 = ok!.lines[0]!.points;
  t.equal(ref200.find((point) => point.x === 2)?.y, results.runs[0]!.latencyMs['200']!.p50, 'x = 2 is the median');
  t.equal(ref200.find((point) => point.x === 100)?.y, results.runs[0]!.latencyMs['200']!.p99, 'x = 100 is p99');
  t.ok(
    ref200.every((point, i) => i === 0 || point.y >= ref200[i - 1]!.y),
    'latency never falls with the percentile',
  );
  t.ok(charts[0]!.latency.xMax >= 10_000, 'the x axis reaches p99.99');
});

t.test('a </script> in a string cannot break out', async (t) => {
  const evil = '</script><script>alert(1)</script><!--';
  const results = withRuns((runs) => runs.map((run) => ({ ...run, impl: `${run.impl}${evil}` })));
  const html = renderHtmlReport(results);
  t.equal(html.indexOf('alert(1)</script>'), -1, 'the name never appears unescaped');
  t.match(runsTable(html), '&lt;/script&gt;&lt;script&gt;alert(1)', 'the table shows it as text');
  t.same(embedded(html, RESULTS_DATA_ID), results, 'the embedded JSON still parses back to the results');
  t.equal(chartsOf(html)[0]!.latency.panels[0]!.lines[0]!.label, `reference${evil}`);
  // One open and one close per element we wrote: results, charts, the page script (chart.js bundled in).
  t.equal(html.match(/<script\b/g)?.length, 3);
  t.equal(html.match(/<\/script>/g)?.length, 3);
});

t.test('the page script is inlined, chart.js bundled in with its license banner, and a canvas per chart', async (t) => {
  const html = renderHtmlReport(withSeries());
  const script = slice(html, '<script>\n', '</script>');
  t.equal(script, `<script>\n${readPageScript()}\n`, 'the bundle `npm run build` wrote, whole, in the page');
  t.match(script, 'Chart.js v4', 'banner');
  t.match(script, 'Released under the MIT License');
  t.match(script, '.Chart=', 'the bundle defines the Chart global');
  t.match(script, `"${CHARTS_DATA_ID}"`, 'the page draws from the embedded chart data');
  const ids = [...scenarios(html).matchAll(/<canvas id="([^"]+)"/g)].map((match) => match[1]);
  t.same(ids, [
    'chart-0-latency-200',
    'chart-0-latency-304',
    'chart-0-latency-time',
    'chart-0-throughput-time',
    'chart-0-hit-rate-time',
    'chart-0-lag-cdf',
    'chart-0-stale-age',
  ]);
});

t.test('results without timelines or lag and stale-age histograms say "not recorded"', async (t) => {
  const html = renderHtmlReport(withRuns((runs) => runs.map(olderRun)));
  const section = scenarios(html);
  const ids = [...section.matchAll(/<canvas id="([^"]+)"/g)].map((match) => match[1]);
  t.same(ids, ['chart-0-latency-200', 'chart-0-latency-304'], 'only the charts the histograms can draw');
  t.match(section, '<p class="chart-empty">Not recorded: these results hold no timeline for this scenario.</p>');
  t.match(section, '<li>reference: lag histogram not recorded in these results.</li>');
  t.match(section, '<li>seed: ages of its 42 stale 304 not recorded in these results.</li>');
});

t.test('a run without 304s and a failed run render', async (t) => {
  const results = withRuns((runs) => {
    const ref = runs[0]!;
    const no304: RunResult = {
      ...ref,
      impl: 'no-cache',
      status: { 200: ref.requests },
      latencyMs: { 200: ref.latencyMs['200']! },
      histograms: { 200: ref.histograms['200']! },
      hitRate: 0,
    };
    const failed: RunResult = {
      ...ref,
      impl: 'cmd:node broken.js',
      failure: 'exited with code 1 before listening',
      requests: 0,
      status: {},
      latencyMs: {},
      histograms: {},
    };
    return [no304, failed];
  });
  const html = renderHtmlReport(results);
  const table = runsTable(html);
  t.match(rowOf(table, 'broken.js'), /<tr class="failed">.*<td class="text note" colspan="\d+">✗ FAILED: exited with code 1 before listening<\/td><\/tr>$/);
  const [ok, notModified] = chartsOf(html)[0]!.latency.panels;
  t.same(
    ok!.lines.map((line) => line.label),
    ['no-cache'],
    'no line for the failed run',
  );
  t.same(notModified!.lines, [], 'no 304 line');
  t.match(scenarios(html), '<p class="chart-empty">No 304 response in this scenario.</p>');
  t.match(
    rowOf(table, '>no-cache<'),
    /<td class="num">-<\/td><td class="num">-<\/td><td class="num">-<\/td><td class="num">0<\/td><td class="text threshold-pass">/,
    '304 latencies are -',
  );
});

t.test('a scenario with no histogram, and a corrupt histogram, are said in words', async (t) => {
  const results: ResultsFile = withRuns((runs) => [
    { ...runs[0]!, scenario: 'empty', histograms: {} },
    { ...runs[1]!, histograms: { ...runs[1]!.histograms, 304: 'not an HDR histogram' } },
  ]);
  const html = renderHtmlReport(results);
  const section = scenarios(html);
  t.match(section, 'No 200 response in this scenario.');
  t.match(section, 'Histogram not decodable, not drawn: seed 304.');
  const charts = chartsOf(html);
  t.same(
    charts.map((chart) => chart.latency.panels.map((panel) => panel.lines.map((line) => line.label))),
    [
      [[], []],
      [['seed'], []],
    ],
  );
});

t.test('runs behind a proxy show what reached the origin, in words as well as figures', async (t) => {
  const results = withRuns((runs) => {
    const ref = runs[0]!;
    return [
      { ...ref, proxy: 'varnish:revalidate', origin: { requests: 1000, status: { 200: 100, 304: 900 } } },
      // A proxy spec is free text in the results: it lands in the page as text, never as markup.
      { ...ref, proxy: 'nginx:purge<b>&', origin: { requests: 200, status: { 200: 180, 201: 20 } } },
      { ...ref, impl: 'direct' },
    ];
  });
  const html = renderHtmlReport(results);
  const runs = slice(html, '<table class="runs">', '<h2>Scenarios</h2>');
  t.match(runs, '<th scope="col" rowspan="2">proxy</th>', 'a proxy column');
  t.match(runs, '<th scope="colgroup" colspan="3">origin, behind the proxy</th>', 'an origin group');
  t.match(runs, '<th scope="col">requests</th><th scope="col">304</th><th scope="col">saved</th>', 'of three columns');
  // Client requests and throughput, then origin requests, origin 304s and the saved share.
  const expect = (requests: string, notModified: string, saved: string) =>
    `<td class="num">5000</td><td class="num">500</td><td class="num">${requests}</td><td class="num">${notModified}</td><td class="num">${saved}</td>`;
  t.match(rowOf(runs, 'varnish:revalidate'), expect('1000', '900', '80.0%'), 'revalidate: the origin answered 900 with 304');
  t.match(rowOf(runs, 'nginx:purge'), '<td class="text">nginx:purge&lt;b&gt;&amp;</td>', 'the proxy name is escaped');
  t.equal(html.indexOf('nginx:purge<b>'), -1, 'and never appears raw');
  t.match(rowOf(runs, 'nginx:purge'), expect('200', '0', '96.0%'), 'purge: 200 at the origin, none of them 304');
  t.match(rowOf(runs, '>direct<'), '<td class="text">none</td>', 'no proxy');
  t.match(rowOf(runs, '>direct<'), expect('-', '-', '-'), 'no proxy: no origin figures');
  t.match(runs, /<p class="hint">[^<]*saved = 1 − origin requests \/ requests/, 'the saved share is explained');
  t.equal(renderHtmlReport(smokeResults()).indexOf('saved = 1'), -1, 'only when some run went through a proxy');
  const labels = chartsOf(html)[0]!.latency.panels[0]!.lines.map((line) => line.label);
  t.same(labels, ['reference via varnish:revalidate', 'reference via nginx:purge<b>&', 'direct'], 'a line per implementation and proxy');
});

t.test('a partial run has a note with the window it measured', async (t) => {
  const html = renderHtmlReport(withRuns((runs) => [runs[0]!, { ...runs[1]!, partial: true, durationS: 4.5 }]));
  const table = runsTable(html);
  t.match(table, '<th scope="col" rowspan="2">note</th>');
  t.match(rowOf(table, '>seed<'), '<td class="text note">partial, 4.5 s</td></tr>');
  t.match(table, '<span class="window">4.5–10 s windows, closed loop</span>');
});

t.test('an open-loop scenario says so, with its rate, and each run its missed sends', async (t) => {
  const results = withRuns((runs) => runs.map((run, i) => ({ ...run, load: { mode: 'open' as const, targetRps: 500, missedSends: i * 7, maxInFlight: 8 } })));
  const table = renderRunsTable(results);
  t.match(table, '10 s window, open loop, 500 req/s</span>', 'the mode and the rate head the scenario');
  t.match(table, '<th scope="col">missed</th>', 'a missed-sends column');
  t.match(table, /<td class="num">0<\/td>[\s\S]*<td class="num">7<\/td>/, 'each run its own count');
  t.notMatch(renderRunsTable(smokeResults()), '<th scope="col">missed</th>', 'closed loop: no such column');
});
