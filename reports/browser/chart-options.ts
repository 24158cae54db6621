// Options every chart of the page shares: drawn at once (no animation), sized by its frame, the legend at the bottom,
// and, where a run has several datasets in one chart, one legend entry per run.

import type { Chart, ChartOptions } from 'chart.js';

type LegendSetting = NonNullable<NonNullable<ChartOptions['plugins']>['legend']>;

export const COMMON = { animation: false, maintainAspectRatio: false, responsive: true } as const;

export function legend(labels: LegendSetting['labels']): LegendSetting {
  return { position: 'bottom', labels: { usePointStyle: true, boxHeight: 7, padding: 14, ...labels } };
}

/** One legend entry per run where a chart draws several datasets for it (p50 and p99, hit rate and writes): the
 * dataset marked legendMain stands for its run, and a click hides or shows all of the run's datasets. The labels are
 * the legend's own (from `charts.defaults`), filtered. */
export function runLegend(charts: Pick<typeof Chart, 'defaults'>): LegendSetting {
  return {
    ...legend({
      generateLabels: (chart) =>
        charts.defaults.plugins.legend.labels
          .generateLabels(chart)
          .filter((item) => chart.data.datasets[item.datasetIndex!]?.legendMain)
          .map((item) => ({ ...item, text: chart.data.datasets[item.datasetIndex!]?.run ?? item.text })),
    }),
    onClick: (_event, item, legendBox) => {
      const chart = legendBox.chart;
      const run = chart.data.datasets[item.datasetIndex!]?.run;
      const show = !chart.isDatasetVisible(item.datasetIndex!);
      chart.data.datasets.forEach((dataset, i) => {
        if (dataset.run === run) chart.setDatasetVisibility(i, show);
      });
      chart.update();
    },
  };
}
