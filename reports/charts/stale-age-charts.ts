// Stale responses against the time since the write that made them stale: a histogram of stale ages per run and
// status, on bins of 1-2-5 steps, so a stale response a few ms after a write (an invalidation race) reads apart
// from one seconds later (an invalidation that never came).

import type { ResultsFile } from '../../harness/results/types.js';
import type { StaleAgeChart, StaleAgeDataset } from './chart-data.js';
import { recordedValues, withHistogram } from './hdr-values.js';
import { chartedRuns, seriesColours, seriesLabel } from './run-series.js';

/** Lower edges of the bins, in ms; the last bin is open-ended. */
export const STALE_AGE_EDGES_MS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

const seconds = (ms: number) => String(ms / 1000);

export function binLabel(index: number): string {
  const lo = STALE_AGE_EDGES_MS[index]!;
  const hi = STALE_AGE_EDGES_MS[index + 1];
  if (hi === undefined) return lo >= 1000 ? `≥ ${seconds(lo)} s` : `≥ ${lo} ms`;
  return hi < 1000 ? `${lo}–${hi} ms` : `${seconds(lo)}–${seconds(hi)} s`;
}

/** Counts per bin of an encoded stale-age histogram (µs), each histogram bucket in the bin that holds its middle. */
export function staleAgeCounts(encoded: string): number[] {
  return withHistogram(encoded, (histogram) => {
    const counts = STALE_AGE_EDGES_MS.map(() => 0);
    for (const value of recordedValues(histogram)) {
      const ms = value.midUs / 1000;
      let bin = 0;
      while (bin + 1 < STALE_AGE_EDGES_MS.length && STALE_AGE_EDGES_MS[bin + 1]! <= ms) bin += 1;
      counts[bin]! += value.count;
    }
    return counts;
  });
}

const STATUSES = ['304', '200'] as const;

export function staleAgeCharts(results: ResultsFile, scenarios: readonly string[]): StaleAgeChart[] {
  const colours = seriesColours(results);
  return scenarios.map((scenario) => {
    const full: StaleAgeDataset[] = [];
    const notes: string[] = [];
    let anyStale = false;
    for (const run of chartedRuns(results, scenario)) {
      const label = seriesLabel(run);
      for (const status of STATUSES) {
        const stale = run.stale[status];
        if (stale === 0) continue;
        anyStale = true;
        const encoded = run.staleAgeHistograms?.[status];
        if (encoded === undefined) {
          notes.push(`${label}: ages of its ${stale} stale ${status} not recorded in these results.`);
          continue;
        }
        try {
          full.push({ label: `${label} ${status}`, run: label, colourIndex: colours.get(label) ?? 0, status, counts: staleAgeCounts(encoded) });
        } catch {
          notes.push(`${label}: stale ${status} age histogram not decodable, not drawn.`);
        }
      }
    }
    const used = STALE_AGE_EDGES_MS.map((_, bin) => full.some((dataset) => dataset.counts[bin]! > 0));
    const first = used.indexOf(true);
    const last = used.lastIndexOf(true);
    if (first === -1) return { bins: [], datasets: [], anyStale, notes };
    const bins = STALE_AGE_EDGES_MS.slice(first, last + 1).map((_, i) => binLabel(first + i));
    const datasets = full.map((dataset) => ({ ...dataset, counts: dataset.counts.slice(first, last + 1) }));
    return { bins, datasets, anyStale, notes };
  });
}
