// A run near the harness's own ceiling is flagged in the report and in summary.md: its figures may measure the
// load generator rather than the server.

import t from 'tap';
import type { ResultsFile } from '../../../harness/results/types.js';
import { ceilingShare, ceilingWarnings } from '../../../reports/html/ceiling-warning.js';
import { renderSummaryMd } from '../../../reports/html/summary-md.js';
import { renderVerdict } from '../../../reports/html/verdict.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

function withCeiling(ceiling: number | null, rates: readonly number[]): ResultsFile {
  const results = smokeResults();
  const base = results.runs[0]!;
  return {
    ...results,
    environment: { ...results.environment, harnessCeilingRps: ceiling },
    runs: rates.map((rate, i) => ({ ...base, impl: `impl-${i}`, throughputRps: rate })),
  };
}

t.test('which runs are near the ceiling', async (t) => {
  const results = withCeiling(1000, [900, 799, 1200]);
  t.equal(ceilingShare(results.runs[0]!, 1000), 0.9, '90 % is near');
  t.equal(ceilingShare(results.runs[1]!, 1000), undefined, 'under 80 % is not');
  t.equal(ceilingShare(results.runs[2]!, 1000), 1.2, 'above the ceiling (it was measured briefly) is near too');
  t.equal(ceilingShare(results.runs[0]!, null), undefined, 'no ceiling measured: nothing to say');
  t.equal(ceilingShare({ ...results.runs[0]!, failure: 'did not start' }, 1000), undefined, 'a failed run: nothing to say');
  const warnings = ceilingWarnings(results);
  t.equal(warnings.length, 2);
  t.match(warnings[0]!, /^impl-0 in \S+ ran at 900 req\/s, 90 % of the harness's own ceiling \(1,?000 req\/s\): the load generator may have been the limit/);
});

t.test('the report and summary.md say it, marked ⚠ (readable without colour)', async (t) => {
  const results = withCeiling(1000, [900, 100]);
  const html = renderVerdict(results);
  t.match(html, /<li class="warn">⚠ impl-0 in \S+ ran at 900 req\/s, 90 % of the harness&#39;s own ceiling/);
  t.notMatch(html, /impl-1 in \S+ ran at/, 'the slow run is not flagged');
  const md = renderSummaryMd(results);
  t.match(md, /\n⚠ impl-0 in \S+ ran at 900 req\/s, 90 % of the harness's own ceiling/);
  t.notMatch(renderSummaryMd(withCeiling(1000, [100])), /⚠/, 'nothing when no run is near');
});
