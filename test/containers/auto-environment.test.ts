import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoEnvironment } from '../../harness/environment/containers/auto-environment.js';
import type { ResultsFile } from '../../harness/results/types.js';
import { containersOf, requireRuntime, spawnCli } from './fixtures/containers.js';
import { shortSmoke } from '../helpers/scenario-file.js';

t.test('--env auto picks containers when a container runtime answers, and says why', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-auto-'));
  const out = join(dir, 'out');
  // ETAG_BENCH_ENV would set --env's default: removed, so auto is what runs.
  const run = spawnCli(t, ['run', '-s', shortSmoke(dir, 1), '-i', 'reference', '--no-conformance', '-o', out], { ETAG_BENCH_ENV: undefined });
  t.equal(await run.exited, 0, `exit 0 (stderr ends: ${run.stderr().slice(-500)})`);
  t.match(run.stderr(), /^environment: containers \(--env auto: a container runtime answers at \S+\)$/m, 'prints which environment and why');
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.equal(results.environment.kind, 'containers');
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left');
});

t.test('auto without a runtime is embedded, with the reason', async (t) => {
  const missing = await autoEnvironment(undefined, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  t.equal(missing.kind, 'embedded');
  t.match(missing.why, /DOCKER_HOST=unix:\/\/\/nonexistent\/docker\.sock does not answer \(ENOENT\)/);
  const bad = await autoEnvironment(undefined, { DOCKER_HOST: 'ssh://somewhere' });
  t.equal(bad.kind, 'embedded');
  t.match(bad.why, /not a unix:\/\/ or tcp:\/\/ address/);
  const external = await autoEnvironment('http://127.0.0.1:5984', {});
  t.same(external, { kind: 'external', why: '--couchdb-url was given' });
});
