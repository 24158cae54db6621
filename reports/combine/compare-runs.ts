// Side-by-side comparison of results files: the first is the baseline; each run found in both (same scenario,
// impl and proxy) gets one row per metric with a judgement, decided here and only here: better, worse, same
// (a change within the noise tolerance) or n/a (a figure one side does not have). Pure: results in, rows out.

import type { ResultsFile, RunResult } from '../../harness/results/types.js';
import { describeKey, keyString, keyedRuns } from './run-key.js';

export type Judgement = 'better' | 'worse' | 'same' | 'n/a';
/** How a metric's value reads and which tolerance applies to it. */
export type MetricUnit = 'ratio' | 'count' | 'ms' | 'rps';

export interface ComparedMetric {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly better: 'higher' | 'lower';
  /** null when the run has no such figure (no conditional request, no lag sample, no 304 at all). */
  readonly read: (run: RunResult) => number | null;
}

/** Changes within these are noise, judged "same". A count that leaves 0 (or reaches it) is never noise. */
export const TOLERANCE = {
  /** Relative change, for times, counts and throughput. */
  relative: 0.05,
  /** Absolute change for times, in ms: below a tenth of a millisecond is timer and scheduling noise. */
  ms: 0.1,
  /** Absolute change for ratios (hit rate): half a percentage point. */
  ratio: 0.005,
} as const;

const latency = (status: string, p: 'p50' | 'p99'): ComparedMetric => ({
  name: `${status} ${p} (ms)`,
  unit: 'ms',
  better: 'lower',
  read: (run) => run.latencyMs[status]?.[p] ?? null,
});
const lag = (p: 'p50' | 'p99'): ComparedMetric => ({
  name: `lag ${p} (ms)`,
  unit: 'ms',
  better: 'lower',
  read: (run) => (run.invalidationLagMs.samples > 0 ? run.invalidationLagMs[p] : null),
});

/** Share of conditional requests answered by a 304 for the current version. */
function validHitRate(run: RunResult): number | null {
  if (run.conditionalRequests === 0) return null;
  return Math.max(0, run.hitRate - run.stale['304'] / run.conditionalRequests);
}

export const COMPARED_METRICS: readonly ComparedMetric[] = [
  // Valid 304s only: the hit rate counts stale 304s too, and a server that answers 304 to everything would
  // otherwise look better than a correct one.
  { name: 'valid hit rate', unit: 'ratio', better: 'higher', read: validHitRate },
  { name: 'stale 304', unit: 'count', better: 'lower', read: (run) => run.stale['304'] },
  { name: 'stale 200', unit: 'count', better: 'lower', read: (run) => run.stale['200'] },
  { name: 'errors', unit: 'count', better: 'lower', read: (run) => run.errors },
  lag('p50'),
  lag('p99'),
  { name: 'lag timeouts', unit: 'count', better: 'lower', read: (run) => run.invalidationLagMs.timeouts },
  latency('200', 'p50'),
  latency('200', 'p99'),
  latency('304', 'p50'),
  latency('304', 'p99'),
  { name: 'throughput (req/s)', unit: 'rps', better: 'higher', read: (run) => run.throughputRps },
];

export interface MetricChange {
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly better: 'higher' | 'lower';
  readonly baseline: number | null;
  readonly other: number | null;
  /** other − baseline; null when either is missing. */
  readonly change: number | null;
  /** change / baseline; null when either is missing or the baseline is 0. */
  readonly relative: number | null;
  readonly judgement: Judgement;
}

export interface RunComparison {
  readonly label: string;
  readonly rows: readonly MetricChange[];
  /** Why a side has no figures at all. */
  readonly failure?: { readonly baseline?: string; readonly other?: string };
}

export interface FileComparison {
  readonly baseline: string;
  readonly other: string;
  readonly runs: readonly RunComparison[];
  readonly onlyInBaseline: readonly string[];
  readonly onlyInOther: readonly string[];
}

export interface Comparison {
  readonly baseline: string;
  /** One per file after the first, in the order given. */
  readonly files: readonly FileComparison[];
}

// Differences of floats (0.805 − 0.8) rounded so that noise in the last bits cannot cross a tolerance.
const round9 = (n: number): number => Math.round(n * 1e9) / 1e9;

function withinNoise(unit: MetricUnit, baseline: number, change: number): boolean {
  const size = Math.abs(change);
  if (unit === 'ratio') return size < TOLERANCE.ratio;
  // From 0 or to 0, a count or a rate changed in kind: stale responses appeared, or went away.
  if ((unit === 'count' || unit === 'rps') && (baseline === 0 || baseline + change === 0)) return false;
  if (unit === 'ms' && size < TOLERANCE.ms) return true;
  return baseline !== 0 && round9(size / Math.abs(baseline)) < TOLERANCE.relative;
}

export function judge(metric: Pick<ComparedMetric, 'unit' | 'better'>, baseline: number | null, other: number | null): Judgement {
  if (baseline === null || other === null) return 'n/a';
  const change = round9(other - baseline);
  if (change === 0 || withinNoise(metric.unit, baseline, change)) return 'same';
  return (metric.better === 'higher') === change > 0 ? 'better' : 'worse';
}

const readOf = (metric: ComparedMetric, run: RunResult): number | null => (run.failure === undefined ? metric.read(run) : null);

export function compareRuns(label: string, baseline: RunResult, other: RunResult): RunComparison {
  const rows = COMPARED_METRICS.map((metric): MetricChange => {
    const before = readOf(metric, baseline);
    const after = readOf(metric, other);
    const change = before === null || after === null ? null : round9(after - before);
    return {
      metric: metric.name,
      unit: metric.unit,
      better: metric.better,
      baseline: before,
      other: after,
      change,
      relative: change === null || before === 0 ? null : change / Math.abs(before!),
      judgement: judge(metric, before, after),
    };
  });
  const failure = {
    ...(baseline.failure !== undefined ? { baseline: baseline.failure } : {}),
    ...(other.failure !== undefined ? { other: other.failure } : {}),
  };
  return { label, rows, ...(Object.keys(failure).length > 0 ? { failure } : {}) };
}

/** Each file after the first against the first: the runs they share, and those only one of them has. */
export function compareResults(files: readonly { readonly source: string; readonly results: ResultsFile }[]): Comparison {
  const [baseline, ...others] = files;
  if (baseline === undefined) throw new RangeError('nothing to compare: no results file');
  const before = keyedRuns(baseline.results.runs);
  return {
    baseline: baseline.source,
    files: others.map((file) => {
      const after = new Map(keyedRuns(file.results.runs).map((entry) => [keyString(entry.key), entry]));
      const shared = before.filter((entry) => after.has(keyString(entry.key)));
      const beforeKeys = new Set(before.map((entry) => keyString(entry.key)));
      return {
        baseline: baseline.source,
        other: file.source,
        runs: shared.map((entry) => compareRuns(describeKey(entry.key), entry.run, after.get(keyString(entry.key))!.run)),
        onlyInBaseline: before.filter((entry) => !after.has(keyString(entry.key))).map((entry) => describeKey(entry.key)),
        onlyInOther: [...after.values()].filter((entry) => !beforeKeys.has(keyString(entry.key))).map((entry) => describeKey(entry.key)),
      };
    }),
  };
}
