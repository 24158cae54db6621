import t from 'tap';
import { renderJson } from '../../harness/conformance/reporters/json-reporter.js';
import { renderTap } from '../../harness/conformance/reporters/tap-reporter.js';
import type { CaseResult, ConformanceReport } from '../../harness/conformance/results.js';
import { parseTap } from './fixtures/conformance-fixture.js';

const base = { title: 'a title # with a hash', rfc: 'RFC 9110 §13.1.2', detail: '' };
const pass = (id: string): CaseResult => ({ ...base, id, kind: 'required', result: 'pass', ok: true });
const report: ConformanceReport = [
  { impl: 'good', cases: [pass('a'), pass('b')] },
  {
    impl: 'cmd:node bad.mjs',
    cases: [
      pass('a'),
      {
        ...base,
        id: 'b',
        kind: 'required',
        result: 'fail',
        ok: false,
        detail: 'GET /doc/x: status is 304, not 200',
        diagnostics: { request: { method: 'GET', path: '/doc/x', headers: { 'if-none-match': '"1-a", W/"x: y"' } }, status: 304, headers: { etag: '"1-a"' } },
      },
      { ...base, id: 'c', kind: 'optional', result: 'optional fail', ok: false, detail: 'headers missing that the GET had: expires\nand more' },
    ],
  },
];

t.test('TAP 14: a plan, a subtest per implementation, a test point per case', async (t) => {
  const text = renderTap(report, 3);
  t.match(text, /^TAP version 14\n/);
  const parsed = await parseTap(text);
  t.equal(parsed.final.plan.end, 2, 'top-level plan 1..2');
  t.equal(parsed.final.pass, 1, 'the conforming implementation passes');
  t.equal(parsed.final.fail, 1, 'the other fails');
  t.same(
    parsed.final.failures.map((f) => f.name),
    ['cmd:node bad.mjs'],
  );
  t.equal(parsed.subtests.length, 2);
  const bad = parsed.subtests[1]!.final;
  t.equal(bad.count, 3);
  t.equal(bad.failures.length, 1, 'the optional failure is not counted as a failure');
  t.equal(bad.todo, 1, 'it is visible as a TODO');
  t.match(bad.failures[0]!.name, /^b - a title \\?# with a hash$/);
  t.match(
    bad.failures[0]!.diag,
    {
      result: 'fail',
      detail: 'GET /doc/x: status is 304, not 200',
      status: 304,
      request: { method: 'GET', path: '/doc/x', headers: { 'if-none-match': '"1-a", W/"x: y"' } },
    },
    'YAML diagnostics read back as written',
  );
});

t.test('an implementation whose only failure is optional passes its test point', async (t) => {
  const optionalOnly: ConformanceReport = [{ impl: 'x', cases: [pass('a'), report[1]!.cases[2]!] }];
  const parsed = await parseTap(renderTap(optionalOnly, 2));
  t.equal(parsed.final.ok, true);
  t.equal(parsed.subtests[0]!.final.ok, true);
});

t.test('--reporter json prints the report: [{impl, cases: [{id, kind, ok, detail}]}]', async (t) => {
  const parsed = JSON.parse(renderJson(report)) as ConformanceReport;
  t.equal(parsed.length, 2);
  t.match(parsed[1], {
    impl: 'cmd:node bad.mjs',
    cases: [
      { id: 'a', kind: 'required', ok: true, detail: '' },
      { id: 'b', ok: false, result: 'fail' },
      { id: 'c', kind: 'optional', ok: false },
    ],
  });
});
