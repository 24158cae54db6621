// TAP 14 on stdout: a subtest per implementation (per stack behind a proxy: `reference behind varnish:revalidate`),
// a test point per case ("<id> - <title>"), YAML diagnostics on failures with the request, the status and the
// headers that failed. Optional failures are `# TODO` so they show without failing the plan; setup and harness
// failures say so and fail it (the suite could not tell); a case that judges the origin alone is `# SKIP` behind a
// proxy, with why.

import type { CaseResult, ConformanceReport, ImplementationReport } from '../results.js';
import { stackLabel } from '../../results/stack-label.js';
import { implementationConforms } from '../results.js';
import { caseDiagnostics } from './case-diagnostics.js';
import { yamlBlock } from './yaml-block.js';

const INDENT = '    ';

export function tapHeader(implementations: number, cases: number): string {
  return `TAP version 14\n# etag-bench conformance: ${cases} cases × ${implementations} implementation(s)\n`;
}

/** The header when stacks (implementation × proxy) are judged, not implementations alone. */
export function tapStacksHeader(stacks: number, cases: number): string {
  return `TAP version 14\n# etag-bench conformance: ${cases} cases × ${stacks} stack(s) (implementation × proxy)\n`;
}

/** The subtest of one implementation and its test point in the top-level plan (number `index` + 1). */
export function tapImplementation(report: ImplementationReport, index: number): string {
  const label = stackLabel(report);
  let out = `# Subtest: ${label}\n${INDENT}1..${report.cases.length}\n`;
  report.cases.forEach((result, at) => (out += testPoint(result, at + 1)));
  const counts = countResults(report.cases);
  out += `${INDENT}# ${counts}\n`;
  return `${out}${implementationConforms(report) ? 'ok' : 'not ok'} ${index + 1} - ${escapeDescription(label)}\n`;
}

export function tapFooter(implementations: number): string {
  return `1..${implementations}\n`;
}

export function renderTap(report: ConformanceReport, cases: number): string {
  return tapHeader(report.length, cases) + report.map(tapImplementation).join('') + tapFooter(report.length);
}

function testPoint(result: CaseResult, number: number): string {
  const description = escapeDescription(`${result.id} - ${result.title}`);
  if (result.result === 'pass') return `${INDENT}ok ${number} - ${description}\n`;
  if (result.result === 'not applicable') return `${INDENT}ok ${number} - ${description} # SKIP ${escapeDirective(result.detail)}\n`;
  const directive = result.kind === 'optional' && result.result !== 'harness fail' ? ` # TODO optional: ${escapeDirective(result.detail)}` : '';
  return `${INDENT}not ok ${number} - ${description}${directive}\n${yamlBlock(caseDiagnostics(result), `${INDENT}  `)}`;
}

function countResults(results: readonly CaseResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.result, (counts.get(result.result) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ${n}`).join(', ');
}

// `#` starts a directive and a newline ends the line: escape the one, flatten the other.
function escapeDescription(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/#/g, '\\#')
    .replace(/\s*\n\s*/g, ' ');
}

function escapeDirective(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
