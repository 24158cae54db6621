// The invalidation-lag CDF of each scenario: for each run, the share of probed writes whose effect was seen
// within x ms. Probes that timed out were never seen, so a run with timeouts ends below 100%: the line says so
// instead of hiding them.

import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import type { CdfPoint, LagCdfChart, LagCdfLine } from './chart-data.js';
import { recordedValues, withHistogram } from './hdr-values.js';
import { chartedRuns, seriesColours, seriesLabel } from './run-series.js';

/** More points than a chart can tell apart are thinned to a step of at least this many percent. */
const MAX_POINTS = 200;
const MIN_STEP_PCT = 0.5;

const round = (n: number) => Number(n.toPrecision(6));

/** The CDF of an encoded lag histogram (µs), in percent of `timeouts` + the histogram's count. */
export function lagCdf(encoded: string, timeouts: number): CdfPoint[] {
  return withHistogram(encoded, (histogram) => {
    const values = recordedValues(histogram);
    const probed = histogram.totalCount + timeouts;
    if (values.length === 0) return [];
    const points: CdfPoint[] = [{ x: round(Math.max(values[0]!.highUs, 1) / 1000), y: 0 }];
    let seen = 0;
    for (const [i, value] of values.entries()) {
      seen += value.count;
      const point = { x: round(Math.max(value.highUs, 1) / 1000), y: round((100 * seen) / probed) };
      const last = i === values.length - 1;
      if (values.length <= MAX_POINTS || last || point.y - points.at(-1)!.y >= MIN_STEP_PCT) points.push(point);
    }
    return points;
  });
}

const formatPct = (n: number) => `${n.toFixed(1)}%`;

function runLine(run: RunResult, label: string, notes: string[]): CdfPoint[] | undefined {
  const lag = run.invalidationLagMs;
  const probed = lag.samples + lag.timeouts;
  if (probed === 0) {
    notes.push(`${label}: no write was probed.`);
    return undefined;
  }
  if (lag.samples === 0) {
    notes.push(`${label}: all ${lag.timeouts} probed writes timed out, none was seen.`);
    return undefined;
  }
  if (run.lagHistogram === undefined) {
    notes.push(`${label}: lag histogram not recorded in these results.`);
    return undefined;
  }
  let points: CdfPoint[];
  try {
    points = lagCdf(run.lagHistogram, lag.timeouts);
  } catch {
    notes.push(`${label}: lag histogram not decodable, not drawn.`);
    return undefined;
  }
  if (lag.timeouts > 0) {
    const top = points.at(-1)?.y ?? 0;
    notes.push(`${label}: ${lag.timeouts} of ${probed} probed writes timed out; the line ends at ${formatPct(top)}.`);
  }
  return points;
}

const decadeBelow = (n: number) => 10 ** Math.floor(Math.log10(n));
const decadeAbove = (n: number) => 10 ** Math.ceil(Math.log10(n));

export function lagCdfCharts(results: ResultsFile, scenarios: readonly string[]): LagCdfChart[] {
  const colours = seriesColours(results);
  return scenarios.map((scenario) => {
    const lines: LagCdfLine[] = [];
    const notes: string[] = [];
    for (const run of chartedRuns(results, scenario)) {
      const label = seriesLabel(run);
      const points = runLine(run, label, notes);
      if (points !== undefined && points.length > 0) lines.push({ label, colourIndex: colours.get(label) ?? 0, points });
    }
    const xs = lines.flatMap((line) => line.points.map((point) => point.x));
    const xMinMs = xs.length > 0 ? decadeBelow(Math.min(...xs)) : 1;
    return { lines, xMinMs, xMaxMs: Math.max(xs.length > 0 ? decadeAbove(Math.max(...xs)) : 10, xMinMs * 10), notes };
  });
}
