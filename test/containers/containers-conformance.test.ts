// Conformance inside `run --env containers`: each built-in runs as a container on the environment's network, as
// the load runs do. `ttl` shows it: its memcached is a container known only by its alias on that network, so a
// `ttl` started as a local process could not reach it and would fail every case without a render.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ResultsFile } from '../../harness/results/types.js';
import { containersOf, requireRuntime, spawnCli } from './fixtures/containers.js';
import { shortSmoke } from '../helpers/scenario-file.js';

t.test('run --env containers: conformance runs the built-ins on the network (ttl reaches its memcached)', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-conformance-'));
  const run = spawnCli(t, ['run', '--env', 'containers', '-s', shortSmoke(dir, 1), '-i', 'reference,ttl', '--quiet', '-o', dir]);
  t.equal(await run.exited, 0, `exit 0 (stderr ends: ${run.stderr().slice(-600)})`);
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container of the run is left');
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsFile;
  const of = (impl: string) => results.conformance!.find((report) => report.impl === impl)!.cases;
  t.ok(
    of('reference').every((c) => c.ok),
    'reference passes every case',
  );
  const ttl = of('ttl');
  const broken = ttl.filter((c) => /did not start|process exited|ECONNREFUSED|memcache/i.test(c.detail ?? ''));
  t.same(
    broken.map((c) => `${c.id}: ${c.detail}`),
    [],
    'ttl starts and serves every case',
  );
  t.ok(
    ttl.some((c) => c.ok),
    `ttl passes the cases it can (${ttl.filter((c) => c.ok).length} of ${ttl.length})`,
  );
  t.ok(
    ttl.some((c) => /no ETag/.test(c.detail ?? '')),
    'and fails the ETag cases the way it fails them embedded (it sends none)',
  );
});
