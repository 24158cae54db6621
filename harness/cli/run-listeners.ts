// `etag-bench run`'s listeners: what the user sees (progress on stderr, the summary table on stdout, or the
// results file with --json) and what is kept (results.json, report.html, summary.md).

import { ceilingWarnings } from '../../reports/html/ceiling-warning.js';
import { conformanceTextLines } from '../../reports/html/conformance-stacks.js';
import { renderSummaryTable } from '../../reports/html/summary-table.js';
import { writeReport } from '../../reports/html/write-report.js';
import type { ResultsFile } from '../results/types.js';
import type { ProgressLog } from '../run/progress.js';
import type { RunListener } from '../run/run-events.js';

/** Progress and notes on stderr (quiet: none). */
export function progressListener(log: ProgressLog): RunListener {
  return (event) => {
    if (event.type === 'note') log.note(event.text);
    else if (event.type === 'cell-start') log.starting(event.cell.label);
    else if (event.type === 'progress') log.progress(event.cell.label, event.progress);
    else if (event.type === 'cell-result') log.done(event.cell.label, event.result);
  };
}

/** The summary table on stdout; with --json the results file there, and the table on stderr. */
export function summaryListener(json: boolean, note: (text: string) => void): RunListener {
  return (event) => {
    if (event.type !== 'done') return;
    // The conformance verdict per stack under the runs table: a default run's failures are not left to results.json.
    const summary = [renderSummaryTable(event.results), ...conformanceTextLines(event.results).map((line) => `${line}\n`)].join('');
    if (json) {
      process.stdout.write(`${JSON.stringify(event.results, null, 2)}\n`);
      process.stderr.write(summary);
    } else {
      process.stdout.write(summary);
    }
    const ceiling = event.results.environment.harnessCeilingRps;
    note(ceiling === null ? 'harness ceiling: not measured (interrupted)' : `harness ceiling: ${ceiling} req/s (its own hook path against a trivial server)`);
    for (const warning of ceilingWarnings(event.results)) process.stderr.write(`warning: ${warning}\n`);
  };
}

/** Writes the three files into `outDir` and says where; `written` holds the results for the exit code. */
export function reportListener(outDir: string): { listener: RunListener; written: () => ResultsFile | undefined } {
  let results: ResultsFile | undefined;
  return {
    listener: async (event) => {
      if (event.type !== 'done') return;
      const { resultsPath, reportPath, summaryPath } = await writeReport(outDir, event.results);
      results = event.results;
      process.stderr.write(`results: ${resultsPath}\nreport:  ${reportPath}\nsummary: ${summaryPath}\n`);
    },
    written: () => results,
  };
}
