import t from 'tap';
import type { ResultsFile } from '../../../harness/results/types.js';
import { validateResults } from '../../../harness/results/validate-results.js';
import { renderHtmlReport } from '../../../reports/html/report-page.js';
import { conformanceTextLines } from '../../../reports/html/conformance-stacks.js';
import { renderSummaryMd } from '../../../reports/html/summary-md.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

function withConformance(): ResultsFile {
  return {
    ...smokeResults(),
    conformance: [
      {
        impl: 'reference',
        cases: [
          { id: 'inm-strong', title: 'strong match', kind: 'required', ok: true },
          { id: 'inm-list-weak', kind: 'optional', ok: true },
        ],
      },
      {
        impl: 'seed',
        cases: [
          { id: 'inm-strong', title: 'strong match', kind: 'required', ok: true },
          { id: 'inm-cross-page', kind: 'required', ok: false, detail: 'GET /doc/b with the ETag of /doc/a: status 304, expected 200 <x>' },
        ],
      },
      { impl: 'cmd:./broken', failure: 'exited before it was ready', cases: [] },
    ],
  };
}

t.test('results with a conformance section validate', async (t) => {
  const validation = validateResults(JSON.parse(JSON.stringify(withConformance())));
  t.ok(validation.ok, validation.ok ? '' : validation.errors.join('; '));
  const broken = JSON.parse(JSON.stringify(withConformance())) as { conformance: { cases: Record<string, unknown>[] }[] };
  broken.conformance[0]!.cases[0]!.kind = 'sometimes';
  t.notOk(validateResults(broken).ok, 'an unknown case kind is refused');
});

t.test('the report shows the matrix: cases × implementations, the failing detail on expand', async (t) => {
  const html = renderHtmlReport(withConformance());
  t.match(html, /<h2>Conformance<\/h2>/);
  t.match(html, /<th>reference<\/th><th>seed<\/th><th>cmd:\.\/broken<\/th>/, 'one column per implementation');
  t.match(html, /<code>inm-cross-page<\/code>/, 'one row per case');
  t.match(
    html,
    /<details><summary>✗ FAIL<\/summary>GET \/doc\/b with the ETag of \/doc\/a: status 304, expected 200 &lt;x&gt;<\/details>/,
    'escaped detail behind a summary',
  );
  t.match(html, /cmd:\.\/broken: exited before it was ready/, 'an implementation the suite could not run is named');
  t.match(html, /✓ pass/);
});

t.test('no conformance section without conformance results', async (t) => {
  t.notMatch(renderHtmlReport(smokeResults()), /<h2>Conformance<\/h2>/);
});

function withStacks(): ResultsFile {
  const cases = (ok: boolean) => [
    { id: 'inm-strong', kind: 'required' as const, ok: true },
    { id: 'inval-app-delete', kind: 'required' as const, ok, ...(ok ? {} : { detail: 'fail: GET /doc/a: status is 304, not 404' }) },
    { id: 'cost-304-no-couchdb-read', kind: 'optional' as const, ok: false, notApplicable: true, detail: 'not applicable: not applicable behind a proxy: …' },
  ];
  return {
    ...smokeResults(),
    conformance: [
      { impl: 'reference', cases: [cases(true)[0]!, cases(true)[1]!, { id: 'cost-304-no-couchdb-read', kind: 'optional', ok: true }] },
      { impl: 'reference', proxy: 'varnish:revalidate', proxyVersion: 'varnish-7.1.1', cases: cases(true) },
      { impl: 'reference', proxy: 'nginx:ttl', proxyVersion: 'nginx/1.22.1', cases: cases(false) },
      { impl: 'seed', cases: cases(false).slice(0, 2) },
    ],
  };
}

t.test('by stack: implementation × proxy, cases passed of those that apply, the failing ids (HTML and summary.md)', async (t) => {
  const results = withStacks();
  const validation = validateResults(JSON.parse(JSON.stringify(results)));
  t.ok(validation.ok, validation.ok ? '' : validation.errors.join('; '));
  const html = renderHtmlReport(results);
  t.match(html, /<h3>By stack: implementation × proxy<\/h3>/);
  t.match(
    html,
    /<thead><tr><th>implementation<\/th><th>no proxy<\/th><th>varnish:revalidate<\/th><th>nginx:ttl<\/th><\/tr><\/thead>/,
    'a column per proxy, none first',
  );
  t.match(
    html,
    /<tr><th scope="row">reference<\/th><td class="pass">✓ required 2\/2, optional 1\/1<\/td><td class="pass">✓ required 2\/2 \(1 n\/a\)<\/td><td class="fail">✗ required 1\/2 \(1 n\/a\) — fails inval-app-delete<\/td><\/tr>/,
    'a row per implementation; n/a counted apart, never as passed or failed',
  );
  t.match(
    html,
    /<tr><th scope="row">seed<\/th><td class="fail">✗ required 1\/2 — fails inval-app-delete<\/td><td class="missing">-<\/td><td class="missing">-<\/td><\/tr>/,
  );
  t.match(html, /<th>reference behind nginx:ttl<\/th>/, 'the by-case matrix names each stack');
  t.match(html, /<td class="missing" title="[^"]*">n\/a<\/td>/, 'and shows the n/a case as such');
  t.match(html, /conformance fails for reference behind nginx:ttl \(1 required case\), seed \(1 required case\)/, 'the verdict names the failing stacks');
  const md = renderSummaryMd(results);
  t.match(md, /### Conformance\n\n\| implementation \| no proxy \| varnish:revalidate \| nginx:ttl \|\n\|---\|---\|---\|---\|\n/);
  t.match(md, /\| reference \| ✓ required 2\/2, optional 1\/1 \| ✓ required 2\/2 \(1 n\/a\) \| ✗ required 1\/2 \(1 n\/a\) — fails inval-app-delete \|/);
  t.match(md, /\| seed \| ✗ required 1\/2 — fails inval-app-delete \| - \| - \|/);
  t.match(
    md,
    /✗ conformance: reference behind nginx:ttl failed 1 required case\(s\): inval-app-delete; seed failed 1 required case\(s\): inval-app-delete\./,
    'the verdict names the failing stacks',
  );
  t.same(
    conformanceTextLines(results),
    [
      'conformance:',
      '  reference                            ✓ required 2/2, optional 1/1',
      '  reference behind varnish:revalidate  ✓ required 2/2 (1 n/a)',
      '  reference behind nginx:ttl           ✗ required 1/2 (1 n/a) — fails inval-app-delete',
      '  seed                                 ✗ required 1/2 — fails inval-app-delete',
    ],
    "the terminal's lines, aligned",
  );
});
