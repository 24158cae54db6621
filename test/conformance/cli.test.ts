// `etag-bench conformance`: TAP by default, --reporter json or junit, exit codes 0 / 1 / 2.
import { parse, type TestSuites } from 'junit2json';
import t from 'tap';
import type { ConformanceReport } from '../../harness/conformance/results.js';
import { conformanceCli, fixtureSpec, OPTIONAL_NOT_THEIRS, parseTap } from './fixtures/conformance-fixture.js';

t.test('bad usage exits 2 with one line naming the option', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--reporter', 'xml'], /--reporter.*'xml' is invalid.*tap, json, junit/],
    [['--deadline', '0'], /--deadline.*'0' is invalid/],
    [['-i', 'frob'], /--impl: "frob" is not a built-in/],
    [['-e', 'external'], /--env: "external" is not usable without --couchdb-url/],
    [['-i', 'url:http://127.0.0.1:19999'], /--impl: "url:http:\/\/127.0.0.1:19999" is not usable without --couchdb-url and --db/],
    [['-e', 'containers', '--couchdb-url', 'http://127.0.0.1:19999'], /--couchdb-url\/--db: "http:\/\/127.0.0.1:19999" is not given with --env containers/],
    [['--couchdb-image', 'couchdb:3'], /--couchdb-image: "couchdb:3" is not usable with --env embedded \(only with --env containers\)/],
    [['--no-such-option'], /unknown option '--no-such-option'/],
  ];
  for (const [argv, message] of cases) {
    const { code, out, err } = await conformanceCli(...argv);
    t.equal(code, 2, `${argv.join(' ')} exits 2`);
    t.match(err.trim().split('\n')[0], message);
    t.equal(out, '', 'nothing on stdout');
  }
});

t.test('a conforming implementation: TAP on stdout that parses, exit 0', async (t) => {
  const { code, out, err } = await conformanceCli('-i', fixtureSpec('correct'));
  t.equal(code, 0, err);
  const parsed = await parseTap(out);
  t.equal(parsed.final.ok, true);
  t.equal(parsed.final.plan.end, 1);
  t.equal(parsed.subtests[0]!.name, fixtureSpec('correct'));
  t.ok(parsed.subtests[0]!.final.count >= 40, `one test point per case (${parsed.subtests[0]!.final.count})`);
  // Its failures are optional: the cost case (it reads CouchDB for every 304), If-Match as a revision and
  // compression (OPTIONAL_NOT_THEIRS): TODO points, the plan still ok.
  t.equal(parsed.subtests[0]!.final.fail, OPTIONAL_NOT_THEIRS.length + 1);
  t.equal(parsed.subtests[0]!.final.todo, OPTIONAL_NOT_THEIRS.length + 1);
  t.match(out, /^ {4}not ok \d+ - cost-304-no-couchdb-read - .* # TODO optional: 50 × GET /m);
});

t.test('a broken implementation with --reporter json: the report on stdout, one line on stderr, exit 1', async (t) => {
  const spec = fixtureSpec('cross-resource');
  const { code, out, err } = await conformanceCli('-i', spec, '--reporter', 'json', '--deadline', '1000');
  t.equal(code, 1);
  const report = JSON.parse(out) as ConformanceReport;
  t.equal(report.length, 1);
  t.equal(report[0]!.impl, spec, 'impl exactly as given');
  for (const c of report[0]!.cases) {
    t.ok(
      typeof c.id === 'string' && typeof c.ok === 'boolean' && typeof c.detail === 'string' && ['required', 'optional'].includes(c.kind),
      `${c.id}: {id, kind, ok, detail}`,
    );
  }
  t.same(
    report[0]!.cases.filter((c) => !c.ok).map((c) => c.id),
    ['inm-other-page', ...OPTIONAL_NOT_THEIRS, 'cost-304-no-couchdb-read'],
    'the required case of its flaw, and the optional ones (the cost case: it reads CouchDB for every 304)',
  );
  t.match(err, /failed 1 required case\(s\): inm-other-page/);
});

t.test('--reporter junit: JUnit XML on stdout that a JUnit reader reads, exit 1 on a required failure', async (t) => {
  const spec = fixtureSpec('cross-resource');
  const { code, out, err } = await conformanceCli('-i', spec, '--reporter', 'junit', '--deadline', '1000');
  t.equal(code, 1, err);
  const parsed = (await parse(out)) as TestSuites;
  const suite = parsed.testsuite?.[0];
  t.equal(parsed.testsuite?.length, 1);
  t.equal(suite?.name, spec, 'one suite, named by the spec exactly');
  t.ok((suite?.tests ?? 0) >= 40, `a testcase per case (${suite?.tests})`);
  const failed = (suite?.testcase ?? []).filter((c) => c.failure !== undefined).map((c) => c.name?.split(' - ')[0]);
  t.same(failed, ['inm-other-page'], 'the required case of its flaw is the one failure');
  const skipped = (suite?.testcase ?? []).filter((c) => c.skipped !== undefined).map((c) => c.name?.split(' - ')[0]);
  t.same(skipped, [...OPTIONAL_NOT_THEIRS, 'cost-304-no-couchdb-read'], 'the optional ones it misses are skipped, not failed');
  t.ok((suite?.time ?? 0) > 0, 'the suite took time');
  t.match(err, /failed 1 required case\(s\): inm-other-page/);
});
