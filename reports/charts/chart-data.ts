// The chart data of report.html: computed in Node from the results (the other files of charts/), embedded in the page
// as JSON, drawn by the page script (reports/browser/). Both sides compile this file, so it imports nothing: no DOM,
// no Node, no results types.

/** The <script type="application/json"> element that holds the ScenarioCharts[] of the page. */
export const CHARTS_DATA_ID = 'etag-bench-charts';

/** The canvases, by kind; the page script finds each chart's canvas as `chart-<scenario index>-<kind>`. */
export const CHART_KINDS = ['latency-200', 'latency-304', 'latency-time', 'throughput-time', 'hit-rate-time', 'lag-cdf', 'stale-age'] as const;

export type ChartKind = (typeof CHART_KINDS)[number];

export const chartId = (scenarioIndex: number, kind: ChartKind) => `chart-${scenarioIndex}-${kind}`;

/** Every chart of one scenario, in order of first appearance of the scenario in the results. */
export interface ScenarioCharts {
  readonly scenario: string;
  readonly latency: PercentileChart;
  readonly timeline: TimelineChart;
  readonly lag: LagCdfChart;
  readonly staleAges: StaleAgeChart;
}

// Latency by percentile (latency-curves.ts).

export interface CurvePoint {
  /** 1/(1-p): 2 is p50, 100 is p99. */
  readonly x: number;
  /** ms. */
  readonly y: number;
}

export interface LatencyLine {
  readonly label: string;
  /** The line's colour across all charts (see seriesColours). */
  readonly colourIndex: number;
  readonly points: readonly CurvePoint[];
}

export interface LatencyPanel {
  readonly status: '200' | '304';
  readonly lines: readonly LatencyLine[];
}

export interface PercentileChart {
  readonly panels: readonly LatencyPanel[];
  /** Axis bounds shared by both panels: y in whole decades around every point; x a little past the last point, and
   * up to p99.99 at least, so the axis always names 50% to 99.99%. */
  readonly xMax: number;
  readonly yMinMs: number;
  readonly yMaxMs: number;
  /** Histograms that could not be decoded, named, so the page says what is missing rather than hiding it. */
  readonly undecodable: readonly string[];
}

// Figures over the measured window (timeline-charts.ts).

export interface SeriesPoint {
  /** Seconds from the window start, at the middle of the bucket. */
  readonly x: number;
  /** null: no figure in the bucket (no response, no conditional request); the line breaks there. */
  readonly y: number | null;
}

export interface TimelineSeries {
  readonly label: string;
  readonly colourIndex: number;
  readonly throughputRps: readonly SeriesPoint[];
  readonly latencyP50Ms: readonly SeriesPoint[];
  readonly latencyP99Ms: readonly SeriesPoint[];
  /** 304s over conditional requests, in percent. */
  readonly hitRatePct: readonly SeriesPoint[];
  readonly writesPerS: readonly SeriesPoint[];
}

export interface TimelineEvent {
  readonly atS: number;
  readonly kind: string;
  readonly label: string;
}

export interface TimelineChart {
  readonly series: readonly TimelineSeries[];
  /** Fault events of the scenario's runs, once each when several runs had the same one at the same time. */
  readonly events: readonly TimelineEvent[];
  /** Bucket widths of the series, in seconds, each once (1 s unless a run chose otherwise). */
  readonly bucketsS: readonly number[];
  /** The end of the longest window, in seconds: every timeline chart of the scenario shares the x axis. */
  readonly endS: number;
  /** Runs whose results hold no timeline (older files). */
  readonly notRecorded: readonly string[];
}

// Invalidation lag, cumulative (lag-cdf-charts.ts).

export interface CdfPoint {
  readonly x: number;
  readonly y: number;
}

export interface LagCdfLine {
  readonly label: string;
  readonly colourIndex: number;
  /** x in ms (the top of each histogram bucket), y in percent of probed writes; drawn as steps. */
  readonly points: readonly CdfPoint[];
}

export interface LagCdfChart {
  readonly lines: readonly LagCdfLine[];
  readonly xMinMs: number;
  readonly xMaxMs: number;
  /** What the chart cannot show, in words: runs without a lag histogram, without a probe, with timeouts. */
  readonly notes: readonly string[];
}

// Stale responses by time since the write (stale-age-charts.ts).

export interface StaleAgeDataset {
  /** `seed 304`. */
  readonly label: string;
  /** The run's line label (`seed`): its 304 and 200 datasets stack in one bar. */
  readonly run: string;
  readonly colourIndex: number;
  readonly status: '200' | '304';
  /** Stale responses per bin, one count per entry of the chart's `bins`. */
  readonly counts: readonly number[];
}

export interface StaleAgeChart {
  /** Bin labels, from the first bin holding a response to the last. */
  readonly bins: readonly string[];
  readonly datasets: readonly StaleAgeDataset[];
  /** Some run of the scenario served a stale response (false: the page says there was none, in words). */
  readonly anyStale: boolean;
  readonly notes: readonly string[];
}
