// Latency-percentile curves computed in Node from the runs' HDR histograms, so the page needs only the points
// (hdr-histogram-js is not shipped into the report). x = 1/(1-p): 2 is p50, 10 is p90, 100 is p99, …

import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import type { ResultsFile, RunResult } from '../harness/results/types.js';

export interface CurvePoint {
  readonly x: number;
  readonly y: number;
}

export interface LatencyLine {
  readonly label: string;
  readonly impl: string;
  readonly status: string;
  /** Index of the implementation in the whole results, so one implementation keeps its colour across charts. */
  readonly implIndex: number;
  readonly points: readonly CurvePoint[];
}

export interface ScenarioChart {
  readonly scenario: string;
  readonly lines: readonly LatencyLine[];
  /** Histograms that could not be decoded, named, so the page says what is missing rather than hiding it. */
  readonly undecodable: readonly string[];
}

export const CHART_STATUSES = ['200', '304'] as const;

// 1/(1-p) rounded: 99.99999999999991 would be noise in the embedded JSON.
const xOf = (p: number) => Number((1 / (1 - p / 100)).toPrecision(6));

const PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999, 99.9995, 99.9999];

// The histograms hold microseconds; the floor keeps a 0 µs value plottable on a log axis.
const toMs = (us: number) => Math.max(us, 1) / 1000;

/** From the minimum (x = 1) up to the resolution the sample count supports; the maximum closes it at x = count. */
export function latencyCurve(encoded: string): CurvePoint[] {
  const histogram = decodeFromCompressedBase64(encoded);
  try {
    const count = histogram.totalCount;
    if (count === 0) return [];
    const points = PERCENTILES.map((p) => ({ x: xOf(p), y: toMs(histogram.getValueAtPercentile(p)) }))
      .filter((point) => point.x === 1 || point.x < count);
    // The top of the maximum's bucket, read like every other point (and like latencyMs.max).
    points.push({ x: Math.max(count, 2), y: toMs(histogram.getValueAtPercentile(100)) });
    return points;
  } finally {
    histogram.destroy();
  }
}

function lineLabel(run: RunResult, status: string): string {
  const via = run.proxy !== '' && run.proxy !== 'none' ? ` via ${run.proxy}` : '';
  return `${run.impl}${via} ${status}`;
}

export function scenarioCharts(results: ResultsFile): ScenarioChart[] {
  const impls = [...new Set(results.runs.map((run) => run.impl))];
  const scenarios = [...new Set(results.runs.map((run) => run.scenario))];
  return scenarios.map((scenario) => {
    const lines: LatencyLine[] = [];
    const undecodable: string[] = [];
    for (const run of results.runs) {
      if (run.scenario !== scenario || run.failure !== undefined) continue;
      for (const status of CHART_STATUSES) {
        const encoded = run.histograms[status];
        if (encoded === undefined) continue;
        const label = lineLabel(run, status);
        let points: CurvePoint[];
        try {
          points = latencyCurve(encoded);
        } catch {
          undecodable.push(label);
          continue;
        }
        if (points.length > 0) lines.push({ label, impl: run.impl, status, implIndex: impls.indexOf(run.impl), points });
      }
    }
    return { scenario, lines, undecodable };
  });
}
