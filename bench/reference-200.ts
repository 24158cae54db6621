// The reference server's 200 path (no If-None-Match: fetch the document from CouchDB, render, register the
// ETag) against CouchDB's own GET of the same document, same load generator and connections, same run,
// rounds taken in turn. The embedded CouchDB and the reference each run in a process of their own.
// BENCH_CPU_PROF=<dir> profiles the reference (node --cpu-prof).

import { autocannonTarget, compare, CONNECTIONS, medianRatio, ROUND_S, ROUNDS } from './closed-load.js';
import { cpuRatioOf, goal, printCompared } from './figures.js';
import { childPids } from './process-cpu.js';
import { startReferenceStack } from './reference-stack.js';

const GOAL_OVERHEAD = 0.1;
const profileDir = process.env.BENCH_CPU_PROF;

const stack = await startReferenceStack({
  child: profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {},
});
try {
  // The embedded CouchDB's process; a real CouchDB's (beam.smp, in a container) is not looked for: CPU then covers the reference alone.
  const couchPids = stack.external ? [] : childPids('\0couchdb\0');
  const [direct, measured] = await compare([
    autocannonTarget('CouchDB GET /db/doc', `${stack.couchdbUrl}/${stack.db}/doc-1`, 200, couchPids),
    autocannonTarget('reference GET /doc/{id}', `${stack.reference.ready.url}/doc/doc-1`, 200, [...couchPids, stack.reference.process.pid!]),
  ]);
  console.log(
    `200 path on ${stack.couchdb}, autocannon c=${CONNECTIONS}, ${ROUNDS} rounds of ${ROUND_S}s each, taken in turn; server CPU: CouchDB's, plus the reference's on its line`,
  );
  printCompared([direct!, measured!], 'non-200');
  const overhead = 1 - medianRatio(measured!, direct!);
  console.log(
    `  reference overhead ${(overhead * 100).toFixed(1)} % of CouchDB's throughput (median of the rounds); ${goal(`≤ ${GOAL_OVERHEAD * 100} %`, overhead <= GOAL_OVERHEAD)}`,
  );
  const cpuRatio = cpuRatioOf(direct!, measured!);
  if (cpuRatio !== undefined) console.log(`  CPU per request, CouchDB alone / CouchDB + reference ×${cpuRatio.toFixed(2)}`);
  console.log(JSON.stringify({ bench: 'reference-200', couchdb: stack.couchdb, direct, measured, overhead, cpuRatio }));
} finally {
  await stack.stop();
}
