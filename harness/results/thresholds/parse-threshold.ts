// A threshold is text a user writes in a scenario: `<metric> <op> <number>[ms]`, e.g. `stale304 == 0`,
// `latency.304.p99 < 50ms`. Parsed once when the scenario is loaded, so a typo is refused before any load.

import { findMetric, KNOWN_METRICS } from './metrics.js';

export const THRESHOLD_OPS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

export interface ParsedThreshold {
  /** The text as written (trimmed): the threshold's name in results.json. */
  readonly text: string;
  readonly metric: string;
  readonly op: ThresholdOp;
  /** In the metric's unit (milliseconds for times, with or without the `ms` suffix). */
  readonly limit: number;
}

// metric, operator (two-character ones first), number with an optional unit; spaces optional around the op.
const SHAPE = /^(\S+?)\s*(==|!=|<=|>=|<|>)\s*(\S+)$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const EXPECTED = `expected "<metric> <op> <number>[ms]" with <op> one of ${THRESHOLD_OPS.join(' ')}`;

/** Parses one threshold; throws an Error saying what is wrong. */
export function parseThreshold(text: string): ParsedThreshold {
  const trimmed = text.trim();
  const shape = trimmed.match(SHAPE);
  if (!shape) throw new Error(`"${text}" is not a threshold (${EXPECTED})`);
  const [, metric, op, rawLimit] = shape as unknown as [string, string, ThresholdOp, string];
  const found = findMetric(metric);
  if (found === undefined) throw new Error(`unknown metric "${metric}" (known: ${KNOWN_METRICS.join(', ')})`);
  const inMs = rawLimit.endsWith('ms');
  const number = inMs ? rawLimit.slice(0, -2) : rawLimit;
  if (!NUMBER.test(number)) throw new Error(`"${rawLimit}" is not a number (in "${trimmed}"; ${EXPECTED})`);
  if (inMs && !found.time) throw new Error(`"${metric}" is not a time: "ms" goes only with latency, lag and staleAge percentiles`);
  return { text: trimmed, metric, op, limit: Number(number) };
}
