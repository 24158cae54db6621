// The conformance matrix: cases × stacks (an implementation alone or behind a proxy), pass or fail (readable
// without colour: ✓ / ✗), the failing detail one click away; above it the table by stack.

import type { ConformanceResult, ResultsFile } from '../../harness/results/types.js';
import { renderStackTable } from './conformance-stacks.js';
import { stackLabel } from '../../harness/results/stack-label.js';
import { escapeHtml } from './escape.js';

interface CaseRow {
  readonly id: string;
  readonly title: string | undefined;
  readonly kind: 'required' | 'optional';
}

function caseRows(entries: readonly ConformanceResult[]): CaseRow[] {
  const rows = new Map<string, CaseRow>();
  for (const entry of entries) {
    for (const c of entry.cases) if (!rows.has(c.id)) rows.set(c.id, { id: c.id, title: c.title, kind: c.kind });
  }
  return [...rows.values()];
}

function cell(entry: ConformanceResult, row: CaseRow): string {
  const found = entry.cases.find((c) => c.id === row.id);
  if (found === undefined) return `<td class="missing">${entry.failure ? 'not run' : '-'}</td>`;
  if (found.ok) return '<td class="pass">✓ pass</td>';
  if (found.notApplicable === true) return `<td class="missing" title="${escapeHtml(found.detail ?? '')}">n/a</td>`;
  const label = row.kind === 'optional' ? '✗ optional' : '✗ FAIL';
  const detail = found.detail ? `<details><summary>${label}</summary>${escapeHtml(found.detail)}</details>` : label;
  return `<td class="${row.kind === 'optional' ? 'optional-fail' : 'fail'}">${detail}</td>`;
}

export function renderConformanceMatrix(results: ResultsFile): string {
  const entries = results.conformance ?? [];
  if (entries.length === 0) return '';
  const rows = caseRows(entries);
  const head = entries.map((e) => `<th>${escapeHtml(stackLabel(e))}</th>`).join('');
  const failures = entries
    .filter((e) => e.failure !== undefined)
    .map((e) => `<p class="note">${escapeHtml(stackLabel(e))}: ${escapeHtml(e.failure!)}</p>`)
    .join('\n');
  const body = rows
    .map((row) => {
      const title = row.title ? ` <span class="hint">${escapeHtml(row.title)}</span>` : '';
      return `<tr><th scope="row"><code>${escapeHtml(row.id)}</code>${row.kind === 'optional' ? ' (optional)' : ''}${title}</th>${entries.map((e) => cell(e, row)).join('')}</tr>`;
    })
    .join('\n');
  return `<h2>Conformance</h2>\n${renderStackTable(results)}\n<h3>By case</h3>\n${failures}\n<table class="conformance">\n<thead><tr><th>case</th>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
