// "First stale responses": per run that served any, the first ones of its window as the oracle judged them — when,
// which page, what it showed and what was due — so that a reader can look for them in the implementation's or
// the proxy's logs instead of guessing from counts.

import { STALE_EXAMPLES, type ResultsFile, type RunResult, type StaleExample } from '../../harness/results/types.js';
import { hasProxy } from '../charts/run-series.js';
import { escapeHtml } from './escape.js';
import { formatMs } from './format.js';

const HINT =
  `The first stale responses of each run’s measured window (at most ${STALE_EXAMPLES}), in send order. “Shown” is the revision of ` +
  'the document the response showed (none: a group page left it out); “due” is the revision that was due when the ' +
  'request was sent; “stale for” counts from when it was due (a write straight to CouchDB: its acknowledgement plus the grace).';

const td = (text: string, className = 'num'): string => `<td class="${className}">${escapeHtml(text)}</td>`;

export function renderStaleExamplesTable(results: ResultsFile): string {
  const runs = results.runs.filter((run) => (run.staleExamples?.length ?? 0) > 0);
  if (runs.length === 0) return '';
  const head = ['scenario', 'impl', 'proxy', 't (s)', 'page', 'status', 'document', 'shown', 'due', 'stale for (ms)'];
  const rows = runs.flatMap((run) => (run.staleExamples ?? []).map((example) => row(run, example)));
  return `<h3>First stale responses</h3>
<table class="stale-examples">
<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="hint">${escapeHtml(HINT)}</p>`;
}

function row(run: RunResult, example: StaleExample): string {
  return `<tr>${[
    td(run.scenario, 'text'),
    td(run.impl, 'text'),
    td(hasProxy(run.proxy) ? run.proxy : 'none', 'text'),
    td((example.atMs / 1000).toFixed(3)),
    td(example.page, 'text'),
    td(String(example.status)),
    td(example.docId, 'text'),
    td(example.shownRev ?? 'none', 'text'),
    td(example.dueRev, 'text'),
    td(formatMs(example.staleForMs)),
  ].join('')}</tr>`;
}
