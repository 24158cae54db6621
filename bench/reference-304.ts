// The reference server's 304 path against bare node:http answering a fixed 304 with the same headers, same
// load, same run: autocannon, 10 connections, a conditional GET whose ETag is valid, rounds taken in turn.
// Each server is its own process (the embedded CouchDB too). BENCH_CPU_PROF=<dir> profiles the reference
// and the bare server (node --cpu-prof).

import { readCouchCounters } from '../harness/environment/couch-counters.js';
import { measureReadCosts } from '../harness/run/read-costs.js';
import { startChild } from './child-process.js';
import { autocannonTarget, compare, CONNECTIONS, medianRatio, ROUND_S, ROUNDS } from './closed-load.js';
import { cpuRatioOf, goal, printCompared } from './figures.js';
import { startReferenceStack } from './reference-stack.js';

// Issue 18: the 304 path within 5 % of the least node:http can do.
const GOAL = 0.95;
const profileDir = process.env.BENCH_CPU_PROF;

// Both servers are profiled, so that their profiles can be set side by side (cpu-profile-top.js).
const profiled = profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {};
const stack = await startReferenceStack({ child: profiled });
try {
  const page = `${stack.reference.ready.url}/doc/doc-1`;
  const etag = (await fetch(page)).headers.get('etag')!;
  const bare = await startChild<{ url: string }>('./bare-304-server.js', { args: [etag], ...profiled });
  try {
    const headers = { 'if-none-match': etag };
    const [baseline, measured] = await compare([
      autocannonTarget('bare node:http 304', bare.ready.url, 304, [bare.process.pid!], headers),
      autocannonTarget('reference 304', page, 304, [stack.reference.process.pid!], headers),
    ]);
    console.log(`304 path, autocannon c=${CONNECTIONS}, ${ROUNDS} rounds of ${ROUND_S}s each, taken in turn`);
    printCompared([baseline!, measured!], 'non-304');
    const ratio = medianRatio(measured!, baseline!);
    const cpuRatio = cpuRatioOf(baseline!, measured!);
    console.log(`  reference/bare ×${ratio.toFixed(2)} (median of the rounds' req/s ratios); ${goal(`≥ ×${GOAL}`, ratio >= GOAL)}`);
    if (cpuRatio !== undefined) console.log(`  server CPU per request, bare/reference ×${cpuRatio.toFixed(2)} (the req/s ratio a CPU-bound server would show)`);
    // What each 304 cost CouchDB (its own database_reads), where it gives its counters.
    const costs = await measureReadCosts({
      urls: [stack.reference.ready.url],
      docIds: [...stack.revs.keys()],
      requests: 200,
      counters: () => readCouchCounters(stack.couchdbUrl),
      signal: new AbortController().signal,
    });
    const reads = typeof costs === 'string' ? costs : `${costs.conditional.readsPer1000} per 1,000 304s, ${costs.unconditional.readsPer1000} per 1,000 200s`;
    console.log(`  on ${stack.couchdb}: CouchDB's document reads ${reads}`);
    console.log(JSON.stringify({ bench: 'reference-304', couchdb: stack.couchdb, baseline, measured, ratio, cpuRatio, costs }));
  } finally {
    await bare.stop();
  }
} finally {
  await stack.stop();
}
