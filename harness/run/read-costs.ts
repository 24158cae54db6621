// Step 7 of a measured cell: what each class of response costs CouchDB, measured exactly. After the window, with
// the load and the writers stopped, the harness sends unconditional GETs of document pages, then conditional GETs
// carrying the ETags just received, and reads CouchDB's own `database_reads` around each burst (once it has gone
// quiet: a feed follower may still be reading the last writes). A window's reads cannot be split between its 200s
// and 304s from the outside; two bursts of one kind each can. Behind a proxy the bursts go through it: the stack's
// cost, which is what a user pays. Apache CouchDB reads documents of its own now and then (measured here: 6 reads
// during one burst of 200 304s that cost the reference none), so each burst is sent three times and the cheapest
// counts: background reads only ever add, while an implementation's own reads come back every time.

import { request } from 'undici';
import type { CouchCounters } from '../contract/environment.js';
import { quietCounters } from '../environment/couch-counters.js';
import type { ReadCost, ReadCosts } from '../results/types.js';

const CONCURRENCY = 4;
const ATTEMPTS = 3;

export interface ReadCostOptions {
  /** Where the readers sent their requests (the proxy, or each instance). */
  readonly urls: readonly string[];
  /** Documents that exist, whose pages are requested (a few hundred at most are used). */
  readonly docIds: readonly string[];
  readonly requests: number;
  readonly counters: () => Promise<CouchCounters | string>;
  readonly signal: AbortSignal;
}

interface Burst {
  readonly statuses: Record<string, number>;
  readonly etags: (string | undefined)[];
}

/** The two bursts' costs, or why they could not be measured (no counters, CouchDB never went quiet). */
export async function measureReadCosts(options: ReadCostOptions): Promise<ReadCosts | string> {
  if (options.docIds.length === 0) return 'no document to request';
  const paths = Array.from({ length: options.requests }, (_, i) => `/doc/${encodeURIComponent(options.docIds[i % options.docIds.length]!)}`);
  const plain = await priced(options, () => burst(options, paths, () => undefined));
  if (typeof plain === 'string') return plain;
  const conditional = await priced(options, () => burst(options, paths, (i) => plain.burst.etags[i]));
  if (typeof conditional === 'string') return conditional;
  return { unconditional: plain.cost, conditional: conditional.cost };
}

async function priced(options: ReadCostOptions, send: () => Promise<Burst>): Promise<{ cost: ReadCost; burst: Burst } | string> {
  let cheapest: { cost: ReadCost; burst: Burst } | undefined;
  for (let attempt = 0; attempt < ATTEMPTS && !options.signal.aborted; attempt++) {
    const priced = await pricedOnce(options, send);
    if (typeof priced === 'string') return priced;
    if (cheapest === undefined || priced.cost.reads < cheapest.cost.reads) cheapest = priced;
    if (cheapest.cost.reads === 0) break;
  }
  return cheapest ?? 'interrupted';
}

async function pricedOnce(options: ReadCostOptions, send: () => Promise<Burst>): Promise<{ cost: ReadCost; burst: Burst } | string> {
  const before = await quietCounters(options.counters);
  if (typeof before === 'string') return before;
  const sent = await send();
  const after = await quietCounters(options.counters);
  if (typeof after === 'string') return after;
  const reads = after.databaseReads - before.databaseReads;
  const requests = Object.values(sent.statuses).reduce((a, b) => a + b, 0);
  return { cost: { requests, statuses: sent.statuses, reads, readsPer1000: requests === 0 ? 0 : round1((reads / requests) * 1000) }, burst: sent };
}

async function burst(options: ReadCostOptions, paths: readonly string[], etagOf: (i: number) => string | undefined): Promise<Burst> {
  const statuses: Record<string, number> = {};
  const etags: (string | undefined)[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length && !options.signal.aborted) {
      const i = next++;
      const etag = etagOf(i);
      const url = options.urls[i % options.urls.length]! + paths[i]!;
      try {
        // A plain request, as the load's: fetch would add `Cache-Control: no-cache` to a conditional GET (the Fetch
        // standard's cache mode), and a server may honour it with a 200 (Express does).
        const response = await request(url, { headers: etag === undefined ? {} : { 'if-none-match': etag }, signal: options.signal });
        await response.body.arrayBuffer();
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        const sentEtag = response.headers.etag;
        etags[i] = typeof sentEtag === 'string' ? sentEtag : undefined;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { statuses, etags };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
