// report.html: one self-contained file (the page script with chart.js bundled in, data, CSS inline) built from
// results alone. A Content-Security-Policy forbids any network request, so nothing in it, ours or chart.js's, can
// reach out when opened.

import type { ResultsFile } from '../../harness/results/types.js';
import { CHARTS_DATA_ID } from '../charts/chart-data.js';
import { reportCharts } from '../charts/report-charts.js';
import { renderConformanceMatrix } from './conformance-matrix.js';
import { renderDatabaseCostTable } from './database-cost-table.js';
import { renderEnvironment } from './environment-header.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { readPageScript } from './page-script-bundle.js';
import { REPORT_STYLE } from './report-style.js';
import { renderRunsTable } from './runs-table.js';
import { renderScenarioSection } from './scenario-section.js';
import { renderStaleExamplesTable } from './stale-examples-table.js';
import { renderVerdict } from './verdict.js';

export const RESULTS_DATA_ID = 'etag-bench-results';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** `sections`: whole sections `etag-bench report` adds (a comparison, merge notes), shown after the overview. */
export function renderHtmlReport(results: ResultsFile, sections: readonly string[] = []): string {
  const script = readPageScript();
  const charts = reportCharts(results);
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
<h2>Overview</h2>
${renderVerdict(results)}
${[renderRunsTable(results), renderDatabaseCostTable(results), renderStaleExamplesTable(results), ...sections].filter((section) => section !== '').join('\n')}
<h2>Scenarios</h2>
${charts.length === 0 ? '<p>No runs, no chart.</p>' : charts.map(renderScenarioSection).join('\n')}
${renderConformanceMatrix(results)}
</main>
<script type="application/json" id="${RESULTS_DATA_ID}">${jsonForScript(results)}</script>
<script type="application/json" id="${CHARTS_DATA_ID}">${jsonForScript(charts)}</script>
<script>
${script}
</script>
</body>
</html>
`;
}
