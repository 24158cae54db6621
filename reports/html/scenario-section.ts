// One scenario's charts: a figure per chart with a title and a line saying how to read it. A chart with nothing to
// draw says why in words (no such response, not recorded in these results) instead of showing an empty frame.

import { chartId, type ChartKind, type ScenarioCharts } from '../charts/chart-data.js';
import { escapeHtml } from './escape.js';

interface Figure {
  readonly kind: ChartKind;
  readonly title: string;
  readonly hint: string;
  /** Why there is no chart, or undefined when there is one to draw. */
  readonly empty: string | undefined;
  readonly notes?: readonly string[];
  readonly wide?: boolean;
  /** Taller, for fault labels above the plot. */
  readonly tall?: boolean;
}

const NO_TIMELINE = 'Not recorded: these results hold no timeline for this scenario.';

function figureHtml(index: number, figure: Figure): string {
  const body =
    figure.empty === undefined
      ? `<div class="chart${figure.tall ? ' tall' : ''}"><canvas id="${chartId(index, figure.kind)}" role="img" aria-label="${escapeHtml(figure.title)}"></canvas></div>`
      : `<p class="chart-empty">${escapeHtml(figure.empty)}</p>`;
  const notes = (figure.notes ?? []).map((note) => `<li>${escapeHtml(note)}</li>`).join('');
  return [
    `<figure class="chart-card${figure.wide ? ' wide' : ''}">`,
    `<figcaption><strong>${escapeHtml(figure.title)}</strong> <span class="hint">${escapeHtml(figure.hint)}</span></figcaption>`,
    body,
    notes === '' ? '' : `<ul class="chart-notes">${notes}</ul>`,
    '</figure>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function figures(charts: ScenarioCharts): Figure[] {
  const { latency, timeline, lag, staleAges } = charts;
  const undecodable = latency.undecodable.length > 0 ? [`Histogram not decodable, not drawn: ${latency.undecodable.join(', ')}.`] : [];
  const noTimelineFor = timeline.notRecorded.length > 0 && timeline.series.length > 0 ? [`No timeline recorded for ${timeline.notRecorded.join(', ')}.`] : [];
  const timelineEmpty = timeline.series.length === 0 ? NO_TIMELINE : undefined;
  const tall = timeline.events.length > 0;
  const bucket = timeline.bucketsS.length === 1 ? `per ${timeline.bucketsS[0]} s bucket` : 'per timeline bucket';
  const percentileHint = 'x: percentile, on a 1/(1−p) log scale; y: ms, log scale. Markers at p50, p90, p99… and at the maximum.';
  const [ok, notModified] = latency.panels;
  return [
    {
      kind: 'latency-200',
      title: 'Latency by percentile, 200 responses',
      hint: percentileHint,
      empty: ok!.lines.length === 0 ? 'No 200 response in this scenario.' : undefined,
      notes: undecodable,
    },
    {
      kind: 'latency-304',
      title: 'Latency by percentile, 304 responses',
      hint: percentileHint,
      empty: notModified!.lines.length === 0 ? 'No 304 response in this scenario.' : undefined,
    },
    {
      kind: 'latency-time',
      title: 'Latency over time',
      hint: `p50 solid, p99 dashed, ${bucket}; ms, log scale.`,
      empty: timelineEmpty,
      notes: noTimelineFor,
      tall,
    },
    { kind: 'throughput-time', title: 'Throughput over time', hint: `Responses per second, ${bucket}.`, empty: timelineEmpty, tall },
    {
      kind: 'hit-rate-time',
      title: `Hit rate over time, with writes${timeline.events.length > 0 ? ' and faults' : ''}`,
      hint:
        `Lines: 304s / conditional requests, ${bucket} (left axis). Bars: writes per second, in the colour of their run (right axis).` +
        (timeline.events.length > 0 ? ' Dashed vertical lines: fault events.' : ''),
      empty: timelineEmpty,
      wide: true,
      tall,
    },
    {
      kind: 'lag-cdf',
      title: 'Invalidation lag, cumulative',
      hint: 'Share of probed writes whose change was seen within x ms (log scale).',
      empty: lag.lines.length === 0 ? 'No lag to draw.' : undefined,
      notes: lag.notes,
    },
    {
      kind: 'stale-age',
      title: 'Stale responses by time since the write',
      hint: 'Solid: stale 304. Hatched: stale 200.',
      empty: !staleAges.anyStale ? '✓ No stale response in this scenario.' : staleAges.datasets.length === 0 ? 'Nothing to draw.' : undefined,
      notes: staleAges.notes,
    },
  ];
}

export function renderScenarioSection(charts: ScenarioCharts, index: number): string {
  return [
    '<section class="scenario">',
    `<h3>${escapeHtml(charts.scenario)}</h3>`,
    '<div class="chart-grid">',
    ...figures(charts).map((figure) => figureHtml(index, figure)),
    '</div>',
    '</section>',
  ].join('\n');
}
