// The plain-text table printed at the end of `etag-bench run`: one row per run, aligned, no colour codes,
// so it reads the same in a terminal, a CI log or a pasted issue.

import type { ResultsFile } from '../../harness/results/types.js';
import { hasProxy } from '../charts/run-series.js';
import { hasCrossInstance, hasFeedDelivery, hasReadCosts, runFigures } from './run-figures.js';

interface Column {
  readonly header: string;
  readonly align: 'left' | 'right';
}

const text = (header: string): Column => ({ header, align: 'left' });
const number = (header: string): Column => ({ header, align: 'right' });

export function renderSummaryTable(results: ResultsFile): string {
  const withProxy = results.runs.some((run) => hasProxy(run.proxy));
  const withReads = results.runs.some(hasReadCosts);
  const withFeed = results.runs.some(hasFeedDelivery);
  const withCross = results.runs.some(hasCrossInstance);
  const columns: Column[] = [
    text('impl'),
    ...(withProxy ? [text('proxy')] : []),
    text('scenario'),
    number('requests'),
    ...(withProxy ? [number('origin')] : []),
    number('hit rate'),
    number('ideal'),
    number('stale 304'),
    number('stale 200'),
    number('lag p50 ms'),
    number('lag p99 ms'),
    ...(withFeed ? [number('feed p99 ms')] : []),
    ...(withCross ? [number('cross p99 ms')] : []),
    number('200 p50 ms'),
    number('200 p99 ms'),
    number('304 p50 ms'),
    number('304 p99 ms'),
    ...(withReads ? [number('reads/1k 200'), number('reads/1k 304')] : []),
    number('errors'),
    text(''),
  ];
  const rows = results.runs.map((run) => {
    const f = runFigures(run);
    return [
      run.impl,
      ...(withProxy ? [run.proxy] : []),
      run.scenario,
      f.requests,
      ...(withProxy ? [f.origin.summary] : []),
      f.hitRate,
      f.idealHitRate,
      f.stale304,
      f.stale200,
      f.lagP50,
      f.lagP99,
      ...(withFeed ? [f.feedP99] : []),
      ...(withCross ? [f.crossP99] : []),
      f.p50200,
      f.p99200,
      f.p50304,
      f.p99304,
      ...(withReads ? [f.reads200, f.reads304] : []),
      f.errors,
      f.note,
    ];
  });
  // Control characters in an impl spec or a failure message would break the alignment (or the terminal).
  const cells = [columns.map((c) => c.header), ...rows].map((row) => row.map(printable));
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? ''))));
  const lines = cells.map((row) =>
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

function printable(cell: string): string {
  return cell.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** Code points, not UTF-16 units, so `✗` counts as one column. */
function width(cell: string): number {
  return [...cell].length;
}

function pad(cell: string, to: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, to - width(cell)));
  return align === 'left' ? cell + fill : fill + cell;
}
