import t from 'tap';
import { CASES } from '../../harness/conformance/cases/index.js';
import { blocksConformance, conformanceExitCode, decideResult, type CaseResult } from '../../harness/conformance/results.js';

t.test('every case has a unique kebab-case id, a title, an RFC section, a kind and a request', async (t) => {
  const ids = CASES.map((c) => c.id);
  t.same([...new Set(ids)], ids, 'ids are unique');
  for (const c of CASES) {
    t.match(c.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${c.id}: kebab-case`);
    t.ok(c.title.length > 10, `${c.id}: has a title`);
    t.match(c.rfc, /^(RFC \d+ §[\d.]+|docs\/architecture\.md §Implementation contract)/, `${c.id}: names its source`);
    t.ok(['required', 'optional'].includes(c.kind), `${c.id}: kind`);
    t.ok(
      c.steps.some((step) => 'request' in step || 'inspect' in step),
      `${c.id}: sends or inspects a request`,
    );
  }
});

t.test('the cases of the issue are all there', async (t) => {
  const ids = new Set(CASES.map((c) => c.id));
  for (const id of [
    'inm-strong',
    'inm-weak-client',
    'inm-weak-server',
    'inm-list-first',
    'inm-list-middle',
    'inm-list-last',
    'inm-star',
    'inm-star-missing',
    'inm-no-match',
    'inm-other-page',
    'inm-malformed-unquoted',
    'inm-malformed-unterminated',
    'inm-malformed-empty',
    'inm-malformed-commas',
    'nm-304-no-body',
    'nm-304-etag',
    'nm-304-cache-control',
    'nm-304-vary',
    'nm-304-content-location',
    'nm-304-expires',
    'nm-304-date',
    'head-inm-304',
    'head-200',
    'prec-inm-over-ims',
    'unsafe-put-star',
    'unsafe-put-current',
    'unsafe-delete-current',
    'unsafe-put-invalidates',
    'im-get-stale',
    'im-get-no-match',
    'im-get-weak',
    'im-head-no-match',
    'im-get-star-missing',
    'im-put-stale',
    'im-put-no-match',
    'im-put-weak',
    'im-put-star-missing',
    'im-delete-stale',
    'im-put-current',
    'im-delete-current',
    'im-delete-no-rev',
    'coding-identity-default',
    'coding-gzip',
    'coding-br',
    'coding-etag-differs',
    'coding-each-304',
    'coding-stale-gzip-etag',
    'inval-direct-update',
    'inval-direct-delete',
    'inval-group-member',
    'inval-group-join',
    'inval-group-leave',
    'robust-inm-8k',
    'robust-inm-1000-tags',
    'sec-id-all-docs',
    'sec-id-design',
    'sec-id-dotdot-users',
    'sec-id-dotdot-bench',
  ]) {
    t.ok(ids.has(id), id);
  }
});

t.test('results come from a closed set, decided from kind and outcome', async (t) => {
  t.equal(decideResult('required', { type: 'pass' }), 'pass');
  t.equal(decideResult('required', { type: 'fail', detail: 'x' }), 'fail');
  t.equal(decideResult('optional', { type: 'fail', detail: 'x' }), 'optional fail');
  t.equal(decideResult('optional', { type: 'setup', detail: 'x' }), 'setup fail');
  t.equal(decideResult('required', { type: 'harness', detail: 'x' }), 'harness fail');
});

t.test('only required failures and harness failures make the exit code 1', async (t) => {
  const result = (kind: 'required' | 'optional', name: CaseResult['result']): CaseResult => ({
    id: 'x',
    title: 'x',
    rfc: 'RFC 9110 §1',
    kind,
    result: name,
    ok: name === 'pass',
    detail: '',
  });
  t.equal(conformanceExitCode([{ impl: 'a', cases: [result('required', 'pass'), result('optional', 'optional fail')] }]), 0);
  t.equal(
    conformanceExitCode([
      { impl: 'a', cases: [result('required', 'pass')] },
      { impl: 'b', cases: [result('required', 'fail')] },
    ]),
    1,
  );
  t.equal(conformanceExitCode([{ impl: 'a', cases: [result('required', 'setup fail')] }]), 1, 'a required case that could not run is not a pass');
  t.equal(conformanceExitCode([{ impl: 'a', cases: [result('optional', 'harness fail')] }]), 1, 'the harness could not tell');
  t.notOk(blocksConformance(result('optional', 'setup fail')));
});
