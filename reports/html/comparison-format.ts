// How a comparison reads, shared by the HTML section and summary.md so both print the same words. Each
// judgement carries a mark and a word, so it reads without colour.

import type { Judgement, MetricChange, MetricUnit } from '../combine/compare-runs.js';
import { MISSING, formatCount, formatMs, formatPercent } from './format.js';

export const JUDGEMENT_TEXT: Record<Judgement, string> = {
  better: '✓ better',
  worse: '✗ worse',
  same: '= same',
  'n/a': 'n/a',
};

export function formatValue(unit: MetricUnit, value: number | null): string {
  if (value === null) return MISSING;
  if (unit === 'ratio') return formatPercent(value);
  return unit === 'ms' ? formatMs(value) : formatCount(value);
}

const signed = (text: string, n: number): string => (n > 0 ? `+${text}` : n < 0 ? `-${text}` : text);

/** `+2.0 pt`, `+0.15 ms (+7.1%)`, `+42` (from 0 a percentage means nothing). */
export function formatChange(row: Pick<MetricChange, 'unit' | 'change' | 'relative'>): string {
  const { unit, change, relative } = row;
  if (change === null) return MISSING;
  if (change === 0) return '0';
  if (unit === 'ratio') return signed(`${(Math.abs(change) * 100).toFixed(1)} pt`, change);
  const size = Math.abs(change);
  const absolute = signed(unit === 'ms' ? `${formatMs(size)} ms` : formatCount(size), change);
  return relative === null ? absolute : `${absolute} (${signed(`${(Math.abs(relative) * 100).toFixed(1)}%`, relative)})`;
}

/** `2 better, 1 worse, 8 same`, the counts a reader looks at first. */
export function judgementCounts(rows: readonly Pick<MetricChange, 'judgement'>[]): string {
  const order: Judgement[] = ['worse', 'better', 'same', 'n/a'];
  return order
    .map((judgement) => [judgement, rows.filter((row) => row.judgement === judgement).length] as const)
    .filter(([, n]) => n > 0)
    .map(([judgement, n]) => `${n} ${judgement}`)
    .join(', ');
}
