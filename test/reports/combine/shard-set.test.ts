// report --merge of a sharded run: the shards merge exactly into one run, and a set that does not fit (a shard
// missing or given twice, another split or seed, a file that is no shard) is refused whole, naming what is wrong.

import t from 'tap';
import type { ResultsFile, RunResult, RunShard } from '../../../harness/results/types.js';
import { validateResults } from '../../../harness/results/validate-results.js';
import { mergeResults, type SourcedResults } from '../../../reports/combine/merge-results.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

const START = '2026-12-07T15:00:00.000Z';

function shardFile(index: number, count: number, changes: Partial<RunShard> = {}, source = `shard-${index}.json`): SourcedResults {
  const base = smokeResults();
  const run: RunResult = { ...base.runs[0]!, shard: { index, count, seed: 7, windowStartedAt: START, ...changes } };
  return { source, results: { ...base, runs: [run] } };
}

t.test('a whole set merges: requests summed, the merged run no shard of its own', async (t) => {
  const files = [shardFile(1, 3), shardFile(2, 3), shardFile(3, 3)];
  t.ok(validateResults(JSON.parse(JSON.stringify(files[0]!.results)) as ResultsFile).ok, 'a shard file validates');
  const { results, notes } = mergeResults(files);
  const one = files[0]!.results.runs[0]!;
  t.equal(results.runs.length, 1);
  t.equal(results.runs[0]!.requests, one.requests * 3, 'every shard counted once');
  t.equal(results.runs[0]!.shard, undefined, 'the merge is the whole run');
  t.same(
    notes.filter((n) => /shard/.test(n)),
    [],
    'started together: nothing to note',
  );
});

t.test('a set that does not fit is refused whole (exit 2), naming what is wrong', async (t) => {
  const refused = (files: SourcedResults[], message: RegExp) => t.throws(() => mergeResults(files), { code: 'EB_ERR_INVALID_OPTION', exitCode: 2, message });
  refused([shardFile(1, 3), shardFile(3, 3)], /a whole set of shards: shard 2\/3 is missing/);
  refused([shardFile(1, 2), shardFile(2, 2), shardFile(2, 2, {}, 'again.json')], /shard 2\/2 is given twice \(shard-2\.json, again\.json\)/);
  refused([shardFile(1, 2), shardFile(2, 3)], /split differently \(shard-1\.json: 1\/2, shard-2\.json: 2\/3\)/);
  refused([shardFile(1, 2), shardFile(2, 2, { seed: 8 })], /different seeds \(shard-1\.json: 7, shard-2\.json: 8\)/);
  const plain: SourcedResults = { source: 'plain.json', results: smokeResults() };
  refused([shardFile(1, 2), plain], /plain\.json is no shard \(run without --shard\)/);
});

t.test('shards whose windows opened apart are merged with a note', async (t) => {
  const { notes } = mergeResults([shardFile(1, 2), shardFile(2, 2, { windowStartedAt: '2026-12-07T15:00:04.500Z' })]);
  t.match(notes.join('\n'), /windows opened 4\.5 s apart \(start them together with --start-at\)/);
});
