// Each deliberately broken server is caught by the cases of its flaw and by no other; the correct one (weak
// ETags that are not the rev, Expires, Last-Modified) by no required case. Every fixture but no-feed reads its
// document from CouchDB for every request, 304s included: correct by RFC 9110, and caught by the optional
// cost-304-no-couchdb-read, as it should be (no-feed answers 304s from its cache, which is its flaw elsewhere); one that dies mid-suite fails the
// rest with "process exited" and the next implementation still runs.
import t from 'tap';
import { runConformance } from '../../harness/conformance/engine/run-conformance.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { fixtureSpec, notPassed, OPTIONAL_NOT_THEIRS, startEnvironment } from './fixtures/conformance-fixture.js';

const READS_ON_304 = 'cost-304-no-couchdb-read';

const EXPECTED: [string, string[]][] = [
  ['correct', [...OPTIONAL_NOT_THEIRS, READS_ON_304]],
  ['cross-resource', ['inm-other-page', ...OPTIONAL_NOT_THEIRS, READS_ON_304]],
  ['missing-304-headers', ['nm-304-cache-control', 'nm-304-vary', 'nm-304-content-location', 'nm-304-expires', ...OPTIONAL_NOT_THEIRS, READS_ON_304]],
  ['no-feed', [...OPTIONAL_NOT_THEIRS, 'inval-direct-update', 'inval-direct-delete', 'inval-group-direct']],
  ['traversal', [...OPTIONAL_NOT_THEIRS, 'sec-id-all-docs', 'sec-id-design', 'sec-id-dotdot-db', READS_ON_304]],
];

t.test('each broken server is caught by the right cases, the correct one by none', async (t) => {
  const environment = await startEnvironment(t);
  const report = await runConformance({ impls: EXPECTED.map(([name]) => parseImplSpec(fixtureSpec(name))), environment, deadlineMs: 1000 });
  for (const [at, [name, failing]] of EXPECTED.entries()) {
    t.same(notPassed(report[at]!), failing, `${name}: ${failing.length === 0 ? 'no case fails' : `caught by ${failing.join(', ')}`}`);
  }
  for (const [at, [name, failing]] of EXPECTED.entries()) {
    if (!failing.includes(READS_ON_304)) continue;
    const cost = report[at]!.cases.find((c) => c.id === READS_ON_304)!;
    t.equal(cost.result, 'optional fail', `${name}: reading on a 304 is an optional fail, never a conformance failure (${cost.detail})`);
  }
  const traversal = report[4]!.cases.find((c) => c.id === 'sec-id-all-docs')!;
  t.match(traversal.detail, /status is 200, not 400 or 404; the body holds CouchDB content: "rows"/, 'the leak is named');
  const crossResource = report[1]!.cases.find((c) => c.id === 'inm-other-page')!;
  t.match(
    crossResource.diagnostics,
    { request: { method: 'GET', headers: { 'if-none-match': /^W\/"d-/ } }, status: 304 },
    'diagnostics: the request and the status',
  );
});

t.test('an implementation that dies fails the remaining cases with "process exited"; the next one runs', async (t) => {
  const environment = await startEnvironment(t);
  const impls = [fixtureSpec('exits-after', 'EXIT_AFTER=20'), fixtureSpec('correct')].map(parseImplSpec);
  const [dying, next] = await runConformance({ impls, environment, deadlineMs: 1000 });
  const firstFailure = dying!.cases.findIndex((c) => !c.ok);
  t.ok(firstFailure > 0, `some cases passed before it died (${firstFailure})`);
  const rest = dying!.cases.slice(firstFailure);
  t.ok(rest.length > 10, 'it died early in the suite');
  for (const c of rest) {
    t.match(c.detail, /^process exited \(code 3\)/, `${c.id}: ${c.detail}`);
    t.equal(c.result, c.kind === 'required' ? 'fail' : 'optional fail');
  }
  t.same(notPassed(next!), [...OPTIONAL_NOT_THEIRS, READS_ON_304], 'the next implementation ran every case and passed every required one');
});
