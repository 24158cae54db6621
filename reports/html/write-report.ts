// Saves results.json, report.html and summary.md side by side. What is validated is the JSON as it will be saved
// (NaN turns to null, undefined keys vanish), and the reports are built from that same JSON: an invalid file would
// break every later report built from it, so it is refused rather than written.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultsFile } from '../../harness/results/types.js';
import { checkResults } from '../../harness/results/validate-results.js';
import { renderHtmlReport } from './report-page.js';
import { renderSummaryMd, type SummaryContext } from './summary-md.js';

/** What `etag-bench report` adds to a run's own report: the summary's context and extra HTML sections. */
export interface ReportExtras extends SummaryContext {
  /** Whole sections (a comparison, merge notes), placed after the overview, in this order. */
  readonly htmlSections?: readonly string[];
}

export interface WrittenReport {
  readonly resultsPath: string;
  readonly reportPath: string;
  readonly summaryPath: string;
}

export async function writeReport(outDir: string, results: ResultsFile, extras: ReportExtras = {}): Promise<WrittenReport> {
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const resultsPath = join(outDir, 'results.json');
  const saved = checkResults(JSON.parse(json), resultsPath, 'write');
  const html = renderHtmlReport(saved, extras.htmlSections ?? []);
  const summary = renderSummaryMd(saved, extras);
  await mkdir(outDir, { recursive: true });
  const reportPath = join(outDir, 'report.html');
  const summaryPath = join(outDir, 'summary.md');
  await writeFile(resultsPath, json);
  await writeFile(reportPath, html);
  await writeFile(summaryPath, summary);
  return { resultsPath, reportPath, summaryPath };
}
