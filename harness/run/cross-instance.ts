// The cross-instance lag: with several instances, a write through one reaches the others through their feeds, and
// a user behind a load balancer meets that window. After a probed write through a known instance, another instance
// (each of the others in turn) is asked until it reflects the write: the time from the write's acknowledgement to
// that response. Behind a proxy the harness cannot know which instance took a write or answered a request: the
// figure is left out, with the reason, and the judge holds every write due a grace later everywhere.

import { lagHistogram, summarizeLag } from '../metrics/lag-summary.js';
import type { RunResult } from '../results/types.js';
import { LagProbes, type ProbeOptions } from '../workload/lag-probes.js';
import type { CrossInstanceProbes } from '../workload/writers.js';
import type { RunCell } from './run-plan.js';

/** The probes, when the harness spreads the requests over several instances itself (`urls` are the instances). */
export function crossInstanceProbes(urls: readonly string[], options: ProbeOptions, clock: () => number, signal: AbortSignal): CrossInstanceProbes | undefined {
  if (urls.length < 2) return undefined;
  // Every watch names its instance: the default URL is never asked.
  const probes = new LagProbes(() => urls[0]!, options, clock, signal);
  const turns = urls.map(() => 0);
  return {
    probes,
    urlAfter: (instance) => urls[(instance + 1 + (turns[instance]!++ % (urls.length - 1))) % urls.length]!,
  };
}

export type CrossInstanceFigures = Pick<RunResult, 'crossInstanceLagMs' | 'crossInstanceLagHistogram' | 'crossInstanceLagUnavailable'>;

/** results.json's cross-instance lag: the figure, or why there is none (one instance: nothing to say). */
export function crossInstanceFigures(cell: RunCell, probes: LagProbes | undefined): CrossInstanceFigures {
  if (cell.scenario.instances < 2) return {};
  if (probes === undefined) {
    const where = cell.proxy === undefined ? 'the implementation answers on one URL' : `behind ${cell.proxy.spec.spec}`;
    return {
      crossInstanceLagUnavailable: `${where} the harness cannot know which instance took a write or answered a request; every write was judged due a grace after its acknowledgement on every instance`,
    };
  }
  return { crossInstanceLagMs: summarizeLag(probes.samples, probes.timeouts), crossInstanceLagHistogram: lagHistogram(probes.samples) };
}
