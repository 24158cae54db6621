// What a run tells its listeners, in order: the plan, notes, each cell's start, progress and result, the
// conformance verdicts, and the finished results. The terminal's progress line and table, `--json` and the
// report writer are listeners; the run itself prints nothing.

import type { ConformanceResult, ResultsFile, RunResult } from '../results/types.js';
import type { RunProgress } from './measured-window.js';
import type { RunCell, RunPlan } from './run-plan.js';

export type RunEvent =
  | { readonly type: 'plan'; readonly plan: RunPlan }
  | { readonly type: 'note'; readonly text: string }
  | { readonly type: 'cell-start'; readonly cell: RunCell }
  | { readonly type: 'progress'; readonly cell: RunCell; readonly progress: RunProgress }
  | { readonly type: 'cell-result'; readonly cell: RunCell; readonly result: RunResult }
  | { readonly type: 'conformance'; readonly results: readonly ConformanceResult[] }
  | { readonly type: 'done'; readonly results: ResultsFile; readonly interrupted: boolean };

/** Awaited in order for every event but progress (which is never waited for: the load does not pause). */
export type RunListener = (event: RunEvent) => void | Promise<void>;
