// What reached the origin behind a caching proxy, as display strings for the terminal table and the HTML report.
// The origin count includes writes through the app and the harness's probes, which are not client responses, so
// the saved share is a lower bound: it can reach 0 but is never shown negative.

import type { RunResult } from '../../harness/results/types.js';
import { hasProxy } from '../charts/run-series.js';
import { MISSING, formatCount, formatPercent } from './format.js';

export interface OriginFigures {
  /** Requests that reached the implementation behind the proxy. */
  readonly requests: string;
  /** Of those, 304s: with proxy mode `revalidate` the origin answers the proxy's conditional requests. */
  readonly notModified: string;
  /** Share of client responses the proxy gave without the origin. */
  readonly saved: string;
  /** `1000 (80.0% saved)`, for a table that has room for one column. */
  readonly summary: string;
}

const NOTHING: OriginFigures = { requests: MISSING, notModified: MISSING, saved: MISSING, summary: MISSING };

/** 1 − origin requests / client responses, at least 0; undefined when there is nothing to compare. */
export function originSavedShare(run: RunResult): number | undefined {
  if (!hasProxy(run.proxy) || run.origin === undefined || run.requests <= 0) return undefined;
  return Math.max(0, 1 - run.origin.requests / run.requests);
}

export function originFigures(run: RunResult): OriginFigures {
  // A failed run has no figures; a run without a proxy has no origin apart from the implementation itself.
  if (run.failure !== undefined || !hasProxy(run.proxy) || run.origin === undefined) return NOTHING;
  const requests = formatCount(run.origin.requests);
  const share = originSavedShare(run);
  const saved = formatPercent(share);
  return {
    requests,
    notModified: formatCount(run.origin.status['304'] ?? 0),
    saved,
    summary: share === undefined ? requests : `${requests} (${saved} saved)`,
  };
}
