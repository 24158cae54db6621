// The script the report page runs: it draws each scenario's charts with the inlined Chart global from the chart
// data embedded in the page (computed in Node: see report-charts.ts). Plain JavaScript in a string, because it runs
// in the browser. A chart that fails to draw says so on the console and does not stop the others.

import { CHARTS_DATA_ID } from '../charts/chart-data.js';
import { CHART_CONFIGS_SCRIPT } from './page-chart-configs.js';

const HELPERS = `
  // Okabe-Ito, distinguishable with the common colour-vision deficiencies (its yellow, unreadable on white, is
  // replaced by Tol's wine). Each line also has a marker shape, so lines stay apart in black and white.
  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#882255'];
  const SHAPES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross'];
  const colour = (i) => PALETTE[i % PALETTE.length];
  const shape = (i) => SHAPES[i % SHAPES.length];
  const withAlpha = (hex, alpha) => hex + Math.round(alpha * 255).toString(16).padStart(2, '0');

  // x = 1/(1-p): ticks only where the percentile is a round figure.
  const NAMED_X = [2, 10, 100, 1000, 10000, 100000, 1000000];
  const percentLabel = (x) => String(Number((100 * (1 - 1 / x)).toPrecision(6))) + '%';
  const number = (value) => String(Number(Number(value).toPrecision(3)));

  // A log axis ticked at 1, 2, 5 × 10^k, or at whole decades only when it spans more than three.
  const logTicks = (axis) => {
    if (!(axis.min > 0) || !(axis.max > axis.min)) return;
    const steps = Math.log10(axis.max / axis.min) > 3 ? [1] : [1, 2, 5];
    const ticks = [];
    for (let decade = 10 ** Math.floor(Math.log10(axis.min)); decade <= axis.max; decade *= 10) {
      for (const step of steps) {
        const value = Number((decade * step).toPrecision(6));
        if (value >= axis.min * 0.999 && value <= axis.max * 1.001) ticks.push({ value });
      }
    }
    if (ticks.length >= 2) axis.ticks = ticks;
  };

  const COMMON = { animation: false, maintainAspectRatio: false, responsive: true };
  const axisTitle = (text) => ({ display: true, text });
  const legend = (labels) => ({ position: 'bottom', labels: { usePointStyle: true, boxHeight: 7, padding: 14, ...labels } });

  // One legend entry per run where a chart draws several datasets for it (p50 and p99, hit rate and writes): the
  // dataset marked legendMain stands for its run, and a click hides or shows all of the run's datasets.
  const runLegend = () => ({
    ...legend({
      generateLabels: (chart) =>
        Chart.defaults.plugins.legend.labels.generateLabels(chart)
          .filter((item) => chart.data.datasets[item.datasetIndex].legendMain)
          .map((item) => ({ ...item, text: chart.data.datasets[item.datasetIndex].run })),
    }),
    onClick: (_event, item, legendBox) => {
      const chart = legendBox.chart;
      const run = chart.data.datasets[item.datasetIndex].run;
      const show = !chart.isDatasetVisible(item.datasetIndex);
      chart.data.datasets.forEach((dataset, i) => {
        if (dataset.run === run) chart.setDatasetVisibility(i, show);
      });
      chart.update();
    },
  });

  // A marker on about eight points of a line, offset by run so that two runs' markers do not sit on each other.
  const sparseMarkers = (colourIndex, count) => {
    const step = Math.max(1, Math.ceil(count / 8));
    return (ctx) => (ctx.dataIndex % step === (colourIndex * 3) % step ? 3 : 0);
  };

  // Stale 200s are hatched, so they read apart from stale 304s of the same colour, in colour or not.
  const hatch = (hex) => {
    if (typeof document.createElement !== 'function') return withAlpha(hex, 0.35);
    const tile = document.createElement('canvas');
    tile.width = 8;
    tile.height = 8;
    const ctx = tile.getContext('2d');
    ctx.fillStyle = withAlpha(hex, 0.15);
    ctx.fillRect(0, 0, 8, 8);
    ctx.strokeStyle = hex;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (const offset of [-8, 0, 8]) {
      ctx.moveTo(offset, 8);
      ctx.lineTo(offset + 8, 0);
    }
    ctx.stroke();
    return ctx.createPattern(tile, 'repeat');
  };

  // Fault events: a dashed vertical line each, labelled in the room left above the plot (options.rows rows of
  // EVENT_LABEL_HEIGHT px); a label that would overlap the one before it goes a row lower.
  const EVENT_LABEL_ROWS = 3;
  const EVENT_LABEL_HEIGHT = 15;
  const eventMarkers = {
    id: 'eventMarkers',
    afterDatasetsDraw(chart, _args, options) {
      const events = (options && options.events) || [];
      const rows = Math.max(1, (options && options.rows) || 1);
      const { ctx, chartArea } = chart;
      const ends = [];
      ctx.save();
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      for (const event of events) {
        const x = chart.scales.x.getPixelForValue(event.atS);
        if (!(x >= chartArea.left && x <= chartArea.right)) continue;
        const width = ctx.measureText(event.label).width + 6;
        const left = Math.max(chartArea.left, Math.min(x - 3, chartArea.right - width));
        let row = ends.findIndex((end) => end < left);
        if (row === -1) row = ends.length < rows ? ends.push(0) - 1 : ends.indexOf(Math.min(...ends));
        ends[row] = left + width;
        const top = chartArea.top - (rows - row) * EVENT_LABEL_HEIGHT;
        ctx.strokeStyle = '#222';
        ctx.lineWidth = 1;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, top + EVENT_LABEL_HEIGHT - 1);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#111';
        ctx.fillText(event.label, left + 3, top + 1);
      }
      ctx.restore();
    },
  };
`;

const MAIN = `
  const draw = (id, build) => {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    try {
      new Chart(canvas, build());
    } catch (error) {
      console.error('etag-bench report: chart ' + id + ' not drawn: ' + (error && error.stack ? error.stack : error));
    }
  };

  const scenarios = JSON.parse(document.getElementById('${CHARTS_DATA_ID}').textContent);
  scenarios.forEach((charts, index) => {
    const id = (kind) => 'chart-' + index + '-' + kind;
    for (const panel of charts.latency.panels) {
      if (panel.lines.length > 0) draw(id('latency-' + panel.status), () => CONFIGS.percentile(charts.latency, panel));
    }
    if (charts.timeline.series.length > 0) {
      draw(id('latency-time'), () => CONFIGS.latencyTime(charts.timeline));
      draw(id('throughput-time'), () => CONFIGS.throughputTime(charts.timeline));
      draw(id('hit-rate-time'), () => CONFIGS.hitRateTime(charts.timeline));
    }
    if (charts.lag.lines.length > 0) draw(id('lag-cdf'), () => CONFIGS.lagCdf(charts.lag));
    if (charts.staleAges.datasets.length > 0) draw(id('stale-age'), () => CONFIGS.staleAge(charts.staleAges));
  });
`;

export const REPORT_PAGE_SCRIPT = `
(() => {
  'use strict';
${HELPERS}
${CHART_CONFIGS_SCRIPT}
${MAIN}
})();
`;
