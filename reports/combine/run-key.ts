// Which runs of different results files are "the same run": equal scenario, impl and proxy. A file that holds
// the same triple twice (a scenario given twice) pairs its first with the other file's first, and so on.

import type { RunResult } from '../../harness/results/types.js';

export interface RunKey {
  readonly scenario: string;
  readonly impl: string;
  readonly proxy: string;
  /** 0 for the first run of this triple in its file, 1 for the second, … */
  readonly occurrence: number;
}

/** A string that is equal for runs to pair (the parts are JSON-quoted, so no separator can be forged). */
export function keyString(key: RunKey): string {
  return JSON.stringify([key.scenario, key.impl, key.proxy, key.occurrence]);
}

/** Each run of a file with its key, in file order. */
export function keyedRuns<T extends RunResult>(runs: readonly T[]): { key: RunKey; run: T }[] {
  const seen = new Map<string, number>();
  return runs.map((run) => {
    const triple = JSON.stringify([run.scenario, run.impl, run.proxy]);
    const occurrence = seen.get(triple) ?? 0;
    seen.set(triple, occurrence + 1);
    return { key: { scenario: run.scenario, impl: run.impl, proxy: run.proxy, occurrence }, run };
  });
}

/** `read-mostly × reference via varnish` (and `#2` for a repeated one), for tables and messages. */
export function describeKey(key: RunKey): string {
  const via = key.proxy !== '' && key.proxy !== 'none' ? ` via ${key.proxy}` : '';
  const repeat = key.occurrence > 0 ? ` #${key.occurrence + 1}` : '';
  return `${key.scenario} × ${key.impl}${via}${repeat}`;
}
