// Fault events on the timeline charts: a dashed vertical line each, labelled in the room left above the plot (`rows`
// rows of EVENT_LABEL_HEIGHT px); a label that would overlap the one before it goes a row lower.

import type { ChartOptions, ChartType, Plugin } from 'chart.js';
import type { TimelineChart, TimelineEvent } from '../charts/chart-data.js';

export interface EventMarkerOptions {
  readonly events?: readonly Pick<TimelineEvent, 'atS' | 'label'>[];
  /** Rows of labels above the plot, at least 1. */
  readonly rows?: number;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    eventMarkers: EventMarkerOptions;
  }
}

export const EVENT_LABEL_ROWS = 3;
export const EVENT_LABEL_HEIGHT = 15;

export const eventMarkers: Plugin<ChartType, EventMarkerOptions> = {
  id: 'eventMarkers',
  afterDatasetsDraw(chart, _args, options) {
    const events = options?.events ?? [];
    const rows = Math.max(1, options?.rows || 1);
    const { ctx, chartArea } = chart;
    const xScale = chart.scales.x;
    if (xScale === undefined) return;
    const ends: number[] = [];
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (const event of events) {
      const x = xScale.getPixelForValue(event.atS);
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

/** Room above the plot for the fault labels, so they never hide the lines. */
export function withEvents<TOptions extends ChartOptions>(options: TOptions, timeline: TimelineChart): TOptions {
  const rows = Math.min(timeline.events.length, EVENT_LABEL_ROWS);
  return {
    ...options,
    layout: { padding: { top: rows * EVENT_LABEL_HEIGHT } },
    plugins: { ...options.plugins, eventMarkers: { events: timeline.events, rows } },
  };
}
