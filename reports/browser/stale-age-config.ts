// Stale responses by time since the write that made them stale: one stacked bar per run and bin, its stale 304s solid
// and its stale 200s hatched on top.

import type { ChartConfiguration } from 'chart.js';
import type { StaleAgeChart } from '../charts/chart-data.js';
import { axisTitle } from './axes.js';
import { COMMON, legend } from './chart-options.js';
import { colour, hatch } from './series-style.js';

export function staleAgeConfig(document: Pick<Document, 'createElement'>, stale: StaleAgeChart): ChartConfiguration<'bar', readonly number[], string> {
  return {
    type: 'bar',
    data: {
      labels: [...stale.bins],
      datasets: stale.datasets.map((dataset) => ({
        label: dataset.label,
        data: dataset.counts,
        backgroundColor: dataset.status === '304' ? colour(dataset.colourIndex) : hatch(document, colour(dataset.colourIndex)),
        borderColor: colour(dataset.colourIndex),
        borderWidth: 1,
        // A run's stale 200s stack on its stale 304s: one bar per run and bin.
        stack: dataset.run,
      })),
    },
    options: {
      ...COMMON,
      scales: {
        x: {
          stacked: true,
          title: axisTitle('time since the write that made the response stale'),
          // "100–200 ms" on two lines, the unit below, so every bin keeps its label.
          ticks: {
            maxRotation: 0,
            callback(value) {
              const label = this.getLabelForValue(Number(value));
              const space = label.lastIndexOf(' ');
              return space > 0 ? [label.slice(0, space), label.slice(space + 1)] : label;
            },
          },
        },
        y: { beginAtZero: true, stacked: true, title: axisTitle('stale responses'), ticks: { precision: 0 } },
      },
      plugins: { legend: legend({ usePointStyle: false, boxWidth: 18, boxHeight: 12 }) },
    },
  };
}
