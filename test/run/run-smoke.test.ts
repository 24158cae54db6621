import t from 'tap';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../harness/cli/main.js';
import { validateResults } from '../../harness/results/validate-results.js';
import type { ResultsFile } from '../../harness/results/types.js';
import { runCli } from '../helpers/processes.js';
import { scenarioFile } from '../helpers/scenario-file.js';

t.test('etag-bench run on the embedded environment, reference and seed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-run-'));
  const out = join(dir, 'report');
  // A shortened smoke: same shape, fewer seconds, enough external writes for the seed to be caught.
  const scenario = scenarioFile(dir, 'smoke', { durationS: 4, warmupS: 0.5, writers: { ratePerSecond: 30, throughAppShare: 0.4 } }, 'smoke-short');
  const { code, stdout, stderr } = await runCli(['run', '-e', 'embedded', '-s', scenario, '-i', 'reference,seed', '-o', out, '--quiet']);
  t.equal(code, 0, `exit 0 (stderr: ${stderr.slice(-500)})`);

  const resultsPath = join(out, 'results.json');
  const reportPath = join(out, 'report.html');
  t.match(stderr, `results: ${resultsPath}`, 'prints where results.json is');
  t.match(stderr, `report:  ${reportPath}`, 'prints where report.html is');
  t.match(stdout, /reference\s+smoke/, 'the summary table has the reference');
  t.match(stdout, /seed\s+smoke/, 'the summary table has the seed');

  const validation = validateResults(JSON.parse(readFileSync(resultsPath, 'utf8')));
  t.ok(validation.ok, `results.json validates: ${validation.ok ? '' : validation.errors.join('; ')}`);
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as ResultsFile;
  t.equal(results.environment.kind, 'embedded');
  t.match(results.environment.couchdb.version, /\S/, 'names the CouchDB it measured');
  t.ok((results.environment.harnessCeilingRps ?? 0) > 0, 'reports the harness ceiling');
  t.match(results.environment.loadGenerator, /^undici \d+\.\d+\.\d+$/, 'names the load generator (undici by default)');

  const reference = results.runs.find((run) => run.impl === 'reference');
  const seed = results.runs.find((run) => run.impl === 'seed');
  t.ok(reference && seed, 'one run per implementation');
  t.equal(reference!.failure, undefined);
  t.equal(reference!.stale['304'], 0, 'reference: no stale 304');
  t.equal(reference!.stale['200'], 0, 'reference: no stale 200');
  t.ok(reference!.hitRate > 0, `reference: hit rate ${reference!.hitRate} > 0`);
  t.ok(reference!.requests > 0 && reference!.conditionalRequests > 0);
  t.ok(reference!.invalidationLagMs.samples > 0, 'invalidation lag was probed');
  t.equal(reference!.invalidationLagMs.timeouts, 0, 'reference: every probed write was seen');
  t.ok(reference!.couchRequests !== null, 'CouchDB requests counted on the embedded server');
  t.ok(seed!.stale['304'] > 0, `seed: stale 304s caught (${seed!.stale['304']})`);
  t.ok(seed!.invalidationLagMs.timeouts > 0, 'seed: some external writes never invalidated');

  const conformance = results.conformance ?? [];
  t.same(
    conformance.map((c) => c.impl),
    ['reference', 'seed'],
    'each implementation ran the conformance cases',
  );
  t.ok(conformance[0]!.cases.length > 30 && conformance[0]!.cases.every((c) => c.ok), 'reference passes every case');
  t.ok(
    conformance[1]!.cases.some((c) => c.id === 'inm-other-page' && !c.ok),
    'the seed fails the cross-resource case',
  );

  // The file a real run wrote is one `etag-bench report` reads back, and writes again unchanged.
  const again = join(dir, 'again');
  let reportErr = '';
  const reportCode = await main(['report', resultsPath, '-o', again], { writeOut: () => {}, writeErr: (text) => (reportErr += text) });
  t.equal(reportCode, 0, `etag-bench report reads it (${reportErr})`);
  t.same(JSON.parse(readFileSync(join(again, 'results.json'), 'utf8')), results, 'and writes it again equal');

  t.ok(existsSync(reportPath), 'report.html exists');
  const html = readFileSync(reportPath, 'utf8');
  t.notMatch(html, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i, 'no network reference in the report');
  t.notMatch(html, /@import|url\(\s*["']?(https?:)?\/\//i);
  t.match(html, /<h2>Conformance<\/h2>/, 'the report shows the conformance matrix');
});
