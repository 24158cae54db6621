// results.json's `couchdbCounters` from CouchDB's own counters read at the window's edges and the read-cost
// bursts after it (read-costs.ts). Pure: the reading is done elsewhere.

import type { CouchCounters } from '../contract/environment.js';
import type { CouchDbCounters, ReadCosts } from '../results/types.js';

export interface CountersInput {
  /** At the window's opening and closing edges; a string says why they could not be read. */
  readonly before: CouchCounters | string | undefined;
  readonly after: CouchCounters | string;
  readonly couchRestarted: boolean;
  /** Documents the harness itself read from CouchDB in the window (writers after a conflict). */
  readonly harnessReads: number;
  readonly responses: number;
  readonly readCosts: ReadCosts | string;
}

/** Undefined when this CouchDB gives no counters at all: the run says nothing rather than zeros. */
export function couchdbCountersOf(input: CountersInput): CouchDbCounters | undefined {
  const { before, after, readCosts } = input;
  if (typeof after === 'string' && typeof readCosts === 'string') return undefined;
  const missing: string[] = [];
  let window: CouchDbCounters['window'] = null;
  if (input.couchRestarted) missing.push('window: CouchDB restarted in it, and its counters began again from 0');
  else if (before === undefined) missing.push('window: the load ended before it opened');
  else if (typeof before === 'string' || typeof after === 'string') missing.push(`window: ${typeof before === 'string' ? before : after}`);
  else {
    const databaseReads = Math.max(0, after.databaseReads - before.databaseReads - input.harnessReads);
    window = {
      databaseReads,
      databaseWrites: after.databaseWrites - before.databaseWrites,
      // The edge's own read of the counters is counted after it answered: one of them falls in the window.
      httpdRequests: Math.max(0, after.httpdRequests - before.httpdRequests - 1),
      readsPer1000Responses: input.responses === 0 ? 0 : Math.round((databaseReads / input.responses) * 10_000) / 10,
    };
  }
  if (typeof readCosts === 'string') missing.push(`read costs: ${readCosts}`);
  return {
    window,
    readCosts: typeof readCosts === 'string' ? null : readCosts,
    ...(missing.length === 0 ? {} : { missing: missing.join('; ') }),
  };
}
