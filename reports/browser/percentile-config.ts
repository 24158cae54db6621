// Latency by percentile, one chart per status: x = 1/(1-p) on a log axis named at p50, p90, p99…, y in ms on a log
// axis; a marker at each named percentile and at the maximum (the last point of a line).

import type { ChartConfiguration, Point, ScriptableContext, TooltipItem } from 'chart.js';
import type { LatencyPanel, PercentileChart } from '../charts/chart-data.js';
import { axisTitle, logAxis, NAMED_X, percentLabel, shortNumber } from './axes.js';
import { COMMON, legend } from './chart-options.js';
import { lineDataset } from './series-style.js';

type Context = Pick<ScriptableContext<'line'>, 'dataIndex' | 'dataset' | 'raw'>;

const last = (ctx: Context) => ctx.dataIndex === ctx.dataset.data.length - 1;
const marked = (ctx: Context) => last(ctx) || (ctx.raw !== undefined && NAMED_X.includes((ctx.raw as Point).x!));

export function percentileConfig(chart: PercentileChart, panel: LatencyPanel): ChartConfiguration<'line', readonly Point[]> {
  return {
    type: 'line',
    data: {
      datasets: panel.lines.map((line) => ({
        ...lineDataset(line, line.label, line.points, []),
        pointRadius: (ctx: ScriptableContext<'line'>) => (marked(ctx) ? 3.5 : 0),
        pointHoverRadius: 5,
      })),
    },
    options: {
      ...COMMON,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: {
          type: 'logarithmic',
          min: 1,
          max: chart.xMax,
          title: axisTitle('percentile'),
          afterBuildTicks: (axis) => {
            axis.ticks = NAMED_X.filter((value) => value <= axis.max).map((value) => ({ value }));
          },
          ticks: { autoSkip: false, maxRotation: 0, callback: (value) => percentLabel(value) },
        },
        y: logAxis('latency (ms)', chart.yMinMs, chart.yMaxMs),
      },
      plugins: {
        legend: legend({}),
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) =>
              items.length === 0 ? '' : last(items[0]!) ? 'max' : `p${percentLabel(items[0]!.parsed.x ?? 0).slice(0, -1)}`,
            label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${shortNumber(item.parsed.y ?? 0)} ms`,
          },
        },
      },
    },
  };
}
