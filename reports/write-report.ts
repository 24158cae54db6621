// Saves a run's results.json and report.html side by side. What is validated is the JSON as it will be saved
// (NaN turns to null, undefined keys vanish), and the report is built from that same JSON: an invalid file would
// break every later report built from it, so it is refused rather than written.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultsFile } from '../harness/results/types.js';
import { validateResults } from '../harness/results/validate-results.js';
import { renderHtmlReport } from './html-report.js';

export async function writeReport(
  outDir: string,
  results: ResultsFile,
): Promise<{ resultsPath: string; reportPath: string }> {
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const validation = validateResults(JSON.parse(json));
  if (!validation.ok) {
    throw new Error(`results do not match etag-bench/results@1, not written:\n  ${validation.errors.join('\n  ')}`);
  }
  const html = renderHtmlReport(validation.results);
  await mkdir(outDir, { recursive: true });
  const resultsPath = join(outDir, 'results.json');
  const reportPath = join(outDir, 'report.html');
  await writeFile(resultsPath, json);
  await writeFile(reportPath, html);
  return { resultsPath, reportPath };
}
