import t from 'tap';
import { InvalidResultsError } from '../../harness/errors.js';
import { formatProblem } from '../../harness/results/results-format.js';
import { checkResults, validateResults } from '../../harness/results/validate-results.js';
import { smokeJson } from '../fixtures/results-smoke.js';

/** The smoke fixture as the first format wrote it: "schema": "etag-bench/results@1", no schemaVersion. */
function versionOne() {
  const value = smokeJson();
  value.schema = 'etag-bench/results@1';
  delete value.schemaVersion;
  return value;
}

t.test('results of this version pass, and their fields are checked next', async (t) => {
  t.equal(formatProblem(smokeJson()), undefined);
  const broken = smokeJson();
  broken.runs[0]!.hitRate = '80%';
  t.equal(formatProblem(broken), undefined, 'fields are not its business');
});

t.test('a version 1 file is refused, naming schemaVersion, the version found and expected, and what to do', async (t) => {
  const validation = validateResults(versionOne());
  t.match(validation, { ok: false, kind: 'version' });
  t.same(
    validation.ok ? [] : validation.errors,
    [
      'schemaVersion is missing: "schema": "etag-bench/results@1" is format version 1 (written by etag-bench 0.1.0), and this etag-bench reads ' +
        'schemaVersion 2 only: run the benchmark again with this etag-bench, or build the report with the etag-bench version that wrote the file',
    ],
    'one sentence, not a list of every field that differs',
  );

  const error = t.throws(() => checkResults(versionOne(), 'old/results.json')) as InvalidResultsError;
  t.ok(error instanceof InvalidResultsError);
  t.match(error, { code: 'EB_ERR_INVALID_RESULTS', exitCode: 2, kind: 'version' });
  t.match(error.message, /^old\/results\.json: schemaVersion is missing: /);
});

t.test('another schemaVersion is refused, saying which and what to do', async (t) => {
  const newer = smokeJson();
  newer.schemaVersion = 3;
  newer.tool = { name: 'etag-bench', version: '0.4.0' };
  t.same(formatProblem(newer), {
    kind: 'version',
    message:
      'schemaVersion is 3, not 2: a newer format than this etag-bench reads (written by etag-bench 0.4.0): build the report with the etag-bench version that wrote the file, or a later one',
  });

  const older = smokeJson();
  older.schemaVersion = 1;
  t.match(formatProblem(older), {
    kind: 'version',
    message:
      /^schemaVersion is 1, not 2: an older format \(written by etag-bench 0\.1\.0\): run the benchmark again with this etag-bench, or build the report with the etag-bench version that wrote the file$/,
  });

  const missing = smokeJson();
  delete missing.schemaVersion;
  t.match(formatProblem(missing), { kind: 'version', message: /^schemaVersion is missing \(this etag-bench reads schemaVersion 2\): run the benchmark again/ });

  const anonymous = smokeJson();
  anonymous.schemaVersion = 1;
  delete anonymous.tool;
  t.match(formatProblem(anonymous), { message: /^schemaVersion is 1, not 2: an older format \(written by an unknown etag-bench\): / });

  const text = smokeJson();
  text.schemaVersion = '2';
  t.match(formatProblem(text), { kind: 'version', message: /^schemaVersion is "2", not 2: / });
});

t.test('JSON that is not etag-bench results is refused as such', async (t) => {
  const packageJson = { name: 'etag-bench', version: '0.1.0', type: 'module' };
  t.same(formatProblem(packageJson), {
    kind: 'foreign',
    message: 'not an etag-bench results file: it has no "schema", where etag-bench writes "schema": "etag-bench/results" and "schemaVersion": 2',
  });
  t.match(formatProblem({ schema: 'https://example.com/other.schema.json', runs: [] }), {
    kind: 'foreign',
    message: /^not an etag-bench results file: it has "schema": "https:\/\/example\.com\/other\.schema\.json", where /,
  });
  t.match(formatProblem({ schema: 'etag-bench/scenario' }), { kind: 'foreign' }, 'another etag-bench file is not results either');
  t.match(formatProblem([]), {
    kind: 'foreign',
    message: /^not an etag-bench results file: the JSON is an array, not an object with "schema": "etag-bench\/results" and "schemaVersion": 2$/,
  });
  t.match(formatProblem(null), { kind: 'foreign', message: /the JSON is null,/ });
  t.match(formatProblem('results'), { kind: 'foreign', message: /the JSON is a string,/ });

  const error = t.throws(() => checkResults(packageJson, 'package.json')) as InvalidResultsError;
  t.match(error, { code: 'EB_ERR_INVALID_RESULTS', exitCode: 2, kind: 'foreign', problems: [/^not an etag-bench results file/] });
  t.match(error.message, /^package\.json: not an etag-bench results file: /);
});
