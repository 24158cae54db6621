// `--reporter junit`: JUnit XML as GitLab, Jenkins and GitHub's test reporters read it. One <testsuite> per
// implementation × proxy (`reference behind varnish:revalidate`), one <testcase> per case. A required case that fails is a <failure>; a case that could not be
// prepared or that the harness could not judge is an <error> (the suite could not tell, as in TAP); an optional
// case not met is <skipped> with why, since JUnit has no TODO and those tools turn any failure red; so is a case
// that judges the origin alone, behind a proxy. The body of a
// failure is the same YAML diagnostics TAP prints. XML escaping is xmlbuilder's.

import xmlbuilder from 'xmlbuilder';
import { stackLabel } from '../../results/stack-label.js';
import type { CaseResult, ConformanceReport, ImplementationReport } from '../results.js';
import { caseDiagnostics } from './case-diagnostics.js';
import { yamlBlock } from './yaml-block.js';

interface Counts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

export function renderJunit(report: ConformanceReport): string {
  const total = report.map(countsOf).reduce(add, { tests: 0, failures: 0, errors: 0, skipped: 0 });
  // XML 1.0 cannot carry most control characters even escaped: a detail quoting a broken server's bytes must not
  // make the file unreadable.
  const root = xmlbuilder.create('testsuites', { encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  root.att({ name: 'etag-bench conformance', ...total });
  for (const implementation of report) suite(root, implementation);
  return `${root.end({ pretty: true })}\n`;
}

function suite(root: xmlbuilder.XMLElement, implementation: ImplementationReport): void {
  const time = seconds(implementation.cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0));
  const label = stackLabel(implementation);
  const element = root.ele('testsuite', { name: label, ...countsOf(implementation), time });
  for (const result of implementation.cases) testcase(element, label, result);
}

function testcase(parent: xmlbuilder.XMLElement, impl: string, result: CaseResult): void {
  const element = parent.ele('testcase', { name: `${result.id} - ${result.title}`, classname: impl, time: seconds(result.durationMs ?? 0) });
  switch (result.result) {
    case 'pass':
      return;
    case 'fail':
      element.ele('failure', { message: result.detail, type: 'required' }, yamlBlock(caseDiagnostics(result), ''));
      return;
    case 'optional fail':
      element.ele('skipped', { message: `optional, not met: ${result.detail}` });
      return;
    case 'not applicable':
      element.ele('skipped', { message: result.detail });
      return;
    case 'setup fail':
    case 'harness fail':
      element.ele('error', { message: result.detail, type: result.result }, yamlBlock(caseDiagnostics(result), ''));
  }
}

function countsOf(implementation: ImplementationReport): Counts {
  const count = (names: readonly CaseResult['result'][]) => implementation.cases.filter((c) => names.includes(c.result)).length;
  return {
    tests: implementation.cases.length,
    failures: count(['fail']),
    errors: count(['setup fail', 'harness fail']),
    skipped: count(['optional fail', 'not applicable']),
  };
}

function add(a: Counts, b: Counts): Counts {
  return { tests: a.tests + b.tests, failures: a.failures + b.failures, errors: a.errors + b.errors, skipped: a.skipped + b.skipped };
}

/** JUnit's times are seconds. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
