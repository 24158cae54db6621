// The axes of the page's charts: titles, log axes ticked at round figures, the percentile axis at x = 1/(1-p), and
// the time axis every timeline chart of a scenario shares.

import type { Scale, ScaleOptions } from 'chart.js';
import type { TimelineChart } from '../charts/chart-data.js';

export const axisTitle = (text: string) => ({ display: true, text });

/** Three significant digits, without float noise: 0.30000000000000004 reads 0.3. */
export const shortNumber = (value: number | string): string => String(Number(Number(value).toPrecision(3)));

/** x = 1/(1-p) of p50, p90, p99…: ticks only where the percentile is a round figure. */
export const NAMED_X = [2, 10, 100, 1000, 10000, 100000, 1000000];
export const percentLabel = (x: number | string): string => `${String(Number((100 * (1 - 1 / Number(x))).toPrecision(6)))}%`;

/** A log axis ticked at 1, 2, 5 × 10^k, or at whole decades only when it spans more than three. */
export function logTicks(axis: Scale): void {
  if (!(axis.min > 0) || !(axis.max > axis.min)) return;
  const steps = Math.log10(axis.max / axis.min) > 3 ? [1] : [1, 2, 5];
  const ticks: Array<{ value: number }> = [];
  for (let decade = 10 ** Math.floor(Math.log10(axis.min)); decade <= axis.max; decade *= 10) {
    for (const step of steps) {
      const value = Number((decade * step).toPrecision(6));
      if (value >= axis.min * 0.999 && value <= axis.max * 1.001) ticks.push({ value });
    }
  }
  if (ticks.length >= 2) axis.ticks = ticks;
}

export function logAxis(text: string, min?: number, max?: number): ScaleOptions<'logarithmic'> {
  return {
    type: 'logarithmic',
    min,
    max,
    title: axisTitle(text),
    afterBuildTicks: logTicks,
    ticks: { autoSkip: false, callback: (value) => shortNumber(value) },
  };
}

/** Seconds since the start of the measured window, from 0 to the end of the longest window of the scenario. */
export function timeAxis(timeline: TimelineChart): ScaleOptions<'linear'> {
  return {
    type: 'linear',
    min: 0,
    max: timeline.endS,
    // The writes' bars would otherwise pad the axis, and the lines would not start at its ends.
    offset: false,
    title: axisTitle('seconds since the start of the measured window'),
    ticks: { maxRotation: 0, callback: (value) => `${shortNumber(value)} s` },
  };
}
