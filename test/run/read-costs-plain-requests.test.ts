// Step 7's bursts ask what a 200 and a 304 cost CouchDB, with plain conditional GETs like the load's: a server that
// honours a request's `Cache-Control: no-cache` (Express does, as fetch sends it with every validator) still gets
// its 304s measured, not 200s the harness asked for without meaning to.

import t from 'tap';
import { readCouchCounters } from '../../harness/environment/couch-counters.js';
import { measureReadCosts } from '../../harness/run/read-costs.js';
import { startStack } from '../helpers/stack.js';

t.test("express: the conditional burst gets Express's own 304s, each with its CouchDB read", async (t) => {
  const { couch, app } = await startStack(t, 'express', 20);
  const costs = await measureReadCosts({
    urls: [app.url],
    docIds: Array.from({ length: 20 }, (_, i) => `doc-${i}`),
    requests: 40,
    counters: () => readCouchCounters(couch.getUrl()),
    signal: new AbortController().signal,
  });
  if (typeof costs === 'string') return t.fail(`not measured: ${costs}`);
  t.same(costs.conditional.statuses, { 304: 40 }, 'every conditional GET a 304');
  t.equal(costs.conditional.readsPer1000, 1000, 'one CouchDB read per 304: the framework renders to hash');
});
