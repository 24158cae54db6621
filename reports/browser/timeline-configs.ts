// The charts over the measured window, sharing its time axis and the fault markers: latency p50 (solid) and p99
// (dashed), throughput, and hit rate with the writes as bars on a second axis.

import type { Chart, ChartConfiguration, Point } from 'chart.js';
import type { TimelineChart } from '../charts/chart-data.js';
import { axisTitle, logAxis, shortNumber, timeAxis } from './axes.js';
import { COMMON, legend, runLegend } from './chart-options.js';
import { eventMarkers, withEvents } from './event-markers.js';
import { colour, lineDataset, withAlpha } from './series-style.js';

type Charts = Pick<typeof Chart, 'defaults'>;

export function latencyTimeConfig(charts: Charts, timeline: TimelineChart): ChartConfiguration<'line', readonly Point[]> {
  return {
    type: 'line',
    data: {
      datasets: timeline.series.flatMap((series) => [
        { ...lineDataset(series, `${series.label} p50`, series.latencyP50Ms, []), legendMain: true },
        lineDataset(series, `${series.label} p99`, series.latencyP99Ms, [6, 4]),
      ]),
    },
    options: withEvents(
      {
        ...COMMON,
        scales: { x: timeAxis(timeline), y: logAxis('latency (ms)') },
        plugins: { legend: runLegend(charts) },
      },
      timeline,
    ),
    plugins: [eventMarkers],
  };
}

export function throughputTimeConfig(timeline: TimelineChart): ChartConfiguration<'line', readonly Point[]> {
  return {
    type: 'line',
    data: { datasets: timeline.series.map((series) => lineDataset(series, series.label, series.throughputRps, [])) },
    options: withEvents(
      {
        ...COMMON,
        scales: { x: timeAxis(timeline), y: { beginAtZero: true, title: axisTitle('responses / s') } },
        plugins: { legend: legend({}) },
      },
      timeline,
    ),
    plugins: [eventMarkers],
  };
}

export function hitRateTimeConfig(charts: Charts, timeline: TimelineChart): ChartConfiguration<'line' | 'bar', readonly Point[]> {
  const lines = timeline.series.map((series) => ({
    ...lineDataset(series, `${series.label} hit rate`, series.hitRatePct, []),
    legendMain: true,
    yAxisID: 'y',
    order: 0,
  }));
  const writes = timeline.series.map((series) => ({
    type: 'bar' as const,
    label: `${series.label} writes/s`,
    run: series.label,
    data: series.writesPerS,
    yAxisID: 'writes',
    order: 1,
    backgroundColor: withAlpha(colour(series.colourIndex), 0.35),
    borderWidth: 0,
    barPercentage: 0.9,
    categoryPercentage: 0.9,
  }));
  // The bars keep to the lower third, under the hit rates, which mostly sit high.
  const mostWrites = Math.max(1, ...timeline.series.flatMap((series) => series.writesPerS.map((point) => point.y || 0)));
  return {
    type: 'line',
    data: { datasets: [...lines, ...writes] },
    options: withEvents(
      {
        ...COMMON,
        scales: {
          x: timeAxis(timeline),
          y: { min: 0, max: 100, title: axisTitle('hit rate (%)'), ticks: { callback: (value) => `${value}%` } },
          writes: {
            position: 'right',
            min: 0,
            max: mostWrites * 3,
            grid: { drawOnChartArea: false },
            title: axisTitle('writes / s'),
            ticks: { callback: (value) => (Number(value) <= mostWrites ? shortNumber(value) : '') },
          },
        },
        plugins: { legend: runLegend(charts) },
      },
      timeline,
    ),
    plugins: [eventMarkers],
  };
}
