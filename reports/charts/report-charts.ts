// Every chart's data for the report, computed in Node at render time and embedded in the page as JSON: one entry
// per scenario, in order of first appearance. The page script only draws.

import type { ResultsFile } from '../../harness/results/types.js';
import { lagCdfCharts, type LagCdfChart } from './lag-cdf-charts.js';
import { percentileCharts, type PercentileChart } from './latency-curves.js';
import { scenarioNames } from './run-series.js';
import { staleAgeCharts, type StaleAgeChart } from './stale-age-charts.js';
import { timelineCharts, type TimelineChart } from './timeline-charts.js';

export interface ScenarioCharts {
  readonly scenario: string;
  readonly latency: PercentileChart;
  readonly timeline: TimelineChart;
  readonly lag: LagCdfChart;
  readonly staleAges: StaleAgeChart;
}

/** The canvases, by kind; the page script finds each chart's canvas as `chart-<scenario index>-<kind>`. */
export const CHART_KINDS = [
  'latency-200',
  'latency-304',
  'latency-time',
  'throughput-time',
  'hit-rate-time',
  'lag-cdf',
  'stale-age',
] as const;

export type ChartKind = (typeof CHART_KINDS)[number];

export const chartId = (scenarioIndex: number, kind: ChartKind) => `chart-${scenarioIndex}-${kind}`;

export function reportCharts(results: ResultsFile): ScenarioCharts[] {
  const scenarios = scenarioNames(results);
  const latency = percentileCharts(results, scenarios);
  const timeline = timelineCharts(results, scenarios);
  const lag = lagCdfCharts(results, scenarios);
  const staleAges = staleAgeCharts(results, scenarios);
  return scenarios.map((scenario, i) => ({
    scenario,
    latency: latency[i]!,
    timeline: timeline[i]!,
    lag: lag[i]!,
    staleAges: staleAges[i]!,
  }));
}
