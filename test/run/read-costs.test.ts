// Step 7, what each class costs CouchDB: two bursts priced by a counter read once it stands still. Here the
// "CouchDB" is a counter the test server moves itself, so each case knows the exact answer.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import type { CouchCounters } from '../../harness/contract/environment.js';
import { couchdbCountersOf } from '../../harness/run/couchdb-counters.js';
import { measureReadCosts } from '../../harness/run/read-costs.js';

interface Page {
  readonly server: Server;
  readonly url: string;
  reads: number;
}

/** A page server that "reads a document" on every 200, and also on every 304 when `readsOn304`. */
async function pageServer(t: Test, readsOn304: boolean): Promise<Page> {
  const page = { reads: 0 } as Page;
  const server = createServer((req, res) => {
    const etag = `"1-${req.url?.slice(5)}"`;
    if (req.headers['if-none-match'] === etag) {
      if (readsOn304) page.reads++;
      res.writeHead(304, { etag }).end();
      return;
    }
    page.reads++;
    res.writeHead(200, { etag }).end(`rev 1-${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return Object.assign(page, { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

const countersOf = (page: Page) => async (): Promise<CouchCounters> => ({ databaseReads: page.reads, databaseWrites: 0, httpdRequests: 0 });
const docIds = ['doc-1', 'doc-2', 'doc-3'];

t.test('an implementation that answers 304 from its registry: 1,000 reads per 1,000 200s, none per 304', async (t) => {
  const page = await pageServer(t, false);
  const costs = await measureReadCosts({ urls: [page.url], docIds, requests: 30, counters: countersOf(page), signal: new AbortController().signal });
  t.same(costs, {
    unconditional: { requests: 30, statuses: { '200': 30 }, reads: 30, readsPer1000: 1000 },
    conditional: { requests: 30, statuses: { '304': 30 }, reads: 0, readsPer1000: 0 },
  });
});

t.test('one that reads the document to answer a 304 pays for it: 1,000 per 1,000 304s', async (t) => {
  const page = await pageServer(t, true);
  const costs = await measureReadCosts({ urls: [page.url], docIds, requests: 30, counters: countersOf(page), signal: new AbortController().signal });
  t.match(costs, { conditional: { statuses: { '304': 30 }, reads: 30, readsPer1000: 1000 } });
});

t.test('reads that never stop (a busy CouchDB) are reported, not priced', async (t) => {
  const page = await pageServer(t, false);
  let reads = 0;
  const busy = async (): Promise<CouchCounters> => ({ databaseReads: ++reads, databaseWrites: 0, httpdRequests: 0 });
  const costs = await measureReadCosts({ urls: [page.url], docIds, requests: 5, counters: busy, signal: new AbortController().signal });
  t.match(costs, /database_reads did not stand still/);
});

t.test('no counters: the reason, as the CouchDB gave it', async (t) => {
  const page = await pageServer(t, false);
  const costs = await measureReadCosts({ urls: [page.url], docIds, requests: 5, counters: async () => 'answered 401', signal: new AbortController().signal });
  t.equal(costs, 'answered 401');
});

t.test("the window's figures: the harness's own reads and the edge's own request taken out", async (t) => {
  const before = { databaseReads: 100, databaseWrites: 10, httpdRequests: 50 };
  const after = { databaseReads: 1100, databaseWrites: 30, httpdRequests: 1051 };
  const readCosts = 'interrupted';
  t.same(couchdbCountersOf({ before, after, couchRestarted: false, harnessReads: 40, responses: 3000, readCosts }), {
    window: { databaseReads: 960, databaseWrites: 20, httpdRequests: 1000, readsPer1000Responses: 320 },
    readCosts: null,
    missing: 'read costs: interrupted',
  });
  t.match(couchdbCountersOf({ before, after, couchRestarted: true, harnessReads: 0, responses: 10, readCosts }), { window: null, missing: /restarted/ });
  t.equal(
    couchdbCountersOf({ before: 'answered 401', after: 'answered 401', couchRestarted: false, harnessReads: 0, responses: 10, readCosts: 'answered 401' }),
    undefined,
    'no counters at all: nothing written',
  );
});
