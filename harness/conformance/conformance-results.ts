// The conformance report as results.json keeps it (`conformance[]`): each stack's cases, with what failed in words.

import type { ConformanceResult } from '../results/types.js';
import type { ConformanceReport } from './results.js';

export function conformanceResults(report: ConformanceReport): ConformanceResult[] {
  return report.map((entry) => ({
    impl: entry.impl,
    ...(entry.proxy === undefined ? {} : { proxy: entry.proxy }),
    ...(entry.proxyVersion === undefined ? {} : { proxyVersion: entry.proxyVersion }),
    cases: entry.cases.map((c) => ({
      id: c.id,
      title: c.title,
      kind: c.kind,
      ok: c.ok,
      ...(c.result === 'not applicable' ? { notApplicable: true } : {}),
      ...(c.ok ? {} : { detail: `${c.result}: ${c.detail}` }),
    })),
  }));
}
