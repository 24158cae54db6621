// Conformance by stack, like cache-tests.fyi's results table: a row per implementation, a column per proxy in
// front (`none` first), each cell the cases passed of those that apply and the required cases failed by id.
// The HTML report and summary.md show the same table; the counting and the cells' words are here once.

import type { ConformanceResult, ResultsFile } from '../../harness/results/types.js';
import { stackLabel } from '../../harness/results/stack-label.js';
import { escapeHtml } from './escape.js';

export const NO_PROXY = 'none';

export interface StackTally {
  readonly passed: number;
  /** Cases that apply to this stack (not-applicable ones aside). */
  readonly applicable: number;
  readonly required: { readonly passed: number; readonly applicable: number };
  readonly optional: { readonly passed: number; readonly applicable: number };
  readonly failedRequired: readonly string[];
  readonly failedOptional: readonly string[];
  readonly notApplicable: number;
  /** The suite could not run against it. */
  readonly failure?: string;
}

export function tallyStack(entry: ConformanceResult): StackTally {
  const applicable = entry.cases.filter((c) => c.notApplicable !== true);
  const failed = (kind: 'required' | 'optional') => applicable.filter((c) => c.kind === kind && !c.ok).map((c) => c.id);
  const count = (kind: 'required' | 'optional') => {
    const of = applicable.filter((c) => c.kind === kind);
    return { passed: of.filter((c) => c.ok).length, applicable: of.length };
  };
  return {
    passed: applicable.filter((c) => c.ok).length,
    applicable: applicable.length,
    required: count('required'),
    optional: count('optional'),
    failedRequired: failed('required'),
    failedOptional: failed('optional'),
    notApplicable: entry.cases.length - applicable.length,
    ...(entry.failure === undefined ? {} : { failure: entry.failure }),
  };
}

/** Implementations (rows) and proxies (columns) in the order they first appear, `none` first. */
export function stackGrid(entries: readonly ConformanceResult[]): {
  impls: string[];
  proxies: string[];
  at: (impl: string, proxy: string) => ConformanceResult | undefined;
} {
  const impls = [...new Set(entries.map((e) => e.impl))];
  const proxies = [...new Set(entries.map((e) => e.proxy ?? NO_PROXY))].sort((a, b) => Number(b === NO_PROXY) - Number(a === NO_PROXY));
  const at = (impl: string, proxy: string) => entries.find((e) => e.impl === impl && (e.proxy ?? NO_PROXY) === proxy);
  return { impls, proxies, at };
}

/** One cell in words: `✓ required 37/37, optional 8/8`, `✗ required 33/37, optional 7/8 — fails inm-star, …; optional not met: …`. */
export function tallyText(tally: StackTally): { ok: boolean; text: string } {
  if (tally.failure !== undefined) return { ok: false, text: `✗ could not run: ${tally.failure}` };
  const ok = tally.failedRequired.length === 0;
  const { required, optional } = tally;
  const counts = `required ${required.passed}/${required.applicable}${optional.applicable > 0 ? `, optional ${optional.passed}/${optional.applicable}` : ''}`;
  const na = tally.notApplicable > 0 ? ` (${tally.notApplicable} n/a)` : '';
  const fails = tally.failedRequired.length > 0 ? ` — fails ${tally.failedRequired.join(', ')}` : '';
  const notMet = tally.failedOptional.length > 0 ? `; optional not met: ${tally.failedOptional.join(', ')}` : '';
  return { ok, text: `${ok ? '✓' : '✗'} ${counts}${na}${fails}${notMet}` };
}

/** The verdict per stack as plain lines (the terminal, after the runs table): label, then the cell's words. */
export function conformanceTextLines(results: ResultsFile): string[] {
  const entries = results.conformance ?? [];
  if (entries.length === 0) return [];
  const labels = entries.map(stackLabel);
  const width = Math.max(...labels.map((label) => label.length));
  return ['conformance:', ...entries.map((entry, i) => `  ${labels[i]!.padEnd(width)}  ${tallyText(tallyStack(entry)).text}`)];
}

/** Stacks that failed a required case, or that the suite could not run against: `--fail-on-conformance` fails on them. */
export function nonConformingStacks(results: ResultsFile): string[] {
  return (results.conformance ?? []).flatMap((entry) => {
    const tally = tallyStack(entry);
    if (tally.failure !== undefined) return [`${stackLabel(entry)}: the suite could not run (${tally.failure})`];
    return tally.failedRequired.length > 0
      ? [`${stackLabel(entry)} failed ${tally.failedRequired.length} required case(s): ${tally.failedRequired.join(', ')}`]
      : [];
  });
}

export function renderStackTable(results: ResultsFile): string {
  const entries = results.conformance ?? [];
  if (entries.length === 0) return '';
  const { impls, proxies, at } = stackGrid(entries);
  const head = proxies.map((proxy) => `<th>${proxy === NO_PROXY ? 'no proxy' : escapeHtml(proxy)}</th>`).join('');
  const rows = impls.map((impl) => {
    const cells = proxies.map((proxy) => {
      const entry = at(impl, proxy);
      if (entry === undefined) return '<td class="missing">-</td>';
      const { ok, text } = tallyText(tallyStack(entry));
      return `<td class="${ok ? 'pass' : 'fail'}">${escapeHtml(text)}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(impl)}</th>${cells.join('')}</tr>`;
  });
  return `<h3>By stack: implementation × proxy</h3>
<p class="hint">Required and optional cases passed, of those that apply; the cases a stack fails, by id. A case that judges the origin alone is not applicable behind a proxy (n/a).</p>
<table class="conformance-stacks">
<thead><tr><th>implementation</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}
