// The HTML table of runs, one body per scenario, columns grouped under two header rows. Readable without colour:
// a stale count carries "✗", thresholds say pass or FAIL and which, a failed or partial run says so in words;
// colour only repeats what the text already says.

import type { ResultsFile, RunResult, Threshold } from '../../harness/results/types.js';
import { hasProxy, scenarioNames } from '../charts/run-series.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatMs, MISSING } from './format.js';
import { hasCrossInstance, hasFeedDelivery, runFigures, type RunFigures } from './run-figures.js';
import { thresholdText } from './verdict.js';

type Cell = (run: RunResult, f: RunFigures) => string;

interface Column {
  readonly header: string;
  readonly cell: Cell;
}

interface Group {
  /** Said once above its columns; a group without a title is one column whose header spans both rows. */
  readonly title?: string;
  readonly columns: readonly Column[];
}

const td = (text: string, className = 'num') => `<td class="${className}">${escapeHtml(text)}</td>`;
const num = (header: string, value: (f: RunFigures, run: RunResult) => string): Column => ({
  header,
  cell: (run, f) => td(value(f, run)),
});
const staleClass = (n: number) => (n > 0 ? 'num stale' : 'num');
const p999 = (run: RunResult, status: string) => formatMs(run.latencyMs[status]?.p999);

function thresholdsCell(thresholds: readonly Threshold[]): string {
  if (thresholds.length === 0) return td(MISSING, 'text');
  const failed = thresholds.filter((threshold) => !threshold.ok);
  if (failed.length === 0) return `<td class="text threshold-pass">✓ pass ${thresholds.length}/${thresholds.length}</td>`;
  // Which ones, one click away (the lines above the table name them too): the column stays narrow.
  const items = failed.map(
    (threshold) => `<li>${escapeHtml(thresholdText(threshold))}, got ${escapeHtml(threshold.value === null ? 'no value' : formatCount(threshold.value))}</li>`,
  );
  const summary = `✗ FAIL ${failed.length}/${thresholds.length}`;
  return `<td class="text threshold-fail"><details><summary>${summary}</summary><ul>${items.join('')}</ul></details></td>`;
}

const isOpenLoop = (run: RunResult): boolean => run.load?.mode === 'open';
// Open loop: sends that found every connection busy went out late (their latency counts the wait) or never.
const missed = num('missed', (_, run) => (isOpenLoop(run) ? formatCount(run.load?.missedSends ?? 0) : MISSING));

// Behind a proxy the harness cannot tell the instances apart: `n/a`, the reason on hover.
const crossCell = (value: (f: RunFigures) => string): Column => ({
  header: '',
  cell: (run, f) =>
    run.crossInstanceLagUnavailable === undefined
      ? td(value(f))
      : `<td class="num" title="${escapeHtml(run.crossInstanceLagUnavailable)}">${escapeHtml(value(f))}</td>`,
});
const crossGroup: Group = {
  title: 'cross-instance lag (ms)',
  columns: [
    { ...crossCell((f) => f.crossP50), header: 'p50' },
    { ...crossCell((f) => f.crossP99), header: 'p99' },
    { ...crossCell((f) => f.crossTimeouts), header: 'timeouts' },
  ],
};

function groups(withProxy: boolean, withNote: boolean, withOpenLoop: boolean, withFeed: boolean, withCross: boolean): Group[] {
  return [
    { title: 'requests', columns: [num('total', (f) => f.requests), num('per s', (f) => f.throughputRps), ...(withOpenLoop ? [missed] : [])] },
    ...(withProxy
      ? [
          {
            title: 'origin, behind the proxy',
            columns: [num('requests', (f) => f.origin.requests), num('304', (f) => f.origin.notModified), num('saved', (f) => f.origin.saved)],
          },
        ]
      : []),
    { title: 'hit rate', columns: [num('actual', (f) => f.hitRate), num('ideal', (f) => f.idealHitRate)] },
    {
      title: 'stale responses',
      columns: [
        { header: '304', cell: (run, f) => td(f.stale304, staleClass(run.stale['304'])) },
        { header: '200', cell: (run, f) => td(f.stale200, staleClass(run.stale['200'])) },
      ],
    },
    { title: 'invalidation lag (ms)', columns: [num('p50', (f) => f.lagP50), num('p99', (f) => f.lagP99), num('timeouts', (f) => f.lagTimeouts)] },
    // CouchDB's part of the lag: its feed, under the same load, to a reader that does nothing else.
    ...(withFeed ? [{ title: 'raw feed delivery (ms)', columns: [num('p50', (f) => f.feedP50), num('p99', (f) => f.feedP99)] }] : []),
    // A write through one instance, reflected by another: what a user behind a load balancer meets.
    ...(withCross ? [crossGroup] : []),
    { title: '200 latency (ms)', columns: [num('p50', (f) => f.p50200), num('p99', (f) => f.p99200), num('p99.9', (_, run) => p999(run, '200'))] },
    { title: '304 latency (ms)', columns: [num('p50', (f) => f.p50304), num('p99', (f) => f.p99304), num('p99.9', (_, run) => p999(run, '304'))] },
    { columns: [num('errors', (f) => f.errors)] },
    { columns: [{ header: 'thresholds', cell: (run) => thresholdsCell(run.thresholds) }] },
    // Only a partial run has a note, with the window it measured (a failed one says why across its row).
    ...(withNote
      ? [{ columns: [{ header: 'note', cell: (run: RunResult, f: RunFigures) => td(run.partial ? `${f.note}, ${f.durationS} s` : f.note, 'text note') }] }]
      : []),
  ];
}

function head(leading: readonly string[], all: readonly Group[]): string {
  const top = [
    ...leading.map((h) => `<th scope="col" rowspan="2">${escapeHtml(h)}</th>`),
    ...all.map((group) =>
      group.title === undefined
        ? `<th scope="col" rowspan="2">${escapeHtml(group.columns[0]!.header)}</th>`
        : `<th scope="colgroup" colspan="${group.columns.length}">${escapeHtml(group.title)}</th>`,
    ),
  ];
  const sub = all.flatMap((group) => (group.title === undefined ? [] : group.columns.map((column) => `<th scope="col">${escapeHtml(column.header)}</th>`)));
  return `<tr>${top.join('')}</tr>\n<tr>${sub.join('')}</tr>`;
}

function row(run: RunResult, all: readonly Group[], withProxy: boolean, scenarioCell: string): string {
  const f = runFigures(run);
  const rowClass = run.failure !== undefined ? 'failed' : run.partial ? 'partial' : 'ok';
  const columns = all.flatMap((group) => group.columns);
  const lead = [scenarioCell, td(run.impl, 'text'), ...(withProxy ? [td(hasProxy(run.proxy) ? run.proxy : 'none', 'text')] : [])];
  // A failed run has no figure: its reason takes their place, in full, rather than a row of dashes.
  const figures =
    run.failure !== undefined
      ? [`<td class="text note" colspan="${columns.length}">✗ ${escapeHtml(f.note)}</td>`]
      : columns.map((column) => column.cell(run, f));
  return `<tr class="${rowClass}">${lead.join('')}${figures.join('')}</tr>`;
}

/** The measured window of the scenario's runs, said once in its cell: `30 s`, or `12.5–30 s` when they differ. */
function windowNote(runs: readonly RunResult[]): string {
  const durations = runs.filter((run) => run.failure === undefined).map((run) => run.durationS);
  if (durations.length === 0) return '';
  const [low, high] = [Math.min(...durations), Math.max(...durations)].map(formatCount);
  const window = low === high ? `${low} s window` : `${low}–${high} s windows`;
  return `<span class="window">${escapeHtml(`${window}, ${loadNote(runs)}`)}</span>`;
}

/** How the load was sent: `closed loop`, or `open loop, 500 req/s` (latency from the intended send times). */
function loadNote(runs: readonly RunResult[]): string {
  const open = runs.find(isOpenLoop);
  return open === undefined ? 'closed loop' : `open loop, ${formatCount(open.load?.targetRps ?? 0)} req/s`;
}

// Said once under the table, so the columns can stay short.
const ORIGIN_HINT =
  'Origin, behind a proxy: the requests that reached the implementation in the measured window, writes and probes ' +
  'included, and how many it answered 304; saved = 1 − origin requests / requests, the share of client responses ' +
  'the proxy gave alone.';

export function renderRunsTable(results: ResultsFile): string {
  if (results.runs.length === 0) return '<p>No runs.</p>';
  const withProxy = results.runs.some((run) => hasProxy(run.proxy));
  const all = groups(
    withProxy,
    results.runs.some((run) => run.partial && run.failure === undefined),
    results.runs.some(isOpenLoop),
    results.runs.some(hasFeedDelivery),
    results.runs.some(hasCrossInstance),
  );
  const bodies = scenarioNames(results).map((scenario) => {
    const runs = results.runs.filter((run) => run.scenario === scenario);
    const scenarioCell = `<th scope="rowgroup" rowspan="${runs.length}" class="scenario">${escapeHtml(scenario)}${windowNote(runs)}</th>`;
    const rows = runs.map((run, i) => row(run, all, withProxy, i === 0 ? scenarioCell : ''));
    return `<tbody>\n${rows.join('\n')}\n</tbody>`;
  });
  const leading = ['scenario', 'impl', ...(withProxy ? ['proxy'] : [])];
  const table = `<div class="table-frame"><table class="runs">\n<thead>\n${head(leading, all)}\n</thead>\n${bodies.join('\n')}\n</table></div>`;
  return withProxy ? `${table}\n<p class="hint">${escapeHtml(ORIGIN_HINT)}</p>` : table;
}
