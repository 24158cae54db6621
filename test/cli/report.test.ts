import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { main, type CliOutput } from '../../harness/cli/main.js';
import type { ResultsFile } from '../../harness/results/types.js';
import { validateResults } from '../../harness/results/validate-results.js';
import { smokeJson, smokeResults } from '../fixtures/results-smoke.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const output: CliOutput = { writeOut: (text) => (out += text), writeErr: (text) => (err += text) };
  const code = await main(argv, output);
  return { code, out, err };
}

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'etag-bench-report-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function saved(dir: string, name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

t.test('bad inputs exit 2 with one line naming the file', async (t) => {
  const dir = await tempDir(t);
  const good = await saved(dir, 'good.json', smokeResults());
  const notJson = await saved(dir, 'not-json.json', '{"schema": "etag-bench/results",\n  oops');
  const broken = smokeJson();
  broken.runs[0]!.hitRate = '80%';
  const invalid = await saved(dir, 'invalid.json', broken);
  const badHistogram = smokeJson();
  (badHistogram.runs[0]!.histograms as Record<string, string>)['200'] = 'not an HDR histogram';
  const undecodable = await saved(dir, 'undecodable.json', badHistogram);
  const versionOne = smokeJson();
  versionOne.schema = 'etag-bench/results@1';
  delete versionOne.schemaVersion;
  const old = await saved(dir, 'old.json', versionOne);
  const foreign = await saved(dir, 'foreign.json', { name: 'etag-bench', version: '0.1.0', type: 'module' });
  const missing = join(dir, 'missing.json');
  const cases: [string[], RegExp][] = [
    [[good, missing], /^etag-bench: report: ".*missing\.json" is not a readable file \(ENOENT\)$/],
    [[notJson], /^etag-bench: report: ".*not-json\.json" is not JSON \(.+\)$/],
    [[good, invalid], /^etag-bench: .*invalid\.json: \/runs\/0\/hitRate must be number$/],
    [
      [good, old],
      /^etag-bench: .*old\.json: schemaVersion is missing: "schema": "etag-bench\/results@1" is format version 1 \(written by etag-bench 0\.1\.0\), and this etag-bench reads schemaVersion 2 only: run the benchmark again with this etag-bench, or build the report with the etag-bench version that wrote the file$/,
    ],
    [
      [foreign],
      /^etag-bench: .*foreign\.json: not an etag-bench results file: it has no "schema", where etag-bench writes "schema": "etag-bench\/results" and "schemaVersion": 2$/,
    ],
    [[good, good], /^etag-bench: report: ".*good\.json" is not usable twice/],
    [
      ['--merge', good, undecodable],
      /^etag-bench: report --merge: ".*undecodable\.json" is not mergeable: histograms\.200 of read-mostly × reference in .*undecodable\.json is not a decodable HDR histogram/,
    ],
  ];
  for (const [files, message] of cases) {
    const out = join(dir, 'out');
    const { code, err } = await cli('report', ...files, '-o', out);
    t.equal(code, 2, `${files.join(' ')} exits 2`);
    t.equal(err.trimEnd().split('\n').length, 1, `one line: ${err.trimEnd()}`);
    t.match(err.trimEnd(), message);
    await t.rejects(readFile(join(out, 'results.json')), { code: 'ENOENT' }, 'nothing written');
  }
  const { code, err } = await cli('report', good);
  t.equal(code, 2, 'without -o');
  t.match(err, /required option '-o, --out <dir>' not specified/);
  t.equal((await cli('report', '-o', dir)).code, 2, 'without a file');
});

t.test('a good pair: compared side by side, three files written, their paths printed', async (t) => {
  const dir = await tempDir(t);
  const before = await saved(dir, 'before.json', smokeResults());
  const after = smokeResults();
  const changed = { ...after, runs: [{ ...after.runs[0]!, stale: { '304': 0, '200': 3 } }, after.runs[1]!] };
  const afterPath = await saved(dir, 'after.json', changed);
  const out = join(dir, 'report');
  const { code, out: stdout, err } = await cli('report', before, afterPath, '-o', out);
  t.equal(code, 0, err);
  t.equal(stdout, `report:  ${join(out, 'report.html')}\nresults: ${join(out, 'results.json')}\nsummary: ${join(out, 'summary.md')}\n`);
  const combined = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.ok(validateResults(combined).ok, 'the combined results are a valid results file');
  t.equal(combined.runs.length, 4, 'every run of both files');
  const summary = await readFile(join(out, 'summary.md'), 'utf8');
  t.match(summary, /### Comparison: .*after\.json against .*before\.json \(baseline\)/);
  t.match(summary, /\| stale 200 \| 0 \| 3 \| \+3 \| ✗ worse \|/);
  const html = await readFile(join(out, 'report.html'), 'utf8');
  t.match(html, /<h2>Comparison<\/h2>/);
  t.match(html, /<th scope="row">stale 200<\/th><td class="num">0<\/td><td class="num">3<\/td><td class="num">\+3<\/td><td class="worse">✗ worse<\/td>/);
});

t.test('--merge: one run per (scenario, impl, proxy), counts summed, notes on stderr', async (t) => {
  const dir = await tempDir(t);
  const m1 = await saved(dir, 'm1.json', smokeResults());
  const older = smokeJson();
  for (const run of older.runs) delete run.lagHistogram;
  const m2 = await saved(dir, 'm2.json', older);
  const out = join(dir, 'merged');
  const { code, err } = await cli('report', '--merge', m1, m2, '-o', out);
  t.equal(code, 0, err);
  t.match(err, /^note: read-mostly × reference: no lagHistogram in .*m2\.json: invalidation lag cannot be merged exactly/m);
  const merged = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.ok(validateResults(merged).ok, 'valid');
  t.same(
    merged.runs.map((run) => [run.impl, run.requests, run.hitRate]),
    [
      ['reference', 10_000, 0.8],
      ['seed', 9010, smokeResults().runs[1]!.hitRate],
    ],
  );
  t.equal(merged.runs[0]!.invalidationLagMs.samples, 0, 'lag left out, not averaged');
  const summary = await readFile(join(out, 'summary.md'), 'utf8');
  t.match(summary, /Merged from 2 load machines:/);
  t.match(summary, /### Notes\n\n- read-mostly × reference: no lagHistogram/);
  t.match(await readFile(join(out, 'report.html'), 'utf8'), /<h2>Merge notes<\/h2>/);
});

t.test('--help explains the merge and the comparison rules', async (t) => {
  const { code, out } = await cli('report', '--help');
  t.equal(code, 0);
  t.match(out, /Usage: etag-bench report \[options\] <results\.json\.\.\.>/);
  t.match(out, /never\s+averaged/);
  t.match(out, /under 0\.1 ms or 5 %/);
});
