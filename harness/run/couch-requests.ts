// CouchDB requests the implementation made per page request, from two snapshots of the embedded server's
// per-route counter around the measured window. Reads are what a page costs; the harness's own reads
// (writers refreshing after a conflict) are taken out.

import type { CouchStats } from '../contract/environment.js';
import type { CouchRequests } from '../results/types.js';

const READ_ROUTE = /^(GET|HEAD) \/\{db\}\/(\{id\}|_design\/\{ddoc\}\/_view\/\{view\}|_all_docs)$|^POST \/\{db\}\/(_all_docs|_find)$/;

export function couchRequestsOf(
  before: CouchStats | undefined,
  after: CouchStats | undefined,
  pageRequests: number,
  harnessReads: number,
): CouchRequests | null {
  if (before === undefined || after === undefined) return null;
  const byRoute: Record<string, number> = {};
  let reads = 0;
  for (const [route, count] of Object.entries(after.requests)) {
    const delta = count - (before.requests[route] ?? 0);
    if (delta <= 0) continue;
    byRoute[route] = delta;
    if (READ_ROUTE.test(route)) reads += delta;
  }
  reads = Math.max(0, reads - harnessReads);
  return {
    byRoute,
    total: after.total - before.total,
    perPageRequest: pageRequests === 0 ? 0 : Math.round((reads / pageRequests) * 1000) / 1000,
  };
}
