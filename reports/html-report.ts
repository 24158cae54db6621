// report.html: one self-contained file (chart.js, data, CSS inline) built from results alone. A Content-Security-
// Policy forbids any network request, so nothing in it, ours or chart.js's, can reach out when opened.

import type { ResultsFile } from '../harness/results/types.js';
import { chartJsSource } from './chart-js-source.js';
import { renderConformanceMatrix } from './conformance-html.js';
import { renderEnvironment } from './environment-html.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { scenarioCharts, type ScenarioChart } from './latency-curves.js';
import { CHARTS_DATA_ID, REPORT_PAGE_SCRIPT } from './report-page-script.js';
import { REPORT_STYLE } from './report-style.js';
import { renderRunsTable } from './runs-table-html.js';

export const RESULTS_DATA_ID = 'etag-bench-results';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

function chartSection(chart: ScenarioChart, index: number): string {
  const parts = [`<h3>${escapeHtml(chart.scenario)}</h3>`];
  if (chart.lines.length === 0) {
    parts.push('<p class="hint">No latency histogram for 200 or 304 in this scenario.</p>');
  } else {
    parts.push(
      `<div class="chart"><canvas id="latency-chart-${index}" role="img" aria-label="${escapeHtml(
        `latency by percentile, ${chart.scenario}: ${chart.lines.map((l) => l.label).join(', ')}`,
      )}"></canvas></div>`,
    );
  }
  if (chart.undecodable.length > 0) {
    parts.push(`<p class="note">Histogram not decodable, not drawn: ${escapeHtml(chart.undecodable.join(', '))}</p>`);
  }
  return `<section class="scenario">\n${parts.join('\n')}\n</section>`;
}

export function renderHtmlReport(results: ResultsFile): string {
  const charts = scenarioCharts(results);
  const title = `etag-bench report, ${results.startedAt}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
${renderEnvironment(results)}
</header>
<main>
<h2>Runs</h2>
${renderRunsTable(results)}
<h2>Latency by percentile</h2>
<p class="hint">One line per implementation and status: solid 200, dashed 304. Both axes are logarithmic.</p>
${charts.map(chartSection).join('\n')}
${renderConformanceMatrix(results)}
</main>
<script type="application/json" id="${RESULTS_DATA_ID}">${jsonForScript(results)}</script>
<script type="application/json" id="${CHARTS_DATA_ID}">${jsonForScript(charts)}</script>
<script>
${chartJsSource()}
</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
