import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ResultsFile } from '../../../harness/results/types.js';
import { renderSummaryMd } from '../../../reports/html/summary-md.js';
import { writeReport } from '../../../reports/html/write-report.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'etag-bench-report-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('writes results.json, report.html and summary.md into a new directory', async (t) => {
  const outDir = join(await tempDir(t), 'nested', 'out');
  const results = smokeResults();
  const written = await writeReport(outDir, results);
  t.same(written, {
    resultsPath: join(outDir, 'results.json'),
    reportPath: join(outDir, 'report.html'),
    summaryPath: join(outDir, 'summary.md'),
  });
  t.equal(await readFile(written.summaryPath, 'utf8'), renderSummaryMd(results), 'the summary of the same results');
  const json = await readFile(written.resultsPath, 'utf8');
  t.equal(json, `${JSON.stringify(results, null, 2)}\n`, 'pretty-printed with 2 spaces');
  t.same(JSON.parse(json), results);
  t.match(await readFile(written.reportPath, 'utf8'), /^<!DOCTYPE html>[\s\S]*<td class="text">reference<\/td>/);
});

t.test('refuses invalid results and writes nothing', async (t) => {
  const outDir = join(await tempDir(t), 'out');
  const results = smokeResults();
  const invalid = { ...results, runs: [{ ...results.runs[0]!, hitRate: '80%' }] } as unknown as ResultsFile;
  await t.rejects(writeReport(outDir, invalid), {
    code: 'EB_ERR_INVALID_RESULTS',
    exitCode: 1,
    message:
      /^.*out\/results\.json not written: the results do not match etag-bench's own results schema \(a bug in etag-bench, please report it\): \/runs\/0\/hitRate must be number$/,
  });
  await t.rejects(readdir(outDir), { code: 'ENOENT' }, 'not even the directory');
});

t.test('checks the JSON as saved: NaN is refused, an undefined optional key is not', async (t) => {
  const dir = await tempDir(t);
  const results = smokeResults();
  const nan = { ...results, runs: [{ ...results.runs[0]!, hitRate: Number.NaN }] };
  await t.rejects(writeReport(join(dir, 'nan'), nan), { message: /\/runs\/0\/hitRate must be number/ });

  const undefinedFailure = { ...results, runs: [{ ...results.runs[0]!, failure: undefined }] };
  const { resultsPath } = await writeReport(join(dir, 'ok'), undefinedFailure);
  t.notMatch(await readFile(resultsPath, 'utf8'), /"failure"/);
});

t.test('extra HTML sections land in the report, and the summary gets their context', async (t) => {
  const dir = await tempDir(t);
  const section = '<h2>Comparison</h2>\n<p id="extra-section">extra</p>';
  const { reportPath, summaryPath } = await writeReport(dir, smokeResults(), { htmlSections: [section, ''], notes: ['a note'] });
  const html = await readFile(reportPath, 'utf8');
  t.match(html, /<\/table><\/div>\n<h2>Comparison<\/h2>\n<p id="extra-section">extra<\/p>\n<h2>Scenarios<\/h2>/, 'after the overview, before the scenarios');
  t.equal(html.split('id="extra-section"').length, 2, 'once');
  t.match(await readFile(summaryPath, 'utf8'), /### Notes\n\n- a note\n/);
});
