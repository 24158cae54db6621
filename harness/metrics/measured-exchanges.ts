// What a run's figures count, decided in one place: summarizeRun's totals and the timeline's buckets use the
// same rules, so the buckets add up to the totals.
import type { Exchange, Verdict } from '../oracle/types.js';

/** Exchanges sent inside the measured window [windowStart, windowEnd) count; the warm-up before it does not. */
export const isMeasured = (exchange: Exchange, windowStart: number, windowEnd: number): boolean =>
  exchange.sentAt >= windowStart && exchange.sentAt < windowEnd;

/** The hit rate's denominator: requests that carried If-None-Match. */
export const isConditional = (exchange: Exchange): boolean => exchange.sentEtag !== undefined;

/** The hit rate's numerator: a 304 to a conditional request. Stale 304s are hits too; staleness is counted apart. */
export const isHit = (exchange: Exchange): boolean => isConditional(exchange) && exchange.status === 304;

export const isStale = (verdict: Verdict): boolean => verdict.class === 'stale200' || verdict.class === 'stale304';

export function checkVerdicts(exchanges: readonly Exchange[], verdicts: readonly Verdict[]): void {
  if (exchanges.length === verdicts.length) return;
  const counts = `${exchanges.length} exchanges but ${verdicts.length} verdicts`;
  throw new RangeError(`${counts}: each exchange needs its verdict`);
}
