// How a run's series looks, the same in every chart: its colour, its marker shape, a hatching for stale 200s. Each
// line also has a marker shape, so lines stay apart in black and white.

import type { ChartDataset, ChartType, Point, ScriptableContext } from 'chart.js';

declare module 'chart.js' {
  // A dataset says which run it belongs to; legendMain marks the one that stands for its run in the legend.
  interface ChartDatasetProperties<TType extends ChartType, TData> {
    run?: string;
    legendMain?: boolean;
  }
}

// Okabe-Ito, distinguishable with the common colour-vision deficiencies (its yellow, unreadable on white, is
// replaced by Tol's wine).
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#882255'] as const;
const SHAPES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross'] as const;

export const colour = (i: number): string => PALETTE[i % PALETTE.length]!;
export const shape = (i: number): (typeof SHAPES)[number] => SHAPES[i % SHAPES.length]!;
export const withAlpha = (hex: string, alpha: number): string =>
  hex +
  Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');

/** Stale 200s are hatched, so they read apart from stale 304s of the same colour, in colour or not. A document that
 * cannot make a canvas (or a canvas without a 2D context) gets the plain colour, lighter. */
export function hatch(document: Pick<Document, 'createElement'>, hex: string): string | CanvasPattern {
  const plain = withAlpha(hex, 0.35);
  if (typeof document.createElement !== 'function') return plain;
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (ctx === null) return plain;
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
  return ctx.createPattern(tile, 'repeat') ?? plain;
}

/** A marker on about eight points of a line, offset by run so that two runs' markers do not sit on each other. */
export function sparseMarkers(colourIndex: number, count: number): (ctx: ScriptableContext<'line'>) => number {
  const step = Math.max(1, Math.ceil(count / 8));
  return (ctx) => (ctx.dataIndex % step === (colourIndex * 3) % step ? 3 : 0);
}

/** What a line of the page is drawn from: a run's label and colour. */
export interface RunSeries {
  readonly label: string;
  readonly colourIndex: number;
}

/** A run's line, in its colour and shape; a gap in the data (y null) breaks the line. */
export function lineDataset(series: RunSeries, label: string, data: readonly Point[], dash: number[]): ChartDataset<'line', readonly Point[]> {
  return {
    label,
    data,
    run: series.label,
    borderColor: colour(series.colourIndex),
    backgroundColor: colour(series.colourIndex),
    pointStyle: shape(series.colourIndex),
    borderDash: dash,
    borderWidth: 2,
    pointRadius: sparseMarkers(series.colourIndex, data.length),
    pointHitRadius: 6,
    tension: 0,
    spanGaps: false,
  };
}
