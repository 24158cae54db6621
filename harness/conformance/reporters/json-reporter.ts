// `--reporter json`: the report as it is, `[{impl, proxy?, proxyVersion?, cases: [{id, title, rfc, kind, result, ok,
// detail, diagnostics?, durationMs?}]}]`, one entry per implementation × proxy.

import type { ConformanceReport } from '../results.js';

export function renderJson(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
