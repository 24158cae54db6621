// The metrics a threshold can name, as data: each name maps to a getter on a run's result and says
// whether it is a time (only times take an `ms` suffix). A getter answers null when the run does not
// have the figure (no 304 latency, no conditional request, CouchDB traffic not observed).

import type { Percentiles, RunResult } from '../types.js';

export interface Metric {
  /** In milliseconds: the limit may carry an `ms` suffix. */
  readonly time: boolean;
  readonly read: (run: RunResult) => number | null;
}

type Getter = (run: RunResult) => number | null;

const PERCENTILES = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
const LAG_TIMES = ['p50', 'p90', 'p99', 'max'] as const;
const LAG_COUNTS = ['samples', 'timeouts'] as const;
const STALE_STATUSES = ['304', '200'] as const;

const plain = (read: Getter): Metric => ({ time: false, read });
const time = (read: Getter): Metric => ({ time: true, read });
// Rates over conditional requests mean nothing when there were none (summarize-run reports 0 then).
const overConditional =
  (read: (run: RunResult) => number): Getter =>
  (run) =>
    run.conditionalRequests > 0 ? read(run) : null;
// A difference of two ratios: rounded so that float noise (0.05000000000000004) cannot decide a verdict.
const round9 = (n: number): number => Math.round(n * 1e9) / 1e9;

const FIXED: Record<string, Metric> = {
  stale304: plain((run) => run.stale['304']),
  stale200: plain((run) => run.stale['200']),
  stale: plain((run) => run.stale['304'] + run.stale['200']),
  hitRate: plain(overConditional((run) => run.hitRate)),
  idealHitRate: plain(overConditional((run) => run.idealHitRate)),
  hitRateGap: plain(overConditional((run) => round9(run.idealHitRate - run.hitRate))),
  errors: plain((run) => run.errors),
  errorRate: plain((run) => (run.requests > 0 ? round9(run.errors / run.requests) : null)),
  throughputRps: plain((run) => run.throughputRps),
  requests: plain((run) => run.requests),
  couchRequestsPerPage: plain((run) => run.couchRequests?.perPageRequest ?? null),
  ...Object.fromEntries(LAG_COUNTS.map((field) => [`lag.${field}`, plain((run) => run.invalidationLagMs[field])])),
  // Lag percentiles of no sample are not a lag of 0 ms.
  ...Object.fromEntries(LAG_TIMES.map((field) => [`lag.${field}`, time((run) => (run.invalidationLagMs.samples > 0 ? run.invalidationLagMs[field] : null))])),
  // No stale response is the best case, not a missing figure: its ages are 0 (a bound such as
  // `staleAge.200.max <= 1500ms` holds), unlike latency of a status that never came (null).
  ...Object.fromEntries(
    STALE_STATUSES.flatMap((status) =>
      PERCENTILES.map((p) => [`staleAge.${status}.${p}`, time((run) => run.staleAgeMs[status]?.[p] ?? (run.stale[status] === 0 ? 0 : null))]),
    ),
  ),
};

/** Families whose middle part is open (any HTTP status), matched by pattern. */
const FAMILIES: readonly { readonly pattern: RegExp; readonly display: string; readonly metric: (match: RegExpMatchArray) => Metric }[] = [
  {
    pattern: /^latency\.([1-5][0-9][0-9])\.(p50|p90|p99|p999|max)$/,
    display: `latency.<status>.<${PERCENTILES.join('|')}>`,
    metric: ([, status, p]) => time((run) => run.latencyMs[status!]?.[p as keyof Percentiles] ?? null),
  },
];

/** The metric a threshold names, or undefined when there is none by that name. */
export function findMetric(name: string): Metric | undefined {
  if (Object.hasOwn(FIXED, name)) return FIXED[name];
  for (const family of FAMILIES) {
    const match = name.match(family.pattern);
    if (match) return family.metric(match);
  }
  return undefined;
}

/** The known metric names, for messages: families are written with their placeholders. */
export const KNOWN_METRICS: readonly string[] = [
  ...Object.keys(FIXED).filter((name) => !name.includes('.')),
  ...FAMILIES.map((family) => family.display),
  'lag.<samples|p50|p90|p99|max|timeouts>',
  `staleAge.<${STALE_STATUSES.join('|')}>.<${PERCENTILES.join('|')}>`,
];
