// Timelines of one run from several load machines, added bucket by bucket. Buckets are aligned by index from
// each machine's own measured-window start (the machines start together, within a bucket). Counts add exactly;
// per-bucket latency percentiles cannot be rebuilt from per-machine percentiles, so a merged timeline has none
// (null in every bucket) rather than an average that would look like a percentile.

import type { Timeline } from '../../harness/results/types.js';

export interface TimelinePart {
  readonly source: string;
  readonly timeline: Timeline | undefined;
}

const COUNT_SERIES = ['responses', 'conditional', 'hits', 'stale', 'errors', 'writes'] as const;

function addSeries(series: readonly (readonly number[])[], length: number): number[] {
  return Array.from({ length }, (_, i) => series.reduce((sum, values) => sum + (values[i] ?? 0), 0));
}

/** The merged timeline, or none with the reason when the machines' timelines cannot be added. */
export function mergeTimelines(parts: readonly TimelinePart[]): { timeline?: Timeline; note?: string } {
  const present = parts.filter((part) => part.timeline !== undefined);
  if (present.length === 0) return {};
  if (parts.length === 1) return { timeline: present[0]!.timeline! };
  const missing = parts.filter((part) => part.timeline === undefined).map((part) => part.source);
  if (missing.length > 0) return { note: `no timeline in ${missing.join(', ')}: timeline left out` };
  const timelines = present.map((part) => part.timeline!);
  const bucketMs = timelines[0]!.bucketMs;
  if (timelines.some((timeline) => timeline.bucketMs !== bucketMs)) {
    const sizes = present.map((part) => `${part.source} ${part.timeline!.bucketMs} ms`).join(', ');
    return { note: `timeline buckets differ (${sizes}): timeline left out` };
  }
  const length = Math.max(...timelines.flatMap((timeline) => COUNT_SERIES.map((name) => timeline[name].length)));
  const counts = Object.fromEntries(
    COUNT_SERIES.map((name) => [
      name,
      addSeries(
        timelines.map((timeline) => timeline[name]),
        length,
      ),
    ]),
  ) as Record<(typeof COUNT_SERIES)[number], number[]>;
  const noPercentiles = Array.from({ length }, () => null);
  return { timeline: { bucketMs, ...counts, latencyP50Ms: noPercentiles, latencyP99Ms: [...noPercentiles] } };
}
