// HDR percentile plots computed in Node from the runs' latency histograms, so the page needs only the points
// (hdr-histogram-js is not shipped into the report). x = 1/(1-p) on a log axis: 2 is p50, 10 is p90, 100 is p99…
// One panel per status (200, 304), one line per implementation, both panels on the same axes.

import type { ResultsFile } from '../../harness/results/types.js';
import type { CurvePoint, LatencyLine, LatencyPanel, PercentileChart } from './chart-data.js';
import { withHistogram } from './hdr-values.js';
import { chartedRuns, seriesColours, seriesLabel } from './run-series.js';

export const CHART_STATUSES = ['200', '304'] as const;

/** The percentiles the axis names; the curve passes through each of them exactly. */
export const NAMED_PERCENTILES = [50, 90, 99, 99.9, 99.99, 99.999, 99.9999];

// 1/(1-p) rounded: 99.99999999999991 would be noise in the embedded JSON.
const xOf = (p: number) => Number((1 / (1 - p / 100)).toPrecision(6));
const pOf = (x: number) => Number((100 - 100 / x).toPrecision(10));

// Ten points a decade, evenly spaced on the log axis, and the named percentiles; a generated point within 2% of a
// named one is left out (10^0.3 = 1.995 beside 2).
const NAMED_X = NAMED_PERCENTILES.map(xOf);
const GRID_PERCENTILES = [
  0,
  ...Array.from({ length: 60 }, (_, k) => 10 ** ((k + 1) / 10))
    .filter((x) => NAMED_X.every((named) => Math.abs(x / named - 1) > 0.02))
    .map(pOf),
  ...NAMED_PERCENTILES,
].sort((a, b) => a - b);

// The histograms hold microseconds; the floor keeps a 0 µs value plottable on a log axis.
const toMs = (us: number) => Math.max(us, 1) / 1000;

/** From the minimum (x = 1) up to the resolution the sample count supports; the maximum closes it at x = count. */
export function latencyCurve(encoded: string): CurvePoint[] {
  return withHistogram(encoded, (histogram) => {
    const count = histogram.totalCount;
    if (count === 0) return [];
    const points = GRID_PERCENTILES.map((p) => ({ x: xOf(p), y: toMs(histogram.getValueAtPercentile(p)) })).filter((point) => point.x === 1 || point.x < count);
    // The top of the maximum's bucket, read like every other point (and like latencyMs.max).
    points.push({ x: Math.max(count, 2), y: toMs(histogram.getValueAtPercentile(100)) });
    return points;
  });
}

const decadeBelow = (n: number) => 10 ** Math.floor(Math.log10(n));
const decadeAbove = (n: number) => 10 ** Math.ceil(Math.log10(n));

function percentileChart(panels: LatencyPanel[], undecodable: string[]): PercentileChart {
  const points = panels.flatMap((panel) => panel.lines.flatMap((line) => line.points));
  const ys = points.map((point) => point.y);
  const yMinMs = ys.length > 0 ? decadeBelow(Math.min(...ys)) : 0.1;
  const top = ys.length > 0 ? Math.max(...ys) : 10;
  return {
    panels,
    xMax: Math.max(10_000, Math.ceil(1.2 * Math.max(1, ...points.map((point) => point.x)))),
    yMinMs,
    // At least one decade, so a flat line does not sit on the frame.
    yMaxMs: Math.max(decadeAbove(top), yMinMs * 10),
    undecodable,
  };
}

/** The percentile plot of each scenario, in order of first appearance. */
export function percentileCharts(results: ResultsFile, scenarios: readonly string[]): PercentileChart[] {
  const colours = seriesColours(results);
  return scenarios.map((scenario) => {
    const undecodable: string[] = [];
    const panels = CHART_STATUSES.map((status) => {
      const lines: LatencyLine[] = [];
      for (const run of chartedRuns(results, scenario)) {
        const encoded = run.histograms[status];
        if (encoded === undefined) continue;
        const label = seriesLabel(run);
        let points: CurvePoint[];
        try {
          points = latencyCurve(encoded);
        } catch {
          undecodable.push(`${label} ${status}`);
          continue;
        }
        if (points.length > 0) lines.push({ label, colourIndex: colours.get(label) ?? 0, points });
      }
      return { status, lines };
    });
    return percentileChart(panels, undecodable);
  });
}
