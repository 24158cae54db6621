// The HTML table of runs. Readable without colour: a stale count carries "✗", a failed or partial run says so
// in words; colour only repeats what the text already says.

import type { ResultsFile, RunResult } from '../harness/results/types.js';
import { escapeHtml } from './escape.js';
import { hasProxy } from './format.js';
import { runFigures } from './run-figures.js';

const HEADERS = [
  'scenario', 'impl', 'proxy', 'duration (s)', 'requests', 'origin requests', 'origin 304', 'saved by proxy',
  'hit rate', 'ideal hit rate', 'stale 304', 'stale 200',
  'lag p50 (ms)', 'lag p99 (ms)', 'lag timeouts', '200 p50 (ms)', '200 p99 (ms)', '304 p50 (ms)', '304 p99 (ms)',
  'throughput (req/s)', 'errors', 'note',
];

const cell = (text: string, className = 'num') => `<td class="${className}">${escapeHtml(text)}</td>`;

function row(run: RunResult): string {
  const f = runFigures(run);
  const rowClass = run.failure !== undefined ? 'failed' : run.partial ? 'partial' : 'ok';
  const stale = (n: number) => (run.failure === undefined && n > 0 ? 'num stale' : 'num');
  return [
    `<tr class="${rowClass}">`,
    cell(run.scenario, 'text'),
    cell(run.impl, 'text'),
    cell(hasProxy(run.proxy) ? run.proxy : 'none', 'text'),
    cell(f.durationS),
    cell(f.requests),
    cell(f.origin.requests),
    cell(f.origin.notModified),
    cell(f.origin.saved),
    cell(f.hitRate),
    cell(f.idealHitRate),
    cell(f.stale304, stale(run.stale['304'])),
    cell(f.stale200, stale(run.stale['200'])),
    cell(f.lagP50),
    cell(f.lagP99),
    cell(f.lagTimeouts),
    cell(f.p50200),
    cell(f.p99200),
    cell(f.p50304),
    cell(f.p99304),
    cell(f.throughputRps),
    cell(f.errors),
    cell(f.note, 'text note'),
    '</tr>',
  ].join('');
}

// Said once under the table, so the columns can stay short.
const ORIGIN_HINT =
  'Behind a proxy, origin requests are those that reached the implementation in the measured window, writes and ' +
  'probes included; saved = 1 − origin requests / requests, the share of client responses the proxy gave alone.';

export function renderRunsTable(results: ResultsFile): string {
  if (results.runs.length === 0) return '<p>No runs.</p>';
  const head = `<tr>${HEADERS.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = results.runs.map(row).join('\n');
  const table = `<table class="runs">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  const withProxy = results.runs.some((run) => hasProxy(run.proxy));
  return withProxy ? `${table}\n<p class="hint">${escapeHtml(ORIGIN_HINT)}</p>` : table;
}
