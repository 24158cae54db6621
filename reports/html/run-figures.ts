// The figures a run's row shows, as display strings, shared by the terminal table and the HTML report.
// A failed run has none; a figure the run could not measure (no 304s, no conditional request, no lag sample)
// is `-`, never a misleading 0.

import type { ReadCost, RunResult } from '../../harness/results/types.js';
import { MISSING, formatCount, formatMs, formatPercent, formatStale } from './format.js';
import { originFigures, type OriginFigures } from './origin-figures.js';

export interface RunFigures {
  readonly durationS: string;
  readonly requests: string;
  readonly hitRate: string;
  readonly idealHitRate: string;
  readonly stale304: string;
  readonly stale200: string;
  readonly lagP50: string;
  readonly lagP99: string;
  readonly lagTimeouts: string;
  /** The raw feed's delivery of the window's writes (`-` where it was not measured). */
  readonly feedP50: string;
  readonly feedP99: string;
  /** A write through one instance reflected by another (`-` with one instance; `n/a` behind a proxy, which hides
   *  which instance answered: the reason is crossInstanceLagUnavailable). */
  readonly crossP50: string;
  readonly crossP99: string;
  readonly crossTimeouts: string;
  readonly p50200: string;
  readonly p99200: string;
  readonly p50304: string;
  readonly p99304: string;
  readonly throughputRps: string;
  readonly errors: string;
  /** CouchDB's document reads per 1,000 of the read-cost bursts' 200s and 304s (`-` where CouchDB gives no counters). */
  readonly reads200: string;
  readonly reads304: string;
  /** Behind a proxy, what reached the implementation; all `-` without one. */
  readonly origin: OriginFigures;
  /** `partial`, `FAILED: reason`, or empty. */
  readonly note: string;
}

export function runNote(run: RunResult): string {
  if (run.failure !== undefined) return `FAILED: ${run.failure}`;
  return run.partial ? 'partial' : '';
}

export function runFigures(run: RunResult): RunFigures {
  const note = runNote(run);
  if (run.failure !== undefined) {
    return {
      durationS: MISSING,
      requests: MISSING,
      hitRate: MISSING,
      idealHitRate: MISSING,
      stale304: MISSING,
      stale200: MISSING,
      lagP50: MISSING,
      lagP99: MISSING,
      lagTimeouts: MISSING,
      feedP50: MISSING,
      feedP99: MISSING,
      crossP50: MISSING,
      crossP99: MISSING,
      crossTimeouts: MISSING,
      p50200: MISSING,
      p99200: MISSING,
      p50304: MISSING,
      p99304: MISSING,
      throughputRps: MISSING,
      errors: MISSING,
      reads200: MISSING,
      reads304: MISSING,
      origin: originFigures(run),
      note,
    };
  }
  const conditional = run.conditionalRequests > 0;
  const lag = run.invalidationLagMs;
  const lagSeen = lag.samples > 0;
  const feed = run.feedDeliveryMs;
  const feedSeen = feed !== undefined && feed.samples > 0;
  const cross = crossInstanceFigures(run);
  const ok = run.latencyMs['200'];
  const notModified = run.latencyMs['304'];
  return {
    durationS: formatCount(run.durationS),
    requests: formatCount(run.requests),
    hitRate: conditional ? formatPercent(run.hitRate) : MISSING,
    idealHitRate: conditional ? formatPercent(run.idealHitRate) : MISSING,
    stale304: formatStale(run.stale['304']),
    stale200: formatStale(run.stale['200']),
    lagP50: lagSeen ? formatMs(lag.p50) : MISSING,
    lagP99: lagSeen ? formatMs(lag.p99) : MISSING,
    lagTimeouts: formatCount(lag.timeouts),
    feedP50: feedSeen ? formatMs(feed.p50) : MISSING,
    feedP99: feedSeen ? formatMs(feed.p99) : MISSING,
    ...cross,
    p50200: formatMs(ok?.p50),
    p99200: formatMs(ok?.p99),
    p50304: formatMs(notModified?.p50),
    p99304: formatMs(notModified?.p99),
    throughputRps: formatCount(run.throughputRps),
    errors: formatCount(run.errors),
    reads200: readsPer1000(run.couchdbCounters?.readCosts?.unconditional, '200'),
    reads304: readsPer1000(run.couchdbCounters?.readCosts?.conditional, '304'),
    origin: originFigures(run),
    note,
  };
}

/** Written where the harness could not tell the instances apart. */
export const UNAVAILABLE = 'n/a';

function crossInstanceFigures(run: RunResult): Pick<RunFigures, 'crossP50' | 'crossP99' | 'crossTimeouts'> {
  const cross = run.crossInstanceLagMs;
  if (cross === undefined) {
    const shown = run.crossInstanceLagUnavailable === undefined ? MISSING : UNAVAILABLE;
    return { crossP50: shown, crossP99: shown, crossTimeouts: shown };
  }
  const seen = cross.samples > 0;
  return { crossP50: seen ? formatMs(cross.p50) : MISSING, crossP99: seen ? formatMs(cross.p99) : MISSING, crossTimeouts: formatCount(cross.timeouts) };
}

/** Several instances served the run: the cross-instance lag was measured, or it says why not. */
export function hasCrossInstance(run: RunResult): boolean {
  return run.crossInstanceLagMs !== undefined || run.crossInstanceLagUnavailable !== undefined;
}

/** The raw feed's delivery was measured (files written before it have none: no column for them). */
export function hasFeedDelivery(run: RunResult): boolean {
  return run.feedDeliveryMs !== undefined;
}

/** Whether CouchDB's counters priced this run's 200s and 304s (their columns are shown only then). */
export function hasReadCosts(run: RunResult): boolean {
  return run.couchdbCounters?.readCosts != null;
}

/** Reads per 1,000 of a burst, when the burst was answered as intended; otherwise how it was answered. */
function readsPer1000(cost: ReadCost | undefined, status: '200' | '304'): string {
  if (cost === undefined) return MISSING;
  const answered = cost.statuses[status] ?? 0;
  if (answered === cost.requests) return formatCount(cost.readsPer1000);
  return `${formatCount(cost.readsPer1000)} (${formatCount(answered)}/${formatCount(cost.requests)} were ${status})`;
}
