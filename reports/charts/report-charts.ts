// Every chart's data for the report, computed in Node at render time and embedded in the page as JSON (its shape is
// chart-data.ts): one entry per scenario, in order of first appearance. The page script only draws.

import type { ResultsFile } from '../../harness/results/types.js';
import type { ScenarioCharts } from './chart-data.js';
import { lagCdfCharts } from './lag-cdf-charts.js';
import { percentileCharts } from './latency-curves.js';
import { scenarioNames } from './run-series.js';
import { staleAgeCharts } from './stale-age-charts.js';
import { timelineCharts } from './timeline-charts.js';

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
