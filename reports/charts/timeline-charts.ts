// Figures over the measured window, per bucket of the runs' timelines: throughput, latency p50 / p99, hit rate,
// and writes, with the fault events. x is seconds from the window start, at the middle of each bucket. A bucket
// without a figure (no response, no conditional request) is null: the line breaks there rather than reading 0.

import type { ResultsFile, RunResult, Timeline } from '../../harness/results/types.js';
import type { TimelineChart, TimelineEvent, TimelineSeries } from './chart-data.js';
import { chartedRuns, seriesColours, seriesLabel } from './run-series.js';

const round = (n: number, digits = 4) => Number(n.toPrecision(digits));

/** Seconds each bucket covers: the last one may be cut short by the end of the window. */
function bucketSeconds(timeline: Timeline, durationS: number, i: number): number {
  const full = timeline.bucketMs / 1000;
  const left = durationS - i * full;
  return left > 0 && left < full ? left : full;
}

export function timelineSeries(run: RunResult, timeline: Timeline, colourIndex: number): TimelineSeries {
  const bucketS = timeline.bucketMs / 1000;
  const xs = timeline.responses.map((_, i) => round(i * bucketS + bucketSeconds(timeline, run.durationS, i) / 2));
  const at = (ys: ReadonlyArray<number | null | undefined>) => xs.map((x, i) => ({ x, y: ys[i] ?? null }));
  const perSecond = (counts: readonly number[]) => at(counts.map((n, i) => round(n / bucketSeconds(timeline, run.durationS, i))));
  const hitRate = timeline.conditional.map((n, i) => (n > 0 ? round((100 * (timeline.hits[i] ?? 0)) / n) : null));
  return {
    label: seriesLabel(run),
    colourIndex,
    throughputRps: perSecond(timeline.responses),
    latencyP50Ms: at(timeline.latencyP50Ms),
    latencyP99Ms: at(timeline.latencyP99Ms),
    hitRatePct: at(hitRate),
    writesPerS: perSecond(timeline.writes),
  };
}

function scenarioEvents(runs: readonly RunResult[]): TimelineEvent[] {
  const events = new Map<string, TimelineEvent>();
  for (const run of runs) {
    for (const event of run.events ?? []) {
      const atS = round(event.atMs / 1000);
      // A tenth of a second apart is the same fault of the scenario's plan, seen by two runs.
      const key = `${event.kind}\u0000${event.label}\u0000${Math.round(atS * 10)}`;
      if (!events.has(key)) events.set(key, { atS, kind: event.kind, label: event.label });
    }
  }
  return [...events.values()].sort((a, b) => a.atS - b.atS);
}

export function timelineCharts(results: ResultsFile, scenarios: readonly string[]): TimelineChart[] {
  const colours = seriesColours(results);
  return scenarios.map((scenario) => {
    const runs = chartedRuns(results, scenario);
    const series: TimelineSeries[] = [];
    const notRecorded: string[] = [];
    let endS = 0;
    for (const run of runs) {
      const label = seriesLabel(run);
      if (run.timeline === undefined || run.timeline.responses.length === 0 || !(run.timeline.bucketMs > 0)) {
        notRecorded.push(label);
        continue;
      }
      const added = timelineSeries(run, run.timeline, colours.get(label) ?? 0);
      series.push(added);
      // The window's end; a timeline without its duration ends with its last bucket.
      const lastX = added.throughputRps.at(-1)?.x ?? 0;
      endS = Math.max(endS, run.durationS > 0 ? Math.max(run.durationS, lastX) : (run.timeline.responses.length * run.timeline.bucketMs) / 1000);
    }
    const events = series.length > 0 ? scenarioEvents(runs) : [];
    const bucketsS = [...new Set(runs.flatMap((run) => (run.timeline !== undefined && run.timeline.bucketMs > 0 ? [run.timeline.bucketMs / 1000] : [])))];
    return { series, events, bucketsS, endS: round(Math.max(endS, ...events.map((e) => e.atS))), notRecorded };
  });
}
