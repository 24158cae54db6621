import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { ResultsFile } from '../../harness/results/types.js';
import type { ScenarioFile } from '../../harness/scenario/scenario.js';
import { CLI, ROOT } from '../helpers/processes.js';
import { scenarioFile } from '../helpers/scenario-file.js';

t.test('without memcached, ttl is reported unavailable with the install command, and the others still run', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-ttl-'));
  const tiny: ScenarioFile = {
    name: 'tiny',
    description: 'a short test load',
    documents: { count: 20, groups: 2 },
    durationS: 1,
    warmupS: 0.2,
    readers: { connections: 2, clients: 4 },
    writers: { ratePerSecond: 5 },
  };
  const scenario = scenarioFile(dir, tiny, {}, 'tiny');
  const child = spawn(
    process.execPath,
    [CLI, 'run', '-e', 'embedded', '-s', scenario, '-i', 'ttl,none', '-o', join(dir, 'out'), '--quiet', '--no-conformance'],
    {
      cwd: ROOT,
      env: { ...process.env, ETAG_BENCH_MEMCACHED: join(dir, 'no-memcached-here') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  t.equal(code, 0);
  const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsFile;
  const ttl = results.runs.find((run) => run.impl === 'ttl')!;
  t.match(ttl.failure, /ttl unavailable: memcached is not installed \(install it: apt-get install memcached\)/);
  t.equal(ttl.requests, 0, 'nothing else was measured in its place');
  const none = results.runs.find((run) => run.impl === 'none')!;
  t.ok(none.requests > 0, 'the other implementation ran');
  t.match(stdout, /FAILED: ttl unavailable/, 'the summary says so');
});
