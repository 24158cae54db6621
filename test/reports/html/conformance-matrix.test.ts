import t from 'tap';
import type { ResultsFile } from '../../../harness/results/types.js';
import { validateResults } from '../../../harness/results/validate-results.js';
import { renderHtmlReport } from '../../../reports/html/report-page.js';
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
