// What the charts share: the optional time series a run may carry (older results files lack them), the name of a
// run's line (implementation, and proxy when there is one), and a colour index per line kept across all charts.

import type { ResultsFile, RunResult } from '../../harness/results/types.js';

/** A run went through a proxy (its proxy is neither empty nor `none`): its line, and its row, say which. */
export function hasProxy(proxy: string): boolean {
  return proxy !== '' && proxy !== 'none';
}

/** `reference`, or `reference via varnish:purge`. */
export function seriesLabel(run: RunResult): string {
  return hasProxy(run.proxy) ? `${run.impl} via ${run.proxy}` : run.impl;
}

/** One colour per line label, in order of first appearance, so a line keeps its colour in every chart. */
export function seriesColours(results: ResultsFile): ReadonlyMap<string, number> {
  const indexes = new Map<string, number>();
  for (const run of results.runs) {
    const label = seriesLabel(run);
    if (!indexes.has(label)) indexes.set(label, indexes.size);
  }
  return indexes;
}

/** Scenario names in order of first appearance. */
export function scenarioNames(results: ResultsFile): string[] {
  return [...new Set(results.runs.map((run) => run.scenario))];
}

/** The runs of a scenario that have figures to draw (a failed run has none; the runs table says why). */
export function chartedRuns(results: ResultsFile, scenario: string): RunResult[] {
  return (results.runs as readonly RunResult[]).filter((run) => run.scenario === scenario && run.failure === undefined);
}
