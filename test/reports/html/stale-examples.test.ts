// The first stale responses, as the report, summary.md and the terminal show them: what to look for in an
// implementation's logs. Nothing at all where no run served a stale response.
import { PassThrough } from 'node:stream';
import t from 'tap';
import type { RunResult, StaleExample } from '../../../harness/results/types.js';
import { ProgressLog } from '../../../harness/run/progress.js';
import { renderStaleExamplesTable } from '../../../reports/html/stale-examples-table.js';
import { renderSummaryMd } from '../../../reports/html/summary-md.js';
import { smokeResults, withRuns } from '../../fixtures/results-smoke.js';

const behindBy: StaleExample = { atMs: 14_203, page: '/doc/d-7', status: 200, staleForMs: 1203.4, docId: 'd-7', shownRev: '3-abc', dueRev: '4-def' };
const leftOut: StaleExample = { atMs: 15_000, page: '/group/g-1', status: 304, staleForMs: 12, docId: 'd-9', dueRev: '1-aaa' };
const withExamples = (run: RunResult, examples: StaleExample[]): RunResult => ({ ...run, staleExamples: examples });
const results = withRuns(([reference, seed]) => [withExamples(reference!, []), withExamples(seed!, [behindBy, leftOut, behindBy, behindBy])]);

t.test('the report lists each stale example with what it showed and what was due', async (t) => {
  const html = renderStaleExamplesTable(results);
  t.match(html, /<h3>First stale responses<\/h3>/);
  t.match(
    html,
    /<td class="text">seed<\/td><td class="text">none<\/td><td class="num">14\.203<\/td><td class="text">\/doc\/d-7<\/td><td class="num">200<\/td><td class="text">d-7<\/td><td class="text">3-abc<\/td><td class="text">4-def<\/td><td class="num">1203<\/td>/,
  );
  t.match(html, /<td class="text">d-9<\/td><td class="text">none<\/td><td class="text">1-aaa<\/td>/, 'a member left out of a group page');
  t.notMatch(html, /<td class="text">reference<\/td>/, 'a run without stale responses has no row');
  t.equal(renderStaleExamplesTable(smokeResults()), '', 'no examples: no table');
});

t.test('summary.md: the first three per run', async (t) => {
  const md = renderSummaryMd(results);
  t.match(
    md,
    /### First stale responses\n\n- read-mostly × seed: at 14\.203 s, \/doc\/d-7 200 showed d-7 at 3-abc while 4-def was due \(for 1203 ms\)\n- read-mostly × seed: at 15\.000 s, \/group\/g-1 304 left d-9 out while 1-aaa was due/,
  );
  t.equal(md.match(/^- read-mostly × seed: at/gm)?.length, 3);
  t.notMatch(renderSummaryMd(smokeResults()), /First stale responses/);
});

t.test('the terminal: the first stale response under the run line', async (t) => {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const progress = new ProgressLog(stream as unknown as NodeJS.WriteStream, false);
  const [reference, seed] = results.runs;
  progress.done('read-mostly × reference', reference!);
  progress.done('read-mostly × seed', seed!);
  t.match(
    out,
    /read-mostly × reference: .*errors \d+\nread-mostly × seed: .*\n {2}first stale: at 14\.203 s, \/doc\/d-7 200 showed d-7 at 3-abc while 4-def was due \(for 1203 ms\)\n$/,
  );
});
