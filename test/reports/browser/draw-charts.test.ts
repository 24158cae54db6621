// The page script runs in a browser (see report-browser.test.ts); here its drawing runs against a stand-in document
// and Chart, to check what it asks Chart.js to draw: which chart in which canvas, with which axes and datasets.

import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { drawCharts, type PageGlobals } from '../../../reports/browser/draw-charts.js';
import { CHARTS_DATA_ID, chartId, type ChartKind } from '../../../reports/charts/chart-data.js';
import { reportCharts } from '../../../reports/charts/report-charts.js';
import { smokeResults, withRuns } from '../../fixtures/results-smoke.js';
import { encodedMs, withSeries } from '../../helpers/histograms.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Chart.js configurations are loose objects */
type Config = any;

interface Drawn {
  readonly canvas: { id: string };
  readonly config: Config;
}

const LEGEND_DEFAULTS = {
  generateLabels: (chart: Config) => chart.data.datasets.map((dataset: Config, i: number) => ({ text: dataset.label, datasetIndex: i })),
};

function runPage(charts: unknown, canvases: readonly string[], failOn?: string): { drawn: Drawn[]; errors: string[] } {
  const drawn: Drawn[] = [];
  const errors: string[] = [];
  const document = {
    getElementById: (id: string) => (id === CHARTS_DATA_ID ? { textContent: JSON.stringify(charts) } : canvases.includes(id) ? { id } : null),
  };
  class Chart {
    static defaults = { plugins: { legend: { labels: LEGEND_DEFAULTS } } };
    constructor(canvas: { id: string }, config: Config) {
      if (canvas.id === failOn) throw new Error('no context');
      drawn.push({ canvas, config });
    }
  }
  const console = { error: (message: string) => errors.push(message) };
  drawCharts({ document, Chart, console } as unknown as PageGlobals);
  return { drawn, errors };
}

/** The same with a fault on their timelines. */
const withFaults = () => withSeries([{ atMs: 4000, kind: 'couch-pause', label: 'CouchDB paused' }]);

const allIds = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    ['latency-200', 'latency-304', 'latency-time', 'throughput-time', 'hit-rate-time', 'lag-cdf', 'stale-age'].map((kind) => chartId(i, kind as ChartKind)),
  ).flat();

const byId = (drawn: readonly Drawn[], kind: ChartKind) => drawn.find((d) => d.canvas.id === chartId(0, kind))?.config;

t.test('each canvas gets its chart', async (t) => {
  const { drawn, errors } = runPage(reportCharts(withFaults()), allIds(1));
  t.same(errors, []);
  t.same(
    drawn.map((d) => d.canvas.id),
    allIds(1),
    'the seven charts of the scenario, in order',
  );
  const percentile = byId(drawn, 'latency-200');
  t.same(
    percentile.data.datasets.map((d: Config) => d.label),
    ['reference', 'seed'],
  );
  t.equal(percentile.options.scales.x.type, 'logarithmic');
  t.equal(percentile.options.scales.y.type, 'logarithmic');
  t.same(
    byId(drawn, 'latency-time').data.datasets.map((d: Config) => [d.label, d.borderDash.length > 0]),
    [
      ['reference p50', false],
      ['reference p99', true],
      ['seed p50', false],
      ['seed p99', true],
    ],
    'p99 dashed',
  );
  t.same(
    byId(drawn, 'hit-rate-time').data.datasets.map((d: Config) => [d.label, d.type ?? 'line', d.yAxisID]),
    [
      ['reference hit rate', 'line', 'y'],
      ['seed hit rate', 'line', 'y'],
      ['reference writes/s', 'bar', 'writes'],
      ['seed writes/s', 'bar', 'writes'],
    ],
    'hit rate lines on the left axis, writes as bars on the right',
  );
  t.equal(byId(drawn, 'lag-cdf').data.datasets[0].stepped, 'before', 'the CDF steps up at each value');
  t.equal(byId(drawn, 'stale-age').type, 'bar');
});

t.test('the percentile axis is labelled 50% to 99.99% at 1/(1-p)', async (t) => {
  const { drawn } = runPage(reportCharts(withSeries()), allIds(1));
  const x = byId(drawn, 'latency-200').options.scales.x;
  const axis = { max: 20_000, ticks: [] as Array<{ value: number }> };
  x.afterBuildTicks(axis);
  t.same(
    axis.ticks.map((tick) => x.ticks.callback(tick.value)),
    ['50%', '90%', '99%', '99.9%', '99.99%'],
  );
});

t.test('log axes are ticked at 1, 2, 5 × 10^k, or at decades when they span more than three', async (t) => {
  const { drawn } = runPage(reportCharts(smokeResults()), allIds(1));
  const y = byId(drawn, 'latency-200').options.scales.y;
  const ticks = (min: number, max: number) => {
    const axis = { min, max, ticks: [] as Array<{ value: number }> };
    y.afterBuildTicks(axis);
    return axis.ticks.map((tick) => tick.value);
  };
  t.same(ticks(0.1, 10), [0.1, 0.2, 0.5, 1, 2, 5, 10]);
  t.same(ticks(0.3, 4), [0.5, 1, 2]);
  t.same(ticks(0.01, 1000), [0.01, 0.1, 1, 10, 100, 1000]);
  t.equal(y.ticks.callback(0.30000000000000004), '0.3', 'labels without float noise');
});

t.test('the timeline charts mark the faults above the plot', async (t) => {
  const { drawn } = runPage(reportCharts(withFaults()), allIds(1));
  const config = byId(drawn, 'throughput-time');
  t.same(config.options.plugins.eventMarkers, { events: [{ atS: 4, kind: 'couch-pause', label: 'CouchDB paused' }], rows: 1 });
  t.equal(config.options.layout.padding.top, 15, 'room for one row of labels');
  t.same(
    config.plugins.map((plugin: Config) => plugin.id),
    ['eventMarkers'],
  );

  // Three faults close together: each label a row lower than the one it would cover.
  const texts: Array<[string, number, number]> = [];
  const ctx = new Proxy(
    { measureText: (text: string) => ({ width: text.length * 6 }), fillText: (text: string, x: number, y: number) => texts.push([text, x, y]) },
    {
      get: (target, key) => (key in target ? target[key as keyof typeof target] : () => undefined),
      set: () => true,
    },
  );
  const chart = { ctx, chartArea: { left: 50, right: 650, top: 60, bottom: 300 }, scales: { x: { getPixelForValue: (s: number) => 50 + s * 20 } } };
  const events = [
    { atS: 10, label: 'CouchDB paused' },
    { atS: 11, label: 'CouchDB resumed' },
    { atS: 11.5, label: 'proxy reset' },
    { atS: 25, label: 'far away' },
  ];
  config.plugins[0].afterDatasetsDraw(chart, {}, { events, rows: 3 });
  t.same(
    texts.map(([text, , y]) => [text, y]),
    [
      ['CouchDB paused', 16],
      ['CouchDB resumed', 31],
      ['proxy reset', 46],
      ['far away', 16],
    ],
    'rows from the top of the room above the plot; a label clear of the others goes back to the first row',
  );
});

t.test('one legend entry per run where a run has several datasets; a click toggles them all', async (t) => {
  const { drawn } = runPage(reportCharts(withFaults()), allIds(1));
  const config = byId(drawn, 'hit-rate-time');
  const chart = { data: config.data, hidden: new Set<number>() };
  const labels = config.options.plugins.legend.labels.generateLabels(chart);
  t.same(
    labels.map((item: Config) => item.text),
    ['reference', 'seed'],
  );
  const visibility: boolean[] = config.data.datasets.map(() => true);
  const legendChart = {
    data: config.data,
    isDatasetVisible: (i: number) => visibility[i],
    setDatasetVisibility: (i: number, visible: boolean) => {
      visibility[i] = visible;
    },
    update: () => undefined,
  };
  config.options.plugins.legend.onClick({}, labels[1], { chart: legendChart });
  t.same(visibility, [true, false, true, false], "seed's hit rate and writes hidden together");
});

t.test('a chart that fails does not stop the others, and says so on the console', async (t) => {
  const { drawn, errors } = runPage(reportCharts(withSeries()), allIds(1), chartId(0, 'latency-time'));
  t.equal(drawn.length, 6);
  t.match(errors, [/^etag-bench report: chart chart-0-latency-time not drawn: Error: no context/]);
});

t.test('a chart without a canvas or without data draws nothing, and does not stop the others', async (t) => {
  const charts = reportCharts(withRuns((runs) => [{ ...runs[0]!, scenario: 'empty', histograms: {} }, ...runs]));
  const { drawn, errors } = runPage(charts, [chartId(0, 'latency-200'), chartId(1, 'latency-200'), chartId(1, 'lag-cdf')]);
  t.same(errors, []);
  t.same(
    drawn.map((d) => d.canvas.id),
    [chartId(1, 'latency-200'), chartId(1, 'lag-cdf')],
  );
});

t.test('stale 200s are hatched apart from stale 304s, even without a canvas to draw the hatching', async (t) => {
  const seed = withSeries().runs[1]!;
  const charts = reportCharts({
    ...smokeResults(),
    runs: [{ ...seed, stale: { 304: 2, 200: 1 }, staleAgeHistograms: { 304: encodedMs([30, 300]), 200: encodedMs([3000]) } } as RunResult],
  });
  const { drawn } = runPage(charts, allIds(1));
  const datasets = byId(drawn, 'stale-age').data.datasets;
  t.same(
    datasets.map((d: Config) => [d.label, d.stack]),
    [
      ['seed 304', 'seed'],
      ['seed 200', 'seed'],
    ],
    "a run's 304s and 200s in one stacked bar",
  );
  t.not(datasets[0].backgroundColor, datasets[1].backgroundColor);
});
