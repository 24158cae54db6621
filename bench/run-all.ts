// `npm run bench`: every benchmark, one process each, figures printed (never asserted: machines are noisy).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = ['registry-ops.js', 'reference-304.js', 'harness-ceiling.js', 'couchdb-feed-leak.js'];

let failed = 0;
for (const bench of BENCHES) {
  const script = fileURLToPath(new URL(`./${bench}`, import.meta.url));
  if (!existsSync(script)) {
    console.error(`bench ${bench}: missing`);
    failed++;
    continue;
  }
  console.log(`\n== ${bench.replace(/\.js$/, '')}`);
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
