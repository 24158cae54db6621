// `npm run bench`: every benchmark, one process each, one after the other, figures printed (never
// asserted: machines are noisy). Names run a subset: `node dist/bench/run-all.js reference-304 registry-ops`.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine } from './figures.js';

const BENCHES: Record<string, readonly string[]> = {
  'registry-ops': ['--expose-gc'],
  'reference-304': [],
  'reference-200': [],
  'invalidation-lag': [],
  'harness-vs-wrk': [],
  'harness-ceiling': [],
  'couchdb-feed-leak': [],
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}

console.log(`machine: ${machine()}`);
let failed = 0;
for (const name of asked.length > 0 ? asked : Object.keys(BENCHES)) {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  if (!existsSync(script)) {
    console.error(`bench ${name}: missing (${script})`);
    failed++;
    continue;
  }
  console.log(`\n== ${name}`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [...BENCHES[name]!, script], { stdio: 'inherit' });
  console.log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (result.status !== 0) {
    console.error(`bench ${name} exited with ${result.signal ?? result.status}`);
    failed++;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
