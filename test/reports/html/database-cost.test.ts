// What CouchDB paid, as the tables show it: the read-cost bursts' figures where CouchDB gave its counters, the
// way a burst was answered when it was not as intended, and nothing at all (not zeros) where it gave none.
import t from 'tap';
import type { ReadCost, RunResult } from '../../../harness/results/types.js';
import { renderDatabaseCostTable } from '../../../reports/html/database-cost-table.js';
import { renderSummaryMd } from '../../../reports/html/summary-md.js';
import { renderSummaryTable } from '../../../reports/html/summary-table.js';
import { smokeResults, withRuns } from '../../fixtures/results-smoke.js';

const burst = (status: string, answered: number, reads: number): ReadCost => ({
  requests: 200,
  statuses: answered === 200 ? { [status]: 200 } : { [status]: answered, '200': 200 - answered },
  reads,
  readsPer1000: reads * 5,
});

function counted(run: RunResult, conditional: ReadCost): RunResult {
  return {
    ...run,
    couchdbCounters: {
      window: { databaseReads: 1830, databaseWrites: 120, httpdRequests: 2410, readsPer1000Responses: 366 },
      readCosts: { unconditional: burst('200', 200, 200), conditional },
    },
  };
}

const results = withRuns(([reference, seed]) => [counted(reference!, burst('304', 200, 0)), counted(seed!, burst('304', 180, 20))]);

t.test('the terminal table: reads per 1,000 200s and 304s, and how a burst was answered when not as intended', async (t) => {
  const table = renderSummaryTable(results);
  const [header, reference, seed] = table.split('\n');
  t.match(header, /304 p99 ms {2}reads\/1k 200 +reads\/1k 304 {2}errors$/);
  t.match(reference, /\s1000\s+0\s+0$/, 'reference: a read per 200, none per 304');
  t.match(seed, /\s1000\s+100 \(180\/200 were 304\)\s+5$/, 'seed: the burst was not all 304s, and the cell says so');
  t.notMatch(renderSummaryTable(smokeResults()), /reads\/1k/, 'no counters in any run: no columns');
});

t.test('summary.md and the report: the same figures; nothing where CouchDB gave no counters', async (t) => {
  t.match(renderSummaryMd(results), /\| CouchDB reads \/1k 200 \/ 304 \|[\s\S]*\| 1000 \/ 0 \|/);
  const html = renderDatabaseCostTable(results);
  t.match(html, /<h3>What CouchDB paid<\/h3>/);
  t.match(html, /<td class="text">reference<\/td><td class="num">1830<\/td><td class="num">366<\/td><td class="num">1000<\/td><td class="num">0<\/td>/);
  t.equal(renderDatabaseCostTable(smokeResults()), '', 'no counters: no table');
  const restarted = withRuns(([reference]) => [
    { ...reference!, couchdbCounters: { window: null, readCosts: null, missing: 'window: CouchDB restarted in it' } },
  ]);
  t.match(
    renderDatabaseCostTable(restarted),
    /<tr title="window: CouchDB restarted in it">.*<td class="num">-<\/td><td class="num">-<\/td><td class="num">-<\/td><td class="num">-<\/td><\/tr>/,
  );
});
