// `conformance --proxy`: the cases sent through real Varnish and nginx in front of the reference, the verdict the
// stack's. Revalidating and purging proxies keep invalidation intact; TTL proxies break it within their TTL; a
// Varnish configuration that drops ETag and Cache-Control from its 304s is caught by the 304-header cases; the
// case that judges the origin alone is not applicable behind a proxy, never dropped.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ConformanceReport, ImplementationReport } from '../../harness/conformance/results.js';
import type { ResultsFile } from '../../harness/results/types.js';
import { conformanceCli, parseTap } from '../conformance/fixtures/conformance-fixture.js';

// A user's own VCL with a deliberate flaw: the 304s it hands on go out without their validator and caching
// rules. (Unsetting them in vcl_deliver on a cached object left its 304s whole here: Varnish makes those after
// vcl_deliver. So the flaw is put on the origin's 304s, passed through.)
const DROPS_304_HEADERS = `vcl 4.1;
backend origin { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }
sub vcl_recv { return (pass); }
sub vcl_deliver { if (resp.status == 304) { unset resp.http.ETag; unset resp.http.Cache-Control; } }
`;

const INVALIDATION = [
  'inval-direct-update',
  'inval-direct-delete',
  'inval-app-delete',
  'inval-group-member',
  'inval-group-join',
  'inval-group-leave',
  'inval-group-direct',
];

const IF_MATCH_REQUIRED = [
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
];

const resultOf = (entry: ImplementationReport, id: string): string | undefined => entry.cases.find((c) => c.id === id)?.result;
const failedIds = (entry: ImplementationReport): string[] => entry.cases.filter((c) => c.result === 'fail').map((c) => c.id);

t.test('reference behind each proxy: the stack table cache-tests.fyi would draw', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-conformance-proxies-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const broken = join(dir, 'drops-304-headers.vcl');
  writeFileSync(broken, DROPS_304_HEADERS);
  const proxies = ['none', 'varnish:revalidate', 'varnish:purge', 'nginx:purge', 'nginx:ttl', 'varnish:ttl', `varnish@${broken}`];
  const { code, out, err } = await conformanceCli('-i', 'reference', '--proxy', proxies.join(','), '--reporter', 'json');
  t.equal(code, 1, 'exit 1: some stacks do not conform');
  const report = JSON.parse(out) as ConformanceReport;
  t.same(
    report.map((entry) => entry.proxy ?? 'none'),
    ['none', 'varnish:revalidate', 'varnish:purge', 'nginx:purge', 'nginx:ttl', 'varnish:ttl', `varnish:revalidate@${broken}`],
    'one entry per stack, in the order asked',
  );
  const stack = (proxy: string) => report.find((entry) => (entry.proxy ?? 'none') === proxy)!;
  for (const entry of report.slice(1)) t.match(entry.proxyVersion, /^(varnish-7|nginx\/1)\./, `${entry.proxy}: its version is reported`);

  t.same(failedIds(stack('none')), [], 'reference alone fails nothing');
  t.equal(resultOf(stack('none'), 'cost-304-no-couchdb-read'), 'pass', 'the registry case runs at the origin');
  for (const entry of report.slice(1)) {
    t.equal(resultOf(entry, 'cost-304-no-couchdb-read'), 'not applicable', `${entry.proxy}: the origin-only case is reported not applicable`);
    t.match(entry.cases.find((c) => c.id === 'cost-304-no-couchdb-read')?.detail, /not applicable behind a proxy: it counts the origin's reads/);
  }

  for (const proxy of ['varnish:revalidate', 'varnish:purge', 'nginx:purge']) {
    const entry = stack(proxy);
    t.same(
      INVALIDATION.filter((id) => resultOf(entry, id) !== 'pass'),
      [],
      `${proxy}: every invalidation case passes (it failed ${failedIds(entry).join(', ') || 'nothing'})`,
    );
    t.equal(resultOf(entry, 'nm-304-etag'), 'pass', `${proxy}: its 304s keep the ETag`);
    // A compressing origin behind it: the copy is fetched as identity and suits every client; If-Match reaches
    // the origin (Varnish passes it) or is evaluated by the proxy (nginx).
    for (const id of [...IF_MATCH_REQUIRED, 'coding-identity-default', 'coding-stale-gzip-etag']) {
      t.equal(resultOf(entry, id), 'pass', `${proxy}: ${id} passes (${entry.cases.find((c) => c.id === id)?.detail ?? ''})`);
    }
  }
  // A page rendered while a write was on its way through the feed comes with `X-Accel-Expires: @1` from the
  // reference, and neither proxy keeps it: such a case passes through a TTL proxy too. Most cannot.
  for (const proxy of ['nginx:ttl', 'varnish:ttl']) {
    const broken = INVALIDATION.filter((id) => failedIds(stack(proxy)).includes(id));
    t.ok(broken.length >= 4, `${proxy} breaks invalidation within its TTL: ${broken.join(', ')}`);
    const named = err.split('; ').find((line) => line.includes(`reference behind ${proxy} failed`)) ?? '';
    t.ok(
      broken.every((id) => named.includes(id)),
      `the error names the cases ${proxy} breaks (${named})`,
    );
  }

  const flawed = stack(`varnish:revalidate@${broken}`);
  t.equal(resultOf(flawed, 'inm-strong'), 'pass', 'the flawed config still answers 304');
  t.equal(resultOf(flawed, 'nm-304-etag'), 'fail', 'the 304 without its ETag is caught (RFC 9110 §15.4.5)');
  t.equal(resultOf(flawed, 'nm-304-cache-control'), 'fail', 'the 304 without Cache-Control is caught');
  t.equal(resultOf(stack('varnish:revalidate'), 'nm-304-cache-control'), 'pass', 'while the built-in config keeps it');
});

t.test('TAP behind a proxy: one subtest per stack, the origin-only case a SKIP with why; -o writes the table', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-conformance-proxies-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { code, out } = await conformanceCli('-i', 'reference', '--proxy', 'nginx:purge', '-o', join(dir, 'out'));
  t.equal(code, 0, 'reference behind nginx:purge conforms');
  const summary = readFileSync(join(dir, 'out', 'summary.md'), 'utf8');
  t.match(
    summary,
    /\| implementation \| nginx:purge \|\n\|---\|---\|\n\| reference \| ✓ required (\d+)\/\1, optional \d+\/\d+ \(1 n\/a\); optional not met: coding-gzip, coding-br, coding-etag-differs, coding-each-304 \|/,
    'summary.md has the table by stack (nginx asks the origin for identity: the coding cases are not met through it)',
  );
  t.match(readFileSync(join(dir, 'out', 'report.html'), 'utf8'), /<h3>By stack: implementation × proxy<\/h3>/, 'and so has report.html');
  const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsFile;
  t.same(results.runs, [], 'results.json: no load runs');
  t.match(results.conformance, [{ impl: 'reference', proxy: 'nginx:purge' }]);
  const parsed = await parseTap(out);
  t.equal(parsed.subtests[0]!.name, 'reference behind nginx:purge');
  t.equal(parsed.subtests[0]!.final.skip, 1, 'one case skipped');
  t.match(out, /^ {4}ok \d+ - cost-304-no-couchdb-read - .* # SKIP not applicable behind a proxy: /m);
  t.match(out, /^# etag-bench conformance: \d+ cases × 1 implementation\(s\)$/m);
});

t.test('bad --proxy values are refused before anything starts (exit 2)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-conformance-proxies-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const unfilled = join(dir, 'no-origin.vcl');
  writeFileSync(unfilled, 'vcl 4.1;\n');
  const cases: [string[], RegExp][] = [
    [['--proxy', 'squid'], /--proxy: "squid" is not a proxy/],
    [['--proxy', 'nginx:revalidate'], /nginx cannot ask the origin on every request/],
    [['--proxy', 'varnish,varnish:revalidate'], /--proxy: "varnish:revalidate" is not given once/],
    [['--proxy', `varnish@${join(dir, 'missing.vcl')}`], /it does not exist/],
    [['--proxy', `varnish@${unfilled}`], /no \{\{ORIGIN\}\}/],
    [['-o', unfilled], /--out: ".*" is not a directory \(it is a file\)/],
  ];
  for (const [argv, message] of cases) {
    const { code, out, err } = await conformanceCli('-i', 'reference', ...argv);
    t.equal(code, 2, `${argv.join(' ')} exits 2`);
    t.match(err.trim().split('\n')[0], message);
    t.equal(out, '', 'nothing on stdout: nothing ran');
  }
});
