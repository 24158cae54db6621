// Judges a run against its scenario's thresholds: one verdict per threshold, in results.json's shape.
// A figure the run does not have (no 304 at all, a run that failed) fails its threshold: a criterion
// that could not be checked must not read as met.

import type { RunResult, Threshold } from '../types.js';
import { findMetric } from './metrics.js';
import { parseThreshold, type ThresholdOp } from './parse-threshold.js';

const COMPARE: Record<ThresholdOp, (value: number, limit: number) => boolean> = {
  '==': (value, limit) => value === limit,
  '!=': (value, limit) => value !== limit,
  '<': (value, limit) => value < limit,
  '<=': (value, limit) => value <= limit,
  '>': (value, limit) => value > limit,
  '>=': (value, limit) => value >= limit,
};

/** Throws on a threshold that does not parse (scenarios are checked when loaded, so that is a bug). */
export function evaluateThresholds(thresholds: readonly string[], run: RunResult): Threshold[] {
  return thresholds.map((text) => {
    const threshold = parseThreshold(text);
    const value = run.failure === undefined ? finite(findMetric(threshold.metric)!.read(run)) : null;
    return {
      name: threshold.text,
      limit: `${threshold.op} ${threshold.limit}`,
      value,
      ok: value !== null && COMPARE[threshold.op](value, threshold.limit),
    };
  });
}

const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);
