// The frameworks under load, judged from the outside like any implementation: never stale on `smoke` (writes
// through the app) nor on `external-writes` (every write straight to CouchDB), since they read CouchDB for every
// request; their 304s come from their own ETag code; results.json says which release ran.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ResultsFile } from '../../harness/results/types.js';
import { builtInScenarioFile } from '../../harness/scenario/load-scenario.js';
import { runCli } from '../helpers/processes.js';
import { scenarioFile } from '../helpers/scenario-file.js';

const dir = mkdtempSync(join(tmpdir(), 'eb-frameworks-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

// The built-in scenarios, shortened: what is judged is staleness, which needs writes and reads, not minutes.
const shortened = (name: string): string => scenarioFile(dir, JSON.parse(readFileSync(builtInScenarioFile(name), 'utf8')), { durationS: 3, warmupS: 1 }, name);

t.test('express and fastify: 0 stale on smoke and external-writes, 304s of their own, versions recorded', async (t) => {
  const out = join(dir, 'out');
  const { code, stderr } = await runCli([
    'run',
    '--env',
    'embedded',
    '-s',
    shortened('smoke'),
    '-s',
    shortened('external-writes'),
    '-i',
    'express,fastify',
    '--no-conformance',
    '-o',
    out,
  ]);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.equal(results.runs.length, 4, `${stderr.slice(-300)}`);
  for (const run of results.runs) {
    const label = `${run.scenario} × ${run.impl}`;
    t.equal(run.failure, undefined, `${label} ran`);
    t.equal(run.stale['304'] + run.stale['200'], 0, `${label}: 0 stale`);
    t.ok(run.hitRate > 0 && run.idealHitRate - run.hitRate <= 0.05, `${label}: 304s of its own, near the ideal (${run.hitRate} of ${run.idealHitRate})`);
    t.equal(run.errors, 0, `${label}: no errors`);
    t.match(run.implVersion, run.impl === 'express' ? /^express 5\./ : /^fastify 5\..*@fastify\/etag/, `${label}: ${run.implVersion}`);
  }
  t.notMatch(stderr, /stale (304|200) [1-9]/, 'no stale response in any line');
  t.ok(code === 0 || code === 1, `exit ${code}`);
});
