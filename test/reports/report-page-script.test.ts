// The page script runs in a browser; here it runs in a vm against a stand-in document and Chart, to check that it
// parses, draws one chart per scenario with lines, and labels the x axis in percentiles.

import { runInNewContext } from 'node:vm';
import t from 'tap';
import { CHARTS_DATA_ID, REPORT_PAGE_SCRIPT } from '../../reports/report-page-script.js';
import { scenarioCharts } from '../../reports/latency-curves.js';
import { smokeResults } from '../fixtures/results-smoke.js';

interface Config {
  data: { datasets: Array<{ label: string; borderDash: number[]; data: unknown[] }> };
  options: {
    scales: {
      x: { type: string; afterBuildTicks: (axis: { max: number; ticks: unknown }) => void; ticks: { callback: (v: number) => string } };
      y: { type: string };
    };
  };
}

function runPage(charts: unknown, canvases: string[]): Array<{ canvas: unknown; config: Config }> {
  const drawn: Array<{ canvas: unknown; config: Config }> = [];
  const document = {
    getElementById: (id: string) =>
      id === CHARTS_DATA_ID ? { textContent: JSON.stringify(charts) } : canvases.includes(id) ? { id } : null,
  };
  class Chart {
    constructor(canvas: unknown, config: Config) {
      drawn.push({ canvas, config });
    }
  }
  runInNewContext(REPORT_PAGE_SCRIPT, { document, Chart });
  return drawn;
}

t.test('one chart per scenario, a dataset per line, 304 dashed', async (t) => {
  const drawn = runPage(scenarioCharts(smokeResults()), ['latency-chart-0']);
  t.equal(drawn.length, 1);
  const { canvas, config } = drawn[0]!;
  t.same(canvas, { id: 'latency-chart-0' });
  t.same(
    config.data.datasets.map((d) => [d.label, d.borderDash.length > 0]),
    [['reference 200', false], ['reference 304', true], ['seed 200', false], ['seed 304', true]],
  );
  t.equal(config.options.scales.x.type, 'logarithmic');
  t.equal(config.options.scales.y.type, 'logarithmic');
});

t.test('the x axis is labelled in percentiles at 1/(1-p)', async (t) => {
  const { config } = runPage(scenarioCharts(smokeResults()), ['latency-chart-0'])[0]!;
  const axis = { max: 20_000, ticks: [] as unknown };
  config.options.scales.x.afterBuildTicks(axis);
  const values = (axis.ticks as Array<{ value: number }>).map((tick) => tick.value);
  t.same(values.map((v) => config.options.scales.x.ticks.callback(v)), ['50%', '90%', '99%', '99.9%', '99.99%']);
});

t.test('a scenario without lines draws nothing and does not stop the others', async (t) => {
  const charts = [{ scenario: 'empty', lines: [], undecodable: [] }, ...scenarioCharts(smokeResults())];
  const drawn = runPage(charts, ['latency-chart-1']);
  t.same(drawn.map((d) => d.canvas), [{ id: 'latency-chart-1' }]);
});
