// A sharded run for real: two `run --shard i/2` processes with one --start-at against one target (an external
// CouchDB and a url: implementation, as machines would share them), merged by `report --merge` into one run that
// counts every request once and judges like one run: the reference exact, the writes made by shard 1 only.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { ResultsFile } from '../../harness/results/types.js';
import { runCli, startExternalTarget } from '../helpers/processes.js';
import { shortSmoke } from '../helpers/scenario-file.js';

t.setTimeout(300_000);

const read = (path: string): ResultsFile => JSON.parse(readFileSync(path, 'utf8')) as ResultsFile;

t.test('two shards started together, merged: every request once, writes on shard 1, the reference exact', async (t) => {
  const dir = t.testdir();
  const { couchUrl, implUrl } = await startExternalTarget(t);
  const scenario = shortSmoke(dir, 3);
  const startAt = new Date(Date.now() + 12_000).toISOString();
  const shard = (i: number) =>
    runCli([
      'run',
      '--env',
      'external',
      '--couchdb-url',
      couchUrl,
      '--db',
      'pages',
      '-i',
      `url:${implUrl}`,
      '-s',
      scenario,
      '--shard',
      `${i}/2`,
      '--start-at',
      startAt,
      '--no-conformance',
      '--quiet',
      '-o',
      join(dir, `shard-${i}`),
    ]);
  const [one, two] = await Promise.all([shard(1), shard(2)]);
  t.equal(one.code, 0, `shard 1 exits 0${one.code === 0 ? '' : `: ${one.stderr.slice(-400)}`}`);
  t.equal(two.code, 0, `shard 2 exits 0${two.code === 0 ? '' : `: ${two.stderr.slice(-400)}`}`);
  const [a, b] = [read(join(dir, 'shard-1', 'results.json')), read(join(dir, 'shard-2', 'results.json'))];
  const [runA, runB] = [a.runs[0]!, b.runs[0]!];
  t.match(runA.shard, { index: 1, count: 2 });
  t.match(runB.shard, { index: 2, count: 2, seed: runA.shard!.seed });
  const apart = Math.abs(Date.parse(runA.shard!.windowStartedAt) - Date.parse(runB.shard!.windowStartedAt));
  t.ok(apart < 1000, `their windows opened together (${apart} ms apart)`);
  t.ok(runA.writes.app + runA.writes.couch > 0, 'shard 1 writes');
  t.equal(runB.writes.app + runB.writes.couch, 0, 'shard 2 only reads');
  t.ok(runA.requests > 100 && runB.requests > 100, `both read (${runA.requests}, ${runB.requests})`);
  t.equal(runA.stale['304'] + runA.stale['200'] + runB.stale['304'] + runB.stale['200'], 0, 'the reference is exact on both');

  const merged = await runCli(['report', '--merge', join(dir, 'shard-1', 'results.json'), join(dir, 'shard-2', 'results.json'), '-o', join(dir, 'merged')]);
  t.equal(merged.code, 0, merged.stderr);
  const run = read(join(dir, 'merged', 'results.json')).runs[0]!;
  t.equal(run.requests, runA.requests + runB.requests, 'every request counted once');
  t.same(run.status, mergeCounts(runA.status, runB.status), 'statuses summed');
  t.equal(run.shard, undefined, 'the merge is the whole run');
  t.notMatch(merged.stderr, /shard/, 'nothing to note about the shards');

  const missing = await runCli(['report', '--merge', join(dir, 'shard-1', 'results.json'), '-o', join(dir, 'half')]);
  t.equal(missing.code, 2, 'one shard alone is refused');
  t.match(missing.stderr, /a whole set of shards: shard 2\/2 is missing/);
});

function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) out[key] = (out[key] ?? 0) + value;
  return out;
}
