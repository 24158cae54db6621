// A run that reached most of the harness's own ceiling (the rate its hook path reaches against a trivial server)
// may have measured the load generator, not the server: said beside the figures, never hidden.

import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import { seriesLabel } from '../charts/run-series.js';
import { formatCount } from './format.js';

/** Throughput at or above this share of the ceiling earns the warning. */
export const NEAR_CEILING_SHARE = 0.8;

/** The share of the ceiling a run reached, when it is near enough to say so. */
export function ceilingShare(run: RunResult, ceilingRps: number | null): number | undefined {
  if (ceilingRps === null || ceilingRps <= 0 || run.failure !== undefined) return undefined;
  const share = run.throughputRps / ceilingRps;
  return share >= NEAR_CEILING_SHARE ? share : undefined;
}

/** One sentence per run near the ceiling. */
export function ceilingWarnings(results: ResultsFile): string[] {
  const ceiling = results.environment.harnessCeilingRps;
  return results.runs.flatMap((run) => {
    const share = ceilingShare(run, ceiling);
    if (share === undefined) return [];
    return [
      `${seriesLabel(run)} in ${run.scenario} ran at ${formatCount(Math.round(run.throughputRps))} req/s, ${Math.round(share * 100)} % of the harness's own ceiling (${formatCount(ceiling!)} req/s): the load generator may have been the limit, not the server`,
    ];
  });
}
