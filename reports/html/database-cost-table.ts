// "What CouchDB paid": per run, CouchDB's own document reads — over the window, per 1,000 responses, and per 1,000
// 200s and 304s from the read-cost bursts (README, results.json). Its own table, after the runs table: only runs on
// a CouchDB that gives its counters have it, and the runs table is full.

import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import { hasProxy } from '../charts/run-series.js';
import { escapeHtml } from './escape.js';
import { formatCount, MISSING } from './format.js';
import { hasReadCosts, runFigures } from './run-figures.js';

const HINT =
  'Read from CouchDB’s own database_reads counter (/_node/_local/_stats/couchdb). The 200s and 304s columns come from ' +
  'two bursts after the window, with the load stopped: GETs of document pages, then conditional GETs with the ETags ' +
  'just received. Behind a proxy, the stack’s cost.';

const td = (text: string, className = 'num'): string => `<td class="${className}">${escapeHtml(text)}</td>`;

export function renderDatabaseCostTable(results: ResultsFile): string {
  const runs = results.runs.filter((run) => run.couchdbCounters !== undefined);
  if (runs.length === 0) return '';
  const withProxy = runs.some((run) => hasProxy(run.proxy));
  const head = ['scenario', 'impl', ...(withProxy ? ['proxy'] : []), 'reads in the window', 'per 1,000 responses', 'per 1,000 200s', 'per 1,000 304s'];
  const rows = runs.map((run) => row(run, withProxy));
  return `<h3>What CouchDB paid</h3>
<table class="database-cost">
<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="hint">${escapeHtml(HINT)}</p>`;
}

function row(run: RunResult, withProxy: boolean): string {
  const window = run.couchdbCounters?.window;
  const f = runFigures(run);
  const missing = run.couchdbCounters?.missing;
  const lead = [td(run.scenario, 'text'), td(run.impl, 'text'), ...(withProxy ? [td(hasProxy(run.proxy) ? run.proxy : 'none', 'text')] : [])];
  const figures = [
    td(window === null || window === undefined ? MISSING : formatCount(window.databaseReads)),
    td(window === null || window === undefined ? MISSING : formatCount(window.readsPer1000Responses)),
    td(hasReadCosts(run) ? f.reads200 : MISSING),
    td(hasReadCosts(run) ? f.reads304 : MISSING),
  ];
  const title = missing === undefined ? '' : ` title="${escapeHtml(missing)}"`;
  return `<tr${title}>${[...lead, ...figures].join('')}</tr>`;
}
