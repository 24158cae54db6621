// The lines above the runs table that say, in words, whether the results are good: thresholds, runs that could not
// run, stale responses, conformance. Each starts with ✓ or ✗, so it reads the same without colour.

import type { ResultsFile, RunResult, Threshold } from '../../harness/results/types.js';
import { seriesLabel } from '../charts/run-series.js';
import { ceilingWarnings } from './ceiling-warning.js';
import { tallyStack } from './conformance-stacks.js';
import { stackLabel } from '../../harness/results/stack-label.js';
import { escapeHtml } from './escape.js';

interface Line {
  readonly ok: boolean;
  /** Not a failure, but the figures need a caveat (⚠). */
  readonly warning?: boolean;
  readonly text: string;
}

/** `stale304 == 0`: the threshold as written (its name is the text of it; older files hold the metric alone). */
export function thresholdText(threshold: Threshold): string {
  return threshold.name.endsWith(threshold.limit) ? threshold.name : `${threshold.name} ${threshold.limit}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const runName = (run: RunResult) => `${seriesLabel(run)} in ${run.scenario}`;

function thresholdLine(runs: readonly RunResult[]): Line | undefined {
  const judged = runs.filter((run) => run.failure === undefined && run.thresholds.length > 0);
  if (judged.length === 0) return undefined;
  const missed = judged.filter((run) => run.thresholds.some((threshold) => !threshold.ok));
  if (missed.length === 0) return { ok: true, text: `every run met its thresholds (${plural(judged.length, 'run')})` };
  const which = missed.map(
    (run) =>
      `${runName(run)} (${run.thresholds
        .filter((th) => !th.ok)
        .map(thresholdText)
        .join(', ')})`,
  );
  return { ok: false, text: `${plural(missed.length, 'run')} of ${judged.length} missed a threshold: ${which.join('; ')}` };
}

function staleLine(runs: readonly RunResult[]): Line | undefined {
  const measured = runs.filter((run) => run.failure === undefined);
  if (measured.length === 0) return undefined;
  const stale304 = measured.reduce((sum, run) => sum + run.stale['304'], 0);
  const stale200 = measured.reduce((sum, run) => sum + run.stale['200'], 0);
  if (stale304 + stale200 === 0) return { ok: true, text: 'no stale response in any run' };
  const runsWith = measured.filter((run) => run.stale['304'] + run.stale['200'] > 0).length;
  return {
    ok: false,
    text: `${plural(stale304 + stale200, 'stale response')} (${stale304} stale 304, ${stale200} stale 200) in ${plural(runsWith, 'run')}`,
  };
}

function conformanceLine(results: ResultsFile): Line | undefined {
  const entries = results.conformance ?? [];
  if (entries.length === 0) return undefined;
  const failing = entries.flatMap((entry) => {
    if (entry.failure !== undefined) return [`${stackLabel(entry)} (suite could not run)`];
    const failed = tallyStack(entry).failedRequired.length;
    return failed > 0 ? [`${stackLabel(entry)} (${plural(failed, 'required case')})`] : [];
  });
  if (failing.length === 0)
    return { ok: true, text: `every ${entries.some((e) => e.proxy !== undefined) ? 'stack' : 'implementation'} passes every required conformance case` };
  return { ok: false, text: `conformance fails for ${failing.join(', ')}` };
}

export function verdictLines(results: ResultsFile): Line[] {
  const failed = results.runs.filter((run) => run.failure !== undefined);
  return [
    ...(failed.length > 0 ? [{ ok: false, text: `${plural(failed.length, 'run')} could not run: ${failed.map(runName).join(', ')}` }] : []),
    thresholdLine(results.runs),
    staleLine(results.runs),
    conformanceLine(results),
    ...ceilingWarnings(results).map((text) => ({ ok: false, warning: true, text })),
  ].filter((line): line is Line => line !== undefined);
}

export function renderVerdict(results: ResultsFile): string {
  if (results.runs.length === 0 && (results.conformance ?? []).length === 0) return '';
  const items = verdictLines(results).map((line) => {
    const [kind, mark] = line.warning === true ? ['warn', '⚠'] : line.ok ? ['pass', '✓'] : ['fail', '✗'];
    return `<li class="${kind}">${mark} ${escapeHtml(line.text)}</li>`;
  });
  return `<ul class="verdict">\n${items.join('\n')}\n</ul>`;
}
