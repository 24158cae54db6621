// `--reporter junit`, read back by junit2json (xml2js underneath), the parser CI tools' JUnit readers resemble:
// one testsuite per implementation, one testcase per case, failures, errors and skipped counted as those tools
// count them, and nothing a server sends (quotes, angle brackets, control bytes) can break the file.
import { parse } from 'junit2json';
import t from 'tap';
import { renderJunit } from '../../harness/conformance/reporters/junit-reporter.js';
import type { CaseResult, ConformanceReport } from '../../harness/conformance/results.js';

const base = { title: 'a title <with> "quotes" & an ampersand', rfc: 'RFC 9110 §13.1.2', detail: '', durationMs: 12 };
const pass = (id: string): CaseResult => ({ ...base, id, kind: 'required', result: 'pass', ok: true });
const report: ConformanceReport = [
  { impl: 'reference', cases: [pass('a'), pass('b')] },
  {
    impl: 'cmd:node bad.mjs --flag="x"',
    cases: [
      pass('a'),
      {
        ...base,
        id: 'b',
        kind: 'required',
        result: 'fail',
        ok: false,
        detail: 'GET /doc/x: status is 304, not 200 <!-- ]]> \u0001 \u001b[31m',
        diagnostics: { request: { method: 'GET', path: '/doc/x', headers: { 'if-none-match': '"1-a"' } }, status: 304, headers: { etag: '"1-a"' } },
      },
      { ...base, id: 'c', kind: 'optional', result: 'optional fail', ok: false, detail: 'no Expires on the 304' },
      { ...base, id: 'd', kind: 'required', result: 'setup fail', ok: false, detail: 'could not create the document' },
      { id: 'e', title: 'never ran', rfc: 'RFC 9110', kind: 'required', result: 'harness fail', ok: false, detail: 'the harness could not judge' },
    ],
  },
];

t.test('one testsuite per implementation, one testcase per case, counted as CI tools count', async (t) => {
  const xml = renderJunit(report);
  t.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  const parsed = (await parse(xml)) as { name?: string; tests?: number; failures?: number; errors?: number; testsuite?: Suite[] };
  t.equal(parsed.name, 'etag-bench conformance');
  t.match(parsed, { tests: 7, failures: 1, errors: 2 }, 'totals over both suites');
  t.same(
    parsed.testsuite?.map((s) => s.name),
    ['reference', 'cmd:node bad.mjs --flag="x"'],
    'a suite per implementation, named by its spec exactly',
  );
  const [good, bad] = parsed.testsuite!;
  t.match(good, { tests: 2, failures: 0, errors: 0, skipped: 0, time: 0.024 });
  t.equal(good!.testcase?.length, 2);
  t.notOk(
    good!.testcase?.some((c) => c.failure || c.error || c.skipped),
    'passes carry nothing',
  );
  t.match(bad, { tests: 5, failures: 1, errors: 2, skipped: 1 });

  const byId = new Map(bad!.testcase!.map((c) => [c.name!.split(' - ')[0], c]));
  t.equal(byId.get('a')!.name, 'a - a title <with> "quotes" & an ampersand', 'names read back exactly');
  t.equal(byId.get('a')!.classname, 'cmd:node bad.mjs --flag="x"');
  t.equal(byId.get('a')!.time, 0.012, 'times in seconds');
  const failure = byId.get('b')!.failure![0]!;
  t.equal(failure.type, 'required');
  t.equal(failure.message, 'GET /doc/x: status is 304, not 200 <!-- ]]> \uFFFD \uFFFD[31m', 'markup kept as text; control bytes replaced');
  t.match(failure.inner, /status: 304/, 'the diagnostics as the body, as TAP prints them');
  t.match(failure.inner, 'if-none-match: "\\"1-a\\""');
  t.match(byId.get('c')!.skipped, [{ message: 'optional, not met: no Expires on the 304' }], 'an optional case not met is skipped, with why');
  t.notOk(byId.get('c')!.failure, 'not a failure: it must not turn a CI report red');
  t.match(byId.get('d')!.error, [{ type: 'setup fail', message: 'could not create the document' }]);
  t.match(byId.get('e')!.error, [{ type: 'harness fail' }]);
  t.equal(byId.get('e')!.time, 0, 'a case that never ran took no time');
});

t.test('no implementation: an empty, valid document', async (t) => {
  const parsed = (await parse(renderJunit([]))) as { tests?: number; testsuite?: Suite[] };
  t.equal(parsed.tests, 0);
  t.equal(parsed.testsuite, undefined);
});

interface Suite {
  name?: string;
  tests?: number;
  failures?: number;
  errors?: number;
  skipped?: number;
  time?: number;
  testcase?: {
    name?: string;
    classname?: string;
    time?: number;
    failure?: { message?: string; type?: string; inner?: string }[];
    error?: { message?: string; type?: string }[];
    skipped?: { message?: string }[];
  }[];
}
