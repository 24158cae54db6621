// The shards' results from their pods' logs (`kubectl logs -l etag-bench/run=<name> --tail=-1`, with or without
// --prefix): each pod's results.json between the frame lines, parsed and validated as `report` will read it.
// A frame that does not parse is refused with where it is; which shards came back is said by the caller.

import { checkResults } from '../results/validate-results.js';
import type { ResultsFile } from '../results/types.js';
import { InvalidOptionError } from '../errors.js';
import { FRAME_BEGIN, FRAME_END } from './sharded-job.js';

export interface CollectedShard {
  /** `shard-<i>-of-<n>` (the run's shard identity), or `results-<k>` for a frame without one. */
  readonly name: string;
  readonly results: ResultsFile;
}

// kubectl logs --prefix puts `[pod/<name>/<container>] ` before every line.
const PREFIX = /^\[pod\/[^\]]+\] /;

export function collectResults(logs: string, source: string): CollectedShard[] {
  const collected: CollectedShard[] = [];
  let frame: string[] | undefined;
  let frameLine = 0;
  const lines = logs.split('\n').map((line) => line.replace(PREFIX, '').replace(/\r$/, ''));
  lines.forEach((line, at) => {
    if (line === FRAME_BEGIN) {
      frame = [];
      frameLine = at + 1;
    } else if (line === FRAME_END && frame !== undefined) {
      collected.push(parseFrame(frame.join('\n'), `${source}:${frameLine}`, collected.length));
      frame = undefined;
    } else if (frame !== undefined) {
      frame.push(line);
    }
  });
  if (frame !== undefined)
    throw new InvalidOptionError('kubernetes collect', `${source}:${frameLine}`, 'a whole results frame (its end line is missing: a pod cut off?)');
  return collected;
}

function parseFrame(text: string, where: string, ordinal: number): CollectedShard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidOptionError('kubernetes collect', where, `a results.json frame (${(error as Error).message}; did the run fail before it wrote one?)`);
  }
  const results = checkResults(json, where, 'read');
  const shard = results.runs[0]?.shard;
  return { name: shard === undefined ? `results-${ordinal + 1}` : `shard-${shard.index}-of-${shard.count}`, results };
}
