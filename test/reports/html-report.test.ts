import t from 'tap';
import { renderHtmlReport, RESULTS_DATA_ID } from '../../reports/html-report.js';
import { CHARTS_DATA_ID } from '../../reports/report-page-script.js';
import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import { smokeResults, withRuns } from '../fixtures/results-smoke.js';

/** The text of the <script type="application/json"> with this id, as the browser would read it. */
function embedded(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  if (match === null) throw new Error(`no embedded JSON with id ${id}`);
  return JSON.parse(match[1]!);
}

interface EmbeddedChart {
  scenario: string;
  lines: Array<{ label: string; status: string; points: Array<{ x: number; y: number }> }>;
}

t.test('renders every run of the smoke results', async (t) => {
  const results = smokeResults();
  const html = renderHtmlReport(results);
  t.match(html, /^<!DOCTYPE html>/);
  for (const run of results.runs) {
    t.match(html, `<td class="text">${run.impl}</td>`, `${run.impl} has a row`);
    t.match(html, `<td class="text">${run.scenario}</td>`);
  }
  t.match(html, '<dd>etag-bench 0.1.0</dd>', 'tool version in the header');
  t.match(html, '<dd>3.3.3 (The Apache Software Foundation)</dd>', 'CouchDB version and vendor');
  t.match(html, '<dd>41250 req/s</dd>', 'harness ceiling');
  t.match(html, '<td class="num stale">✗ 42</td>', 'a stale count carries a text marker, not only a colour');
  t.match(html, '<td class="num">80.0%</td>', 'hit rate as a percentage');
});

t.test('holds no network reference', async (t) => {
  const html = renderHtmlReport(smokeResults());
  t.notMatch(html, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i, 'no src= or href= to a remote or protocol-relative URL');
  t.notMatch(html, /\b(?:src|href)\s*=/i, 'no src= or href= at all');
  t.notMatch(html, /@import/i, 'no CSS @import');
  // `\b` so chart.js's canvas.toDataURL( is not taken for a CSS url(…).
  t.notMatch(html, /\burl\(/i, 'no CSS url(…)');
  t.notMatch(html, /sourceMappingURL/, 'no source map the browser would look for');
  t.notMatch(html, /\bfetch\(|XMLHttpRequest|new WebSocket/, 'no request from script');
  t.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
});

t.test('the embedded JSON is the results, and the chart points come from the histograms', async (t) => {
  const results = smokeResults();
  const html = renderHtmlReport(results);
  t.same(embedded(html, RESULTS_DATA_ID), results);

  const charts = embedded(html, CHARTS_DATA_ID) as EmbeddedChart[];
  t.equal(charts.length, 1, 'one chart per scenario');
  t.same(
    charts[0]!.lines.map((line) => line.label),
    ['reference 200', 'reference 304', 'seed 200', 'seed 304'],
  );
  const ref200 = charts[0]!.lines[0]!.points;
  const p50 = ref200.find((point) => point.x === 2);
  const p99 = ref200.find((point) => point.x === 100);
  t.equal(p50?.y, results.runs[0]!.latencyMs['200']!.p50, 'x = 2 is the median');
  t.equal(p99?.y, results.runs[0]!.latencyMs['200']!.p99, 'x = 100 is p99');
  t.ok(ref200.every((point, i) => i === 0 || point.y >= ref200[i - 1]!.y), 'latency never falls with the percentile');
});

t.test('a </script> in a string cannot break out', async (t) => {
  const evil = '</script><script>alert(1)</script><!--';
  const results = withRuns((runs) => runs.map((run) => ({ ...run, impl: `${run.impl}${evil}` })));
  const html = renderHtmlReport(results);
  t.notMatch(html, 'alert(1)</script>', 'the name never appears unescaped');
  t.match(html, '&lt;/script&gt;&lt;script&gt;alert(1)', 'the table shows it as text');
  t.same(embedded(html, RESULTS_DATA_ID), results, 'the embedded JSON still parses back to the results');
  const labels = (embedded(html, CHARTS_DATA_ID) as EmbeddedChart[])[0]!.lines.map((line) => line.label);
  t.equal(labels[0], `reference${evil} 200`);
  // One open and one close per element we wrote: results, charts, chart.js, page script.
  t.equal(html.match(/<script\b/g)?.length, 4);
  t.equal(html.match(/<\/script>/g)?.length, 4);
});

t.test('chart.js is inlined with its license banner', async (t) => {
  const html = renderHtmlReport(smokeResults());
  t.match(html, 'Chart.js v4', 'banner');
  t.match(html, 'Released under the MIT License');
  t.match(html, '.Chart=', 'the UMD build defines the Chart global');
  t.match(html, 'new Chart(canvas', 'the page draws with it');
  t.match(html, '<canvas id="latency-chart-0"');
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
  t.match(html, 'FAILED: exited with code 1 before listening');
  t.match(html, '<tr class="failed">');
  const charts = embedded(html, CHARTS_DATA_ID) as EmbeddedChart[];
  t.same(charts[0]!.lines.map((line) => line.label), ['no-cache 200'], 'no 304 line, no line for the failed run');
  const noCacheRow = html.split('\n').find((line) => line.includes('>no-cache<'));
  t.match(noCacheRow, /<td class="num">-<\/td><td class="num">-<\/td><td class="num">\d+<\/td><td class="num">0<\/td><td class="text note"><\/td><\/tr>$/, '304 latencies are -');
});

t.test('a scenario with no histogram, and a corrupt histogram, are said in words', async (t) => {
  const results: ResultsFile = withRuns((runs) => [
    { ...runs[0]!, scenario: 'empty', histograms: {} },
    { ...runs[1]!, histograms: { ...runs[1]!.histograms, 304: 'not an HDR histogram' } },
  ]);
  const html = renderHtmlReport(results);
  t.match(html, 'No latency histogram for 200 or 304 in this scenario.');
  t.match(html, 'Histogram not decodable, not drawn: seed 304');
  const charts = embedded(html, CHARTS_DATA_ID) as EmbeddedChart[];
  t.same(charts.map((chart) => chart.lines.map((line) => line.label)), [[], ['seed 200']]);
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
  // The runs table and the note under it, so a failure prints that rather than the whole page with chart.js.
  const runs = html.slice(html.indexOf('<table class="runs">'), html.indexOf('<h2>Latency by percentile</h2>'));
  for (const header of ['proxy', 'origin requests', 'origin 304', 'saved by proxy']) {
    t.match(runs, `<th scope="col">${header}</th>`, `a ${header} column`);
  }
  const rowOf = (text: string) => runs.split('\n').find((line) => line.startsWith('<tr') && line.includes(text)) ?? '';
  // Client requests, then origin requests, origin 304s and the saved share.
  const expect = (requests: string, notModified: string, saved: string) =>
    `<td class="num">5000</td><td class="num">${requests}</td><td class="num">${notModified}</td><td class="num">${saved}</td>`;
  t.match(rowOf('varnish:revalidate'), expect('1000', '900', '80.0%'), 'revalidate: the origin answered 900 with 304');
  t.match(rowOf('nginx:purge'), '<td class="text">nginx:purge&lt;b&gt;&amp;</td>', 'the proxy name is escaped');
  t.notMatch(html, 'nginx:purge<b>', 'and never appears raw');
  t.match(rowOf('nginx:purge'), expect('200', '0', '96.0%'), 'purge: 200 at the origin, none of them 304');
  t.match(rowOf('>direct<'), '<td class="text">none</td>', 'no proxy');
  t.match(rowOf('>direct<'), expect('-', '-', '-'), 'no proxy: no origin figures');
  t.match(runs, /<p class="hint">[^<]*saved = 1 − origin requests \/ requests/, 'the saved share is explained');
  t.notMatch(renderHtmlReport(smokeResults()), 'saved = 1', 'only when some run went through a proxy');
});
