// The script the report page runs: one Chart.js line chart per scenario from the embedded points.
// Plain JavaScript in a string, because it runs in the browser against the inlined Chart global.

export const CHARTS_DATA_ID = 'etag-bench-charts';

export const REPORT_PAGE_SCRIPT = `
(() => {
  'use strict';
  // Okabe-Ito: distinguishable with the common colour-vision deficiencies. 304 lines are also dashed.
  const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
  // x = 1/(1-p): ticks only where the percentile is a round figure.
  const tickValues = [2, 10, 100, 1000, 10000, 100000, 1000000];
  const percentLabel = (x) => String(Number((100 * (1 - 1 / x)).toPrecision(6))) + '%';
  const charts = JSON.parse(document.getElementById('${CHARTS_DATA_ID}').textContent);
  charts.forEach((chart, index) => {
    const canvas = document.getElementById('latency-chart-' + index);
    if (!canvas || chart.lines.length === 0) return;
    new Chart(canvas, {
      type: 'line',
      data: {
        datasets: chart.lines.map((line) => ({
          label: line.label,
          data: line.points,
          borderColor: palette[line.implIndex % palette.length],
          backgroundColor: palette[line.implIndex % palette.length],
          borderDash: line.status === '304' ? [6, 4] : [],
          borderWidth: 2,
          pointRadius: 2,
          tension: 0,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: {
            type: 'logarithmic',
            min: 1,
            title: { display: true, text: 'percentile' },
            afterBuildTicks: (axis) => {
              axis.ticks = tickValues.filter((v) => v <= axis.max).map((value) => ({ value }));
            },
            ticks: { autoSkip: false, callback: (value) => percentLabel(value) },
          },
          y: { type: 'logarithmic', title: { display: true, text: 'latency (ms)' } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? 'p' + percentLabel(items[0].parsed.x) : ''),
              label: (item) => item.dataset.label + ': ' + item.parsed.y + ' ms',
            },
          },
        },
      },
    });
  });
})();
`;
