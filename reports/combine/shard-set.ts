// The shards of one sharded run (`run --shard i/n`), checked before they are merged: every shard once, all of one
// split (n) and one seed. A set that does not fit is refused whole, naming what is wrong: merged anyway, a missing
// shard would pass for a lighter load and a duplicated one count its requests twice.

import { InvalidOptionError } from '../../harness/errors.js';
import type { RunResult } from '../../harness/results/types.js';

/** Starts further apart than this are noted: the shards' loads overlapped only in part. */
const START_SPREAD_NOTE_MS = 1000;

export interface ShardMachine {
  readonly source: string;
  readonly run: RunResult;
}

/** Throws InvalidOptionError (exit 2) for a set that does not fit; returns notes for one that fits loosely. */
export function checkShardSet(label: string, machines: readonly ShardMachine[]): string[] {
  const sharded = machines.filter((m) => m.run.shard !== undefined);
  if (sharded.length === 0) return [];
  const refuse = (why: string): never => {
    throw new InvalidOptionError('report --merge', label, `a whole set of shards: ${why}`);
  };
  if (sharded.length < machines.length) {
    const plain = machines.filter((m) => m.run.shard === undefined).map((m) => m.source);
    refuse(`${plain.join(', ')} ${plain.length === 1 ? 'is' : 'are'} no shard (run without --shard)`);
  }
  const shards = sharded.map((m) => ({ source: m.source, shard: m.run.shard! }));
  const counts = new Set(shards.map((s) => s.shard.count));
  if (counts.size > 1) refuse(`split differently (${shards.map((s) => `${s.source}: ${s.shard.index}/${s.shard.count}`).join(', ')})`);
  const seeds = new Set(shards.map((s) => s.shard.seed));
  if (seeds.size > 1) refuse(`different seeds (${shards.map((s) => `${s.source}: ${s.shard.seed}`).join(', ')}): their parts are not of one load`);
  const count = shards[0]!.shard.count;
  for (let index = 1; index <= count; index++) {
    const given = shards.filter((s) => s.shard.index === index);
    if (given.length === 0) refuse(`shard ${index}/${count} is missing`);
    if (given.length > 1) refuse(`shard ${index}/${count} is given twice (${given.map((s) => s.source).join(', ')})`);
  }
  const starts = shards.map((s) => Date.parse(s.shard.windowStartedAt));
  const spreadMs = Math.max(...starts) - Math.min(...starts);
  return spreadMs > START_SPREAD_NOTE_MS
    ? [
        `${label}: the shards' windows opened ${(spreadMs / 1000).toFixed(1)} s apart (start them together with --start-at): their loads overlapped only in part`,
      ]
    : [];
}
