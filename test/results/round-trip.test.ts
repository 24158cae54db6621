// Results as etag-bench writes them are results it reads back, unchanged: through writeReport (what run and report
// save) and through `etag-bench report`.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { main, type CliOutput } from '../../harness/cli/main.js';
import { RESULTS_SCHEMA_ID, RESULTS_SCHEMA_VERSION } from '../../harness/results/types.js';
import { checkResults } from '../../harness/results/validate-results.js';
import { writeReport } from '../../reports/html/write-report.js';
import { smokeResults } from '../fixtures/results-smoke.js';

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'etag-bench-round-trip-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('a results file written by writeReport validates and reads back equal', async (t) => {
  const dir = await tempDir(t);
  const results = smokeResults();
  const { resultsPath } = await writeReport(join(dir, 'run'), results);
  const saved = JSON.parse(await readFile(resultsPath, 'utf8')) as unknown;
  t.match(saved, { schema: RESULTS_SCHEMA_ID, schemaVersion: RESULTS_SCHEMA_VERSION }, 'says what it is and which version');
  t.same(checkResults(saved, resultsPath), results, 'read back equal');

  // `etag-bench report` on that one file reads it with the same check and writes it again, unchanged.
  let err = '';
  const output: CliOutput = { writeOut: () => {}, writeErr: (text) => (err += text) };
  const out = join(dir, 'report');
  t.equal(await main(['report', resultsPath, '-o', out], output), 0, err);
  const again = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as unknown;
  t.same(checkResults(again, join(out, 'results.json')), results, 'written again by report, still equal');
});
