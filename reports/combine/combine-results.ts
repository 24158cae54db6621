// Several results files side by side in one results file: every run of every file, in the order given, under
// the first file's environment (summary.md lists each file's own); the file each run came from is returned
// beside it, since results.json has no field for it.

import type { ResultsFile } from '../../harness/results/types.js';
import { conformanceOf, type SourcedResults } from './merge-results.js';

export interface CombinedResults {
  readonly results: ResultsFile;
  /** The source of each run, parallel to results.runs. */
  readonly runSources: string[];
}

export function combineResults(files: readonly SourcedResults[]): CombinedResults {
  const [first] = files;
  if (first === undefined) throw new RangeError('nothing to combine: no results file');
  return {
    results: {
      ...first.results,
      runs: files.flatMap((file) => file.results.runs),
      ...conformanceOf(files),
    },
    runSources: files.flatMap((file) => file.results.runs.map(() => file.source)),
  };
}
