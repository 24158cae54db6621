// The invalidation-lag CDF: per run, the share of probed writes seen within x ms, as steps, x on a log axis.

import type { ChartConfiguration, Point } from 'chart.js';
import type { LagCdfChart } from '../charts/chart-data.js';
import { axisTitle, logAxis } from './axes.js';
import { COMMON, legend } from './chart-options.js';
import { lineDataset } from './series-style.js';

export function lagCdfConfig(lag: LagCdfChart): ChartConfiguration<'line', readonly Point[]> {
  return {
    type: 'line',
    data: { datasets: lag.lines.map((line) => ({ ...lineDataset(line, line.label, line.points, []), stepped: 'before' as const })) },
    options: {
      ...COMMON,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: logAxis('lag (ms)', lag.xMinMs, lag.xMaxMs),
        y: { min: 0, max: 100, title: axisTitle('probed writes seen (%)'), ticks: { callback: (value) => `${value}%` } },
      },
      plugins: { legend: legend({}) },
    },
  };
}
