// Draws each scenario's charts from the chart data embedded in the page (computed in Node: reports/charts/), each in
// its canvas. A chart without a canvas or without data draws nothing; one that fails to draw says so on the console
// and does not stop the others.

import type { Chart, ChartConfiguration, ChartType } from 'chart.js';
import { CHARTS_DATA_ID, chartId, type ChartKind, type ScenarioCharts } from '../charts/chart-data.js';
import { lagCdfConfig } from './lag-cdf-config.js';
import { percentileConfig } from './percentile-config.js';
import { staleAgeConfig } from './stale-age-config.js';
import { hitRateTimeConfig, latencyTimeConfig, throughputTimeConfig } from './timeline-configs.js';

/** What the drawing needs of the page: the browser's own globals in the page, stand-ins in a test. */
export interface PageGlobals {
  readonly document: Pick<Document, 'getElementById' | 'createElement'>;
  readonly Chart: typeof Chart;
  readonly console: Pick<Console, 'error'>;
}

function chartData(document: PageGlobals['document']): ScenarioCharts[] {
  const element = document.getElementById(CHARTS_DATA_ID);
  if (element === null) throw new Error(`etag-bench report: no chart data (#${CHARTS_DATA_ID}) in the page`);
  return JSON.parse(element.textContent ?? '[]') as ScenarioCharts[];
}

export function drawCharts(page: PageGlobals): void {
  const { document, Chart, console } = page;
  const draw = <TType extends ChartType, TData, TLabel>(id: string, build: () => ChartConfiguration<TType, TData, TLabel>) => {
    const canvas = document.getElementById(id) as HTMLCanvasElement | null;
    if (!canvas) return;
    try {
      new Chart(canvas, build());
    } catch (error) {
      console.error(`etag-bench report: chart ${id} not drawn: ${error instanceof Error && error.stack ? error.stack : String(error)}`);
    }
  };

  chartData(document).forEach((charts, index) => {
    const id = (kind: ChartKind) => chartId(index, kind);
    for (const panel of charts.latency.panels) {
      if (panel.lines.length > 0) draw(id(`latency-${panel.status}`), () => percentileConfig(charts.latency, panel));
    }
    if (charts.timeline.series.length > 0) {
      draw(id('latency-time'), () => latencyTimeConfig(Chart, charts.timeline));
      draw(id('throughput-time'), () => throughputTimeConfig(charts.timeline));
      draw(id('hit-rate-time'), () => hitRateTimeConfig(Chart, charts.timeline));
    }
    if (charts.lag.lines.length > 0) draw(id('lag-cdf'), () => lagCdfConfig(charts.lag));
    if (charts.staleAges.datasets.length > 0) draw(id('stale-age'), () => staleAgeConfig(document, charts.staleAges));
  });
}
